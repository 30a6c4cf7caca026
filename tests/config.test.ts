import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "../src/config/errors";
import { rawFhirHaConfig } from "../src/config/load";
import { renderConfigTable } from "../src/config/docs";
import { allKeys } from "../src/config/schema";
import { checkConfig, validateConfig } from "../src/validation";
import { withTestApiAccess } from "./support/config";

const K8S_SECRETS = { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] };
const local = (extra: Record<string, unknown> = {}) => ({
    cloud: "kubernetes",
    kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "fhir-backups" },
    ...extra,
});

/** The problems for one raw config, as the user would read them. */
function problems(raw: Record<string, unknown>, env: Parameters<typeof checkConfig>[1] = K8S_SECRETS): string[] {
    return checkConfig(raw, env).problems;
}

describe("defaults", () => {
    it("fills the seed's production defaults", () => {
        const c = validateConfig(local(), K8S_SECRETS);
        expect(c.zoneCount).toBe(3);
        expect(c.fhir.replicas).toBe(3);
        expect(c.database.instances).toBe(3);
        expect(c.database.synchronousReplicas).toBe(1);
        expect(c.database.delayedReplica).toEqual({ enabled: true, delay: "12h", instances: 1 });
        expect(c.backup).toMatchObject({ full: "weekly", incremental: "daily", retention: "30d", walArchiveTimeout: "5min" });
    });

    it("derives replicas from the zone count and images from the engine", () => {
        const c = validateConfig(local({ zones: 2, database: { instances: 2 }, fhir: { engine: "hapi" } }), K8S_SECRETS);
        expect(c.fhir.replicas).toBe(2);
        expect(c.fhir.image).toMatch(/^hapiproject\/hapi:/);
    });

    it("takes a list of zones as names and count", () => {
        const c = validateConfig(
            withTestApiAccess({ cloud: "aws", zones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"] }),
            { region: "eu-central-1" },
        );
        expect(c.zoneNames).toEqual(["eu-central-1a", "eu-central-1b", "eu-central-1c"]);
        expect(c.zoneCount).toBe(3);
        expect(c.cluster.nodeSize).toBe("m6i.xlarge");
    });

    it("accepts values as Pulumi config hands them over: numbers, booleans and objects as text", () => {
        const c = validateConfig(
            local({ zones: "3", database: JSON.stringify({ instances: "3", delayedReplica: { enabled: "false" } }) }),
            K8S_SECRETS,
        );
        expect(c.zoneCount).toBe(3);
        expect(c.database.instances).toBe(3);
        expect(c.database.delayedReplica.enabled).toBe(false);
    });

    it("does not mutate its input", () => {
        const raw = local({ database: { instances: 3 } });
        const before = JSON.stringify(raw);
        validateConfig(raw, K8S_SECRETS);
        expect(JSON.stringify(raw)).toBe(before);
    });
});

describe("refusals name the full key, the value and what is allowed", () => {
    it.each([
        [{ cloud: "digitalocean" }, 'fhir-ha:cloud = "digitalocean": must be one of aws | gcp | azure | kubernetes'],
        [{ zones: 1 }, "fhir-ha:zones = 1: must be from 2 to 6 zones"],
        [{ zones: ["a", "a", "b"] }, "fhir-ha:zones = [\"a\",\"a\",\"b\"]: zones must be distinct (repeated: a)"],
        [{ fhir: { replicas: 2.5 } }, "fhir-ha:fhir.replicas = 2.5: must be an integer >= 1"],
        [{ database: { instances: -1 } }, "fhir-ha:database.instances = -1: must be an integer from 1 to 9"],
        [{ database: { synchronousReplicas: 3 } }, "fhir-ha:database.synchronousReplicas = 3: must be less than fhir-ha:database.instances (3)"],
        [{ database: { delayedReplica: { delay: "half a day" } } }, 'fhir-ha:database.delayedReplica.delay = "half a day": must be a positive duration'],
        [{ backup: { full: "0 2 * *" } }, 'fhir-ha:backup.full = "0 2 * *": expected daily, weekly, monthly or a 5-field cron'],
        [{ backup: { incremental: "0 25 * * *" } }, 'fhir-ha:backup.incremental = "0 25 * * *": hour: "25" is outside 0-23'],
        [{ backup: { retention: "5d" } }, 'fhir-ha:backup.retention = "5d": shorter than the longest gap between full backups'],
        [{ backup: { retention: "36h" } }, 'fhir-ha:backup.retention = "36h": must be a whole number of days'],
        [{ database: { storageSize: "100 gigs" } }, 'fhir-ha:database.storageSize = "100 gigs": must be a Kubernetes quantity'],
        [{ database: { postgresVersion: 12 } }, "fhir-ha:database.postgresVersion = 12: CloudNativePG 1.30 supports"],
        [{ database: { instances: 4 } }, "fhir-ha:database.instances = 4: at most one Postgres instance per zone, and fhir-ha:zones gives 3"],
        [{ database: { memory: "128Mi" } }, 'fhir-ha:database.memory = "128Mi": at least 256Mi'],
        [{ fhir: { engine: "firely" } }, 'fhir-ha:fhir.engine = "firely": must be one of aidbox | hapi'],
        [{ fhir: { expose: "nodePort" } }, 'fhir-ha:fhir.expose = "nodePort": must be one of clusterIP | loadBalancer'],
        [{ database: { delayedReplica: { delay: "31d" } } }, 'fhir-ha:database.delayedReplica.delay = "31d": must be shorter than fhir-ha:backup.retention'],
        [{ database: { restore: { enabled: true, clusterName: "fhir-db" } } }, 'fhir-ha:database.restore.clusterName = "fhir-db": must differ'],
        [{ database: { restore: { enabled: true, sourceCluster: "fhir-db-delayed" } } }, 'fhir-ha:database.restore.sourceCluster = "fhir-db-delayed": must name a cluster whose archive holds the data'],
        [{ database: { restore: { enabled: true, sourceCluster: "fhir-db-restore" } } }, 'fhir-ha:database.restore.sourceCluster = "fhir-db-restore": must name a cluster'],
        [{ database: { restore: { targetTime: "yesterday" } } }, 'fhir-ha:database.restore.targetTime = "yesterday": must be an RFC 3339 time'],
        [{ fhir: { resources: { requests: { memory: "8Gi" } } } }, 'fhir-ha:fhir.resources.limits.memory = "4Gi": must be at least fhir-ha:fhir.resources.requests.memory (8Gi)'],
    ])("%j", (extra, message) => {
        const found = problems(local(extra as Record<string, unknown>));
        expect(found.some((p) => p.startsWith(message)), `expected "${message}" in:\n${found.join("\n")}`).toBe(true);
    });

    it("suggests the nearest key for a typo, at any depth", () => {
        expect(problems(local({ databse: {} }))).toContain("fhir-ha:databse: unknown key; did you mean fhir-ha:database?");
        expect(problems(local({ database: { synchronusReplicas: 1 } }))).toContain(
            "fhir-ha:database.synchronusReplicas: unknown key; did you mean fhir-ha:database.synchronousReplicas?",
        );
        expect(problems(local({ instances: 3 }))).toContain("fhir-ha:instances: unknown key; did you mean fhir-ha:database.instances?");
        expect(problems(local({ flavour: "x" }))).toContain("fhir-ha:flavour: unknown key");
    });

    it("requires the region key of the chosen cloud", () => {
        expect(problems({ cloud: "gcp" }, {})).toEqual([expect.stringMatching(/^gcp:region: required for cloud gcp/)]);
        expect(problems(withTestApiAccess({ cloud: "azure" }), {})).toEqual([expect.stringMatching(/^azure-native:location: required/)]);
    });

    it("requires the store and its secret keys for the kubernetes target", () => {
        const found = problems({ cloud: "kubernetes" }, {});
        expect(found).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^fhir-ha:kubernetes.s3Endpoint: required/),
                expect.stringMatching(/^fhir-ha:kubernetes.s3Bucket: required/),
                expect.stringMatching(/^fhir-ha:s3AccessKeyId: required .*--secret/),
                expect.stringMatching(/^fhir-ha:s3SecretAccessKey: required/),
            ]),
        );
    });

    it("knows Azure zones are 1, 2 and 3", () => {
        expect(problems(withTestApiAccess({ cloud: "azure", zones: ["westeurope-1", "2", "3"] }), { region: "westeurope" })).toEqual([
            'fhir-ha:zones = ["westeurope-1","2","3"]: Azure availability zones are "1", "2" and "3" (got westeurope-1)',
        ]);
    });

    it("reports every problem in one error", () => {
        const raw = { cloud: "kubernetes", zones: 1, databse: {}, backup: { retention: "soon" } };
        try {
            validateConfig(raw, K8S_SECRETS);
            expect.unreachable("validation should fail");
        } catch (e) {
            expect(e).toBeInstanceOf(ConfigValidationError);
            const err = e as ConfigValidationError;
            expect(err.problems.length).toBeGreaterThanOrEqual(4);
            expect(err.message).toMatch(/^fhir-ha: invalid stack configuration \(\d+ problems\):\n  - /);
            expect(err.message).not.toMatch(/\bat \w+ \(/); // no stack frames in the message
        }
    });

    it("treats production deviations as valid config (the checklist flags them)", () => {
        const c = validateConfig(local({ zones: 2, fhir: { replicas: 1 }, database: { instances: 2, delayedReplica: { delay: "2h" } } }), K8S_SECRETS);
        expect(c.fhir.replicas).toBe(1);
        expect(c.database.delayedReplica.delay).toBe("2h");
    });
});

describe("reading stack config", () => {
    it("separates secret keys from the values it validates", () => {
        const { raw, secretsSet } = rawFhirHaConfig({
            "fhir-ha:cloud": "kubernetes",
            "fhir-ha:s3AccessKeyId": "AKIA...",
            "fhir-ha:aidboxLicense": "",
            "aws:region": "us-east-1",
        });
        expect(raw).toEqual({ cloud: "kubernetes" });
        expect(secretsSet).toEqual(["s3AccessKeyId"]);
    });

    it("docs/configuration.md holds the table generated from the schema, with every key", async () => {
        const { readFileSync } = await import("node:fs");
        const doc = readFileSync(join(__dirname, "..", "docs", "configuration.md"), "utf8");
        expect(doc, "run `npm run docs:config` after changing src/config/schema.ts").toContain(renderConfigTable());
        const keys = allKeys();
        // Every key that has no sub-keys is a row of the table.
        const leaves = keys.filter((k) => !keys.some((other) => other.startsWith(`${k}.`)));
        expect(leaves.length).toBeGreaterThan(50);
        for (const k of leaves) expect(doc).toContain(`| \`fhir-ha:${k}\` |`);
    });
});
