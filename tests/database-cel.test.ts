/**
 * Everything config validation accepts, CloudNativePG and the Barman Cloud plugin admit:
 * - the CRDs' CEL rules (`x-kubernetes-validations`, schemas/cloudnative-pg/) evaluated on every
 *   CNPG object of every shipped stack and of config variants, and the transition rules
 *   (`self == oldSelf`) on old/new pairs for config changes an operator makes;
 * - the webhook rules that are Go code, mirrored in config validation (src/config/cnpg-admission.ts)
 *   and, for schedules, checked against robfig/cron v1.2's semantics at the boundary values.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { imageProblem, imageTag } from "../src/config/cnpg-admission";
import { maxIntervalHours, parseSchedule, toCnpgSchedule } from "../src/config/cron";
import { validateConfig } from "../src/validation";
import { listStacks } from "../src/plan/stack-files";
import { FhirPlatform, FhirPlatformArgs } from "../src/platform/fhir-platform";
import { evaluate } from "@marcbachmann/cel-js";
import { celProblems, celRules } from "./support/crd-cel";
import { REPO_ROOT } from "./support/plan-cli";
import { render } from "./support/render";
import { robfigDayMatches, robfigMaxGapHours, robfigParse, robfigSchedule } from "./support/robfig-cron";
import { shippedPlan } from "./support/shipped-plans";

const CNPG = /^(postgresql|barmancloud)\.cnpg\.io\//;
const BASE = { cloud: "kubernetes", kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "fhir-backups", volumeSnapshotClass: "csi-snap" } };
const SECRETS = { s3AccessKeyId: pulumi.secret("AKIAEXAMPLE"), s3SecretAccessKey: pulumi.secret("example-secret") };

type Obj = Record<string, any>;

/** The CNPG objects a config renders, keyed by kind/name. */
async function cnpgObjects(extra: Record<string, unknown>): Promise<Map<string, Obj>> {
    const args: FhirPlatformArgs = { config: { ...BASE, ...extra } as FhirPlatformArgs["config"], secrets: SECRETS };
    const r = await render(() => new FhirPlatform("fhir", args));
    const out = new Map<string, Obj>();
    for (const res of r.resources.filter((x) => x.type.startsWith("kubernetes:") && CNPG.test(x.type.slice("kubernetes:".length)))) {
        const o = r.inputs(res.type, res.name);
        out.set(`${o.kind}/${o.metadata.name}`, o);
    }
    return out;
}

describe("the CEL evaluator and the rules it is given", () => {
    it("finds the rules of the CRDs, transition rules included", () => {
        const rules = celRules("postgresql.cnpg.io/v1", "Cluster");
        expect(rules.map((r) => r.at.join("."))).toContain("spec.postgresql.synchronous.number");
        expect(rules.find((r) => r.at.join(".") === "spec.serviceAccountName")?.transition).toBe(true);
        expect(celRules("postgresql.cnpg.io/v1", "Backup").find((r) => r.at.join(".") === "spec")?.transition).toBe(true);
    });

    it("refuses what the API server would refuse (each rule's macro or function is really evaluated)", () => {
        const cluster = (spec: Obj) => ({ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "c" }, spec });
        // self > 0
        expect(celProblems(cluster({ postgresql: { synchronous: { method: "any", number: 0 } } }))).toEqual([
            "Cluster c: .spec.postgresql.synchronous.number: The number of synchronous replicas should be greater than zero",
        ]);
        // has() on both sides
        expect(celProblems(cluster({ imageName: "x:17", imageCatalogRef: { apiGroup: "postgresql.cnpg.io", kind: "ImageCatalog", name: "c", major: 17 } }))).toEqual([
            expect.stringMatching(/^Cluster c: .*imageName.*imageCatalogRef|^Cluster c: .*imageCatalogRef.*imageName/),
        ]);
        // size() inside a dataDurability rule
        expect(celProblems(cluster({ postgresql: { synchronous: { method: "any", number: 1, dataDurability: "preferred", standbyNamesPre: ["a"] } } }))).toEqual([
            expect.stringMatching(/^Cluster c: \.spec\.postgresql\.synchronous: .*standbyNamesPre/),
        ]);
        const store = (spec: Obj) => ({ apiVersion: "barmancloud.cnpg.io/v1", kind: "ObjectStore", metadata: { name: "s" }, spec });
        // !has(self.serverName)
        expect(celProblems(store({ configuration: { destinationPath: "s3://b/p", serverName: "x" } }))).toEqual([expect.stringMatching(/^ObjectStore s: .*serverName/)]);
        // exists() + startsWith()
        expect(celProblems(store({ configuration: { destinationPath: "s3://b/p" }, instanceSidecarConfiguration: { additionalContainerArgs: ["--log-level=debug"] } }))).toEqual([
            expect.stringMatching(/^ObjectStore s: .*additionalContainerArgs.*log-level|^ObjectStore s: .*log-level/),
        ]);
        expect(celProblems(store({ configuration: { destinationPath: "s3://b/p" }, instanceSidecarConfiguration: { additionalContainerArgs: ["--x"] } }))).toEqual([]);
        // Transition rules: only on update, and they compare old with new.
        const sb = (cluster: string) => ({ apiVersion: "postgresql.cnpg.io/v1", kind: "ScheduledBackup", metadata: { name: "w" }, spec: { schedule: "0 0 1 * * 0", cluster: { name: cluster } } });
        expect(celProblems(sb("b"))).toEqual([]);
        expect(celProblems(sb("b"), sb("b"))).toEqual([]);
        expect(celProblems(sb("b"), sb("a"))).toEqual(["ScheduledBackup w: .spec.cluster: cluster reference is immutable after creation"]);
        const backup = (method: string) => ({ apiVersion: "postgresql.cnpg.io/v1", kind: "Backup", metadata: { name: "b" }, spec: { cluster: { name: "c" }, method } });
        expect(celProblems(backup("volumeSnapshot"), backup("plugin"))).toEqual(["Backup b: .spec: BackupSpec is immutable once set"]);
    });
});

describe("every CNPG object rendered passes the CRDs' CEL rules", () => {
    it.each(listStacks(path.join(REPO_ROOT, "stacks")))("shipped stack %s", (stack) => {
        const plan = shippedPlan<{ resources: { type: string; inputs: Obj }[] }>(stack);
        const objs = plan.resources.filter((r) => r.type.startsWith("kubernetes:") && CNPG.test(String(r.inputs.apiVersion)));
        expect(objs.length).toBeGreaterThan(0);
        expect(objs.flatMap((r) => celProblems(r.inputs))).toEqual([]);
    });

    const variants: Record<string, Record<string, unknown>> = {
        defaults: {},
        restore: { database: { restore: { enabled: true, targetTime: "2026-08-20T09:29:00.123456Z" } } },
        "restore from another stack": { database: { restore: { enabled: true, sourceCluster: "fhir-db-eu", clusterName: "fhir-db-2" } } },
        "single instance": { zones: 2, database: { instances: 1, synchronousReplicas: 0, delayedReplica: { enabled: false } } },
        "sync 2 of 4": { zones: 4, database: { instances: 4, synchronousReplicas: 2 } },
        "schedules at their bounds": { backup: { full: "59 23 31 12 7", incremental: "0 0 1 1 0", retention: "400d" } },
        "after a major upgrade, restoring the old generation": { database: { postgresVersion: 18, restore: { enabled: true, sourceMajor: 17 } } },
    };
    it.each(Object.keys(variants))("config variant: %s", async (name) => {
        const objs = await cnpgObjects(variants[name]);
        expect(objs.size).toBeGreaterThan(0);
        expect([...objs.values()].flatMap((o) => celProblems(o))).toEqual([]);
    });
});

describe("transition rules hold for the config changes an operator makes", () => {
    // [from, to]: each object present in both is an update and must pass self == oldSelf rules.
    const changes: Record<string, [Record<string, unknown>, Record<string, unknown>]> = {
        "start a restore": [{}, { database: { restore: { enabled: true, targetTime: "2026-08-20T09:29:00Z" } } }],
        "end a restore": [{ database: { restore: { enabled: true } } }, {}],
        "resize the instances": [{}, { database: { cpu: "4", memory: "16Gi", storageSize: "200Gi", walStorageSize: "40Gi" } }],
        "change the schedules and retention": [{}, { backup: { full: "daily", incremental: "0 */6 * * *", retention: "60d" } }],
        "change the delay": [{}, { database: { delayedReplica: { delay: "24h" } } }],
        "turn off the delayed replica": [{}, { database: { delayedReplica: { enabled: false } } }],
        "upgrade the major": [{}, { database: { postgresVersion: 18 } }],
    };
    it.each(Object.keys(changes))("%s", async (name) => {
        const [from, to] = changes[name];
        const before = await cnpgObjects(from);
        const after = await cnpgObjects(to);
        const updated = [...after.keys()].filter((k) => before.has(k));
        expect(updated.length).toBeGreaterThan(0);
        expect(updated.flatMap((k) => celProblems(after.get(k)!, before.get(k)!))).toEqual([]);
    });
});

describe("a restore is fixed once created: the namespace's ValidatingAdmissionPolicy (evaluated here with the CEL evaluator)", () => {
    const restore = (r: Record<string, unknown>) => ({ database: { restore: { enabled: true, targetTime: "2026-08-20T09:29:00Z", ...r } } });
    let policy: Obj;
    let binding: Obj;
    let first: Map<string, Obj>;
    beforeAll(async () => {
        const r = await render(() => new FhirPlatform("fhir", { config: { ...BASE, ...restore({}) } as FhirPlatformArgs["config"], secrets: SECRETS }));
        policy = r.kind("ValidatingAdmissionPolicy")[0];
        binding = r.kind("ValidatingAdmissionPolicyBinding")[0];
        first = await cnpgObjects(restore({}));
    }, 60_000);
    /** Whether the API server admits updating `old` to `now` (matchConditions, then validations). */
    const admits = (old: Obj, now: Obj) => {
        const vars = { oldObject: old, object: now };
        if (!policy.spec.matchConditions.every((c: Obj) => evaluate(c.expression, vars) === true)) return true;
        return policy.spec.validations.every((v: Obj) => evaluate(v.expression, vars) === true);
    };

    it("binds to Cluster updates in the stack's namespace only, and denies", () => {
        expect(policy.spec.matchConstraints.resourceRules).toEqual([
            { apiGroups: ["postgresql.cnpg.io"], apiVersions: ["v1"], operations: ["UPDATE"], resources: ["clusters"] },
        ]);
        expect(binding.spec).toEqual({
            policyName: policy.metadata.name,
            validationActions: ["Deny"],
            matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "fhir" } } },
        });
        expect(policy.spec.validations[0].message).toMatch(/set a new fhir-ha:database\.restore\.clusterName/);
    });

    it("refuses a changed target time or source on the existing restore cluster", async () => {
        const old = first.get("Cluster/fhir-db-restore")!;
        const retargeted = (await cnpgObjects(restore({ targetTime: "2026-08-20T10:00:00Z" }))).get("Cluster/fhir-db-restore")!;
        expect(admits(old, retargeted)).toBe(false);
        const untargeted = (await cnpgObjects(restore({ targetTime: "" }))).get("Cluster/fhir-db-restore")!;
        expect(admits(old, untargeted)).toBe(false);
        const resourced = (await cnpgObjects(restore({ sourceCluster: "fhir-db-old-region" }))).get("Cluster/fhir-db-restore")!;
        expect(admits(old, resourced)).toBe(false);
    }, 60_000);

    it("admits every other change of the restore cluster, and any change of the primary and the delayed replica", async () => {
        const bigger = await cnpgObjects({ ...restore({}), database: { ...restore({}).database, storageSize: "50Gi" } });
        expect(admits(first.get("Cluster/fhir-db-restore")!, bigger.get("Cluster/fhir-db-restore")!)).toBe(true);
        const delayed = first.get("Cluster/fhir-db-restore-delayed")!;
        const repointed = { ...delayed, spec: { ...delayed.spec, externalClusters: [{ name: "replica-source", plugin: { name: "x" } }] } };
        expect(admits(delayed, repointed)).toBe(true);
        const primary = first.get("Cluster/fhir-db")!;
        expect(admits(primary, { ...primary, spec: { ...primary.spec, instances: 5 } })).toBe(true);
    }, 60_000);
});

describe("webhook rules that are Go code, mirrored at config time", () => {
    const base = { ...BASE, kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "b" } };
    const secrets = { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] };
    const problems = (extra: Record<string, unknown>) => {
        try {
            validateConfig({ ...base, ...extra }, secrets);
            return "";
        } catch (e) {
            return (e as Error).message;
        }
    };

    it("Cluster names: a DNS-1035 label of at most 50 characters (validateName), derived names included", () => {
        expect(problems({ database: { clusterName: "1db" } })).toMatch(/fhir-ha:database\.clusterName = "1db": a CloudNativePG Cluster name must start with a letter/);
        expect(problems({ database: { restore: { enabled: true, clusterName: "9-restore" } } })).toMatch(/fhir-ha:database\.restore\.clusterName = "9-restore"/);
        // The CronJob <cluster>-snapshot-pruner (52 characters at most) keeps the name to 36.
        expect(problems({ database: { clusterName: "a".repeat(36) } })).toBe("");
        expect(problems({ database: { clusterName: "a".repeat(37) } })).toMatch(/at most 36 characters, so that the CronJob a{37}-snapshot-pruner/);
        // A restore cluster's name is checked only while a restore is on.
        expect(problems({ database: { restore: { clusterName: "a".repeat(40) } } })).toBe("");
        expect(problems({ database: { restore: { enabled: true, clusterName: "a".repeat(40) } } })).toMatch(/fhir-ha:database\.restore\.clusterName/);
    });

    it("image: a version tag (validateImageName, version.FromTag), PostgreSQL 13 or newer", () => {
        const ok = ["ghcr.io/cloudnative-pg/postgresql:17.6-standard-trixie", "registry:5000/pg/postgresql:16", `postgres:17.2@sha256:${"a".repeat(64)}`];
        for (const image of ok) expect(imageProblem(image), image).toBeUndefined();
        expect(imageTag("postgres")).toBe("latest");
        expect(imageTag("registry:5000/postgres")).toBe("latest");
        expect(imageProblem("ghcr.io/cloudnative-pg/postgresql")).toMatch(/'latest'/);
        expect(imageProblem("postgres:latest")).toMatch(/'latest'/);
        expect(imageProblem(`ghcr.io/x/postgresql@sha256:${"b".repeat(64)}`)).toMatch(/digest only/);
        expect(imageProblem("ghcr.io/x/postgresql:trixie")).toMatch(/does not start with one/);
        expect(imageProblem("postgres:12.20")).toMatch(/13 or newer/);
        expect(problems({ database: { image: "postgres:latest" } })).toMatch(/fhir-ha:database\.image = "postgres:latest": CloudNativePG refuses the tag 'latest'/);
    });

    it("synchronous number < instances (validateSynchronousReplicaConfiguration) and > 0 (CEL): 0 renders no block", () => {
        expect(problems({ zones: 3, database: { instances: 3, synchronousReplicas: 3 } })).toMatch(/fhir-ha:database\.synchronousReplicas = 3: must be less than/);
        expect(problems({ zones: 3, database: { instances: 3, synchronousReplicas: 2 } })).toBe("");
    });

    describe("backup schedules against robfig/cron v1.2 (the ScheduledBackup webhook's parser)", () => {
        const sameTimes = (config: string) => {
            const ours = parseSchedule(config);
            if (typeof ours === "string") throw new Error(ours);
            const theirs = robfigParse(toCnpgSchedule(config));
            expect(theirs[0], `${config}: seconds`).toEqual([0]);
            expect(theirs.slice(1), `${config}: ${toCnpgSchedule(config)}`).toEqual(ours.sets);
        };

        it("the robfig mirror refuses day of week 7, as robfig does", () => {
            expect(() => robfigParse("0 0 1 * * 7")).toThrow(/above maximum \(6\)/);
            expect(() => robfigParse("0 0 1 * * 1-7")).toThrow(/above maximum/);
            expect(robfigParse("0 0 1 * * sun")[5]).toEqual([0]);
            expect(robfigParse("0 0 1 * *")[5]).toEqual([0, 1, 2, 3, 4, 5, 6]);
        });

        it.each([
            "daily",
            "weekly",
            "monthly",
            "0 0 1 1 0",
            "59 23 31 12 6",
            "59 23 31 12 7",
            "0 3 * * 1-7",
            "0 3 * * 5-7",
            "0 3 * * 7,1",
            "0 3 * * */7",
            "0 3 * * 1/3",
            "0 3 * * */2",
            "*/15 * * * *",
            "5/20 0-23/6 1-31/10 jan-dec/3 mon-fri",
            "0 1 * * SUN",
        ])("%s is admitted and fires at the same times", (config) => {
            expect(parseSchedule(config)).not.toBeTypeOf("string");
            sameTimes(config);
        });

        it("the day fields combine as robfig's dayMatches does: AND when either has the star bit, OR otherwise", () => {
            const on = (spec: string, iso: string) => robfigDayMatches(robfigSchedule(spec), new Date(iso));
            // Star bit on day of month: Mondays (2026-08-17, 2026-08-24) with an odd date only.
            expect(on("0 0 1 */2 * 1", "2026-08-17T01:00:00Z")).toBe(true);
            expect(on("0 0 1 */2 * 1", "2026-08-24T01:00:00Z")).toBe(false);
            expect(on("0 0 1 */2 * 1", "2026-08-19T01:00:00Z")).toBe(false);
            // No star bit on either: the 15th, or any listed weekday.
            expect(on("0 0 1 15 * 1", "2026-08-15T01:00:00Z")).toBe(true);
            expect(on("0 0 1 15 * 1", "2026-08-17T01:00:00Z")).toBe(true);
            expect(on("0 0 1 15 * *", "2026-08-17T01:00:00Z")).toBe(false);
        });

        it("0 1 15 * 0-7 is rendered as a list (no star bit), so CNPG runs it every day, as validated", () => {
            expect(toCnpgSchedule("0 1 15 * 0-7")).toBe("0 0 1 15 * 0,1,2,3,4,5,6");
            expect(robfigMaxGapHours(toCnpgSchedule("0 1 15 * 0-7"))).toBe(24);
            expect(maxIntervalHours("0 1 15 * 0-7")).toBe(24);
        });

        it("0 1 */2 * 1 runs on Mondays with an odd date: its validated gap is robfig's 21 days, longer than a 14-day retention", () => {
            const gap = robfigMaxGapHours(toCnpgSchedule("0 1 */2 * 1"));
            expect(gap).toBe(21 * 24);
            expect(maxIntervalHours("0 1 */2 * 1")).toBe(gap);
            expect(problems({ backup: { full: "0 1 */2 * 1", retention: "14d" } })).toMatch(/fhir-ha:backup\.retention = "14d": shorter than .* up to 21d/);
        });

        it.each([
            "daily",
            "weekly",
            "monthly",
            "0 1 15 * 1",
            "0 1 1,15 * 0",
            "0 1 */10 * *",
            "0 3 * * 1/3",
            "0 3 * * */2",
            "0 1 1-7 * 1",
            "0 1 */3 * 1-5",
        ])("%s: the validated maximum gap is the one robfig runs", (config) => {
            expect(maxIntervalHours(config)).toBe(robfigMaxGapHours(toCnpgSchedule(config)));
        });

        it.each(["60 * * * *", "0 24 * * *", "0 0 0 * *", "0 0 32 * *", "0 0 * 0 *", "0 0 * 13 *", "0 0 * * 8", "0 0 * * * *"])(
            "%s is refused at config time, naming the key",
            (config) => {
                expect(problems({ backup: { full: config } })).toMatch(/fhir-ha:backup\.full/);
            },
        );
    });
});

describe("the shipped plans' schedules", () => {
    let schedules: string[] = [];
    beforeAll(() => {
        schedules = listStacks(path.join(REPO_ROOT, "stacks")).flatMap((stack) =>
            shippedPlan<{ resources: { inputs: Obj }[] }>(stack)
                .resources.filter((r) => r.inputs.kind === "ScheduledBackup")
                .map((r) => r.inputs.spec.schedule as string),
        );
    });
    it("all parse with robfig/cron v1.2 and have six fields", () => {
        expect(schedules.length).toBeGreaterThan(0);
        for (const s of schedules) {
            expect(s.split(" ")).toHaveLength(6);
            expect(() => robfigParse(s), s).not.toThrow();
        }
    });
});
