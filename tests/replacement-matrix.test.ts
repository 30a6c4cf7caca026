/**
 * The replacement-safety matrix: for every config key on every shipped stack, change the value to
 * another valid one, plan in-process, and diff against the stack as shipped (src/plan/diff: the
 * operation `pulumi preview` would take). Every key that replaces or deletes something must be
 * documented in src/config/replacing-keys.ts (docs/configuration.md marks it; `plan --diff` warns),
 * and stateful or foundational resources may only be replaced by a key that is plainly about them.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PENDING_REPLACEMENT_FIXES, PROTECTED_TYPES, REPLACING_KEYS } from "../src/config/replacing-keys";
import { CONFIG_SCHEMA, FieldSpec, SECRET_KEYS } from "../src/config/schema";
import { PlanDocument } from "../src/plan/document";
import { diffPlans } from "../src/plan/diff";
import { listStacks, secretPlaceholder, StackConfigMap } from "../src/plan/stack-files";
import { planInProcess } from "./support/in-process-plan";
import { shippedConfig, STACKS_DIR, validated, withKey } from "./support/replacement-matrix";

const STACKS = listStacks(STACKS_DIR);
const CLOUD_SECTIONS = ["aws", "gcp", "azure", "kubernetes"];

interface Leaf {
    key: string;
    spec: FieldSpec;
}

function leaves(fields: Record<string, FieldSpec>, prefix = ""): Leaf[] {
    return Object.entries(fields).flatMap(([k, spec]) => (spec.kind === "object" && spec.fields ? leaves(spec.fields, `${prefix}${k}.`) : [{ key: `${prefix}${k}`, spec }]));
}
const KEYS = leaves(CONFIG_SCHEMA);

function get(obj: any, key: string): unknown {
    return key.split(".").reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), obj);
}

const bumpVersion = (v: string) => v.replace(/(\d+)(?!.*\d)/, (n) => String(Number(n) + 1));
const QUANTITY_ALT = (v: string) => v.replace(/^(\d+)/, (n) => String(Number(n) * 2));

/** Other valid values to try for a key, best first: the smallest change a user would make. */
function candidates(leaf: Leaf, current: unknown, cfg: StackConfigMap): unknown[] {
    const { key, spec } = leaf;
    const special: Record<string, unknown[]> = {
        zones: [2, 4, 3],
        "cluster.nodeSize": ["m6i.2xlarge", "n2-standard-8", "Standard_D8s_v5"],
        // "" (the cloud's default) → a pinned minor the cloud's support calendar accepts today.
        "cluster.kubernetesVersion": current ? [bumpVersion(String(current))] : ["1.36", "1.35", "1.34"],
        "cluster.apiAccess.allowedCidrs": [["198.51.100.0/24"]],
        // GKE needs at least 48 h of windows in 32 days: add a day rather than take one away.
        "cluster.maintenance.days": [["friday", "saturday", "sunday"]],
        "cluster.maintenance.startTime": ["03:00"],
        "cluster.maintenance.exclusions": [["2026-12-20T00:00:00Z/2027-01-05T00:00:00Z"]],
        "fhir.clientNamespaces": [["fhir-clients"], ["fhir-apps"]],
        "fhir.corsOrigins": [["https://app.example.org"]],
        "fhir.extraEnv": [[{ name: "FHIR_HA_MATRIX", value: "1" }]],
        // Provisioned disk performance within gp3's and Premium SSD v2's limits at the shipped sizes.
        "database.diskIops": [6000],
        "database.diskThroughput": [250],
        "fhir.startupTimeout": ["10min"],
        "fhir.dbSocketTimeout": ["10min"],
        "fhir.loadBalancer.sourceRanges": [["192.168.0.0/16"]],
        "fhir.gateway.sourceNamespaces": [["gateway-system"]],
        "fhir.gateway.sourceCidrs": [["192.168.0.0/16"]],
        "fhir.gateway.authFilter": ["configuration.konghq.com/KongPlugin/fhir-oidc"],
        // The next minor of the same PostgreSQL major (CloudNativePG refuses tags it cannot order).
        "database.image": [String(current).replace(/:(\d+)\.(\d+)/, (_m, major, minor) => `:${major}.${Number(minor) + 1}`)],
        "database.restore.timeout": ["18h"],
        "monitoring.labels": [["release=kube-prometheus-stack"]],
        "monitoring.runbookBaseUrl": ["https://example.org/fhir-ha/runbooks/"],
        "fhir.image": [`${String(current).replace(/:[^:]*$/, "")}:next`],
        "fhir.baseUrl": ["https://fhir2.example.org"],
        "database.postgresVersion": [16, 18],
        "database.restore.targetTime": ["2026-11-20T08:00:00Z"],
        "database.delayedReplica.delay": ["18h"],
        "backup.retention": ["45d"],
        "backup.walArchiveTimeout": ["10min"],
        "backup.full": ["0 1 * * 6", "daily"],
        "backup.incremental": ["0 2 * * *", "0 4 * * *"],
        "aws.adminPrincipalArn": ["arn:aws:iam::123456789012:role/another-admin"],
        "aws.publicAccessCidrs": [["198.51.100.0/24"]],
        // aws-dr's VPC is 10.1.0.0/16 (a region pair's VPCs differ, for peering).
        "aws.vpcCidr": ["10.1.0.0/16", "10.2.0.0/16"],
        "aws.addonVersions": [["coredns=v1.12.4-eksbuild.1"]],
        "gcp.subnetCidr": ["10.11.0.0/20"],
        "gcp.podsCidr": ["10.28.0.0/14"],
        "gcp.servicesCidr": ["10.25.0.0/20"],
        "gcp.masterCidr": ["172.16.0.16/28"],
        "gcp.authorizedCidrs": [["198.51.100.0/24"]],
        "gcp.bucketLocation": ["EU", "US"],
        "backup.replica.region": ["eu-west-2", "europe-west3", "northeurope", ""],
        "database.standbyOf.region": ["eu-west-2"],
        // gcp-prod's bucket is the dual-region EU (backup.replica.region): its key is in KMS location europe.
        "gcp.kmsKeyName": ["projects/p/locations/europe/keyRings/r/cryptoKeys/k"],
        "azure.adminGroupObjectIds": [["00000000-0000-0000-0000-000000000001"]],
        "azure.deployerObjectId": ["5d0e4c1a-2b3c-4d5e-8f90-0a1b2c3d4e5f"],
        "azure.vnetCidr": ["10.128.0.0/12"],
        "azure.backupReaderSubnetIds": [
            ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-fhir-ha-azure-dr/providers/Microsoft.Network/virtualNetworks/vnet-fhir-ha-azure-dr/subnets/snet-nodes"],
        ],
        "kubernetes.s3Endpoint": ["http://minio2.minio.svc:9000"],
        "kubernetes.s3Region": ["eu-west-1"],
    };
    if (special[key]) return special[key].filter((v) => JSON.stringify(v) !== JSON.stringify(current));
    switch (spec.kind) {
        case "enum":
            return (spec.values ?? []).filter((v) => v !== current);
        case "boolean":
            return [!current];
        case "integer": {
            const n = Number(current ?? 1);
            return [n + 1, n - 1].filter((v) => (spec.min === undefined || v >= spec.min) && (spec.max === undefined || v <= spec.max));
        }
        case "quantity":
            return [QUANTITY_ALT(String(current))];
        case "dnsLabel":
            return [`${current || "x"}-2`];
        case "string":
            if (/^v?\d+\.\d+/.test(String(current))) return [bumpVersion(String(current))];
            if (/^https?:/.test(String(current))) return [String(current).replace("://", "://mirror.")];
            return [current ? `${current}-2` : "changed"];
        default:
            void cfg;
            return [];
    }
}

/**
 * The companion change a user must make with `key` = `value` for the stack to stay valid:
 * fewer zones need fewer instances (one per zone); the memory request equals the limit; private
 * API access has no CIDRs; a deprecated alias must equal its replacement; GKE extended support
 * lives in the EXTENDED channel; an exposure mode needs its own settings.
 */
function companionChange(key: string, value: unknown, base: any, c: StackConfigMap): StackConfigMap {
    switch (key) {
        case "zones":
            return typeof value === "number" && value < base.database.instances ? withKey(c, "database.instances", value) : c;
        case "fhir.resources.requests.memory":
            return withKey(c, "fhir.resources.limits.memory", value);
        case "fhir.resources.limits.memory":
            return withKey(c, "fhir.resources.requests.memory", value);
        case "cluster.apiAccess.mode":
            return value === "private" ? withKey(c, "cluster.apiAccess.allowedCidrs", []) : c;
        case "aws.publicAccessCidrs":
        case "gcp.authorizedCidrs":
            return withKey(c, "cluster.apiAccess.allowedCidrs", value);
        // A predefined location and a replica region are exclusive (the replica makes the dual-region).
        case "gcp.bucketLocation":
            return withKey(c, "backup.replica.region", "");
        // A region pair replicates each archive into the other's region (src/config/standby.ts).
        case "database.standbyOf.region":
            return withKey(c, "backup.replica.region", value);
        case "backup.replica.region":
            return base.database.standbyOf.cluster ? withKey(c, "database.standbyOf.region", value) : c;
        // CNPG reads a promotion token only when promoting (src/config/standby.ts).
        case "database.standbyOf.promotionToken":
            return withKey(c, "database.standbyOf.promoted", true);
        case "gcp.extendedSupport":
            return value === true ? withKey(c, "gcp.releaseChannel", "EXTENDED") : c;
        // AKS long-term support keeps one minor: it needs the patch channel (src/config/validate.ts).
        case "azure.extendedSupport":
            return value === true ? withKey(c, "azure.upgradeChannel", "patch") : c;
        // A region pair's member names the other region's archive in the form its cloud reads
        // (src/cloud/standby-archive.ts); on azure also the other stack (its resource group).
        case "database.standbyOf.cluster": {
            const archive: Record<string, string> = {
                aws: "s3://fhir-ha-matrix-archive",
                gcp: "gs://fhir-ha-matrix-archive",
                azure: "https://stfhirbkmatrix-secondary.blob.core.windows.net/cnpg-backups",
                kubernetes: "s3://fhir-ha-matrix-archive",
            };
            // The other region: where this stack's archive is replicated to (src/config/standby.ts).
            const joined = withKey(withKey(c, "database.standbyOf.archiveURL", archive[base.cloud]), "database.standbyOf.stack", "matrix-pair");
            return value ? withKey(joined, "database.standbyOf.region", base.backup.replica.region || "matrix-region") : c;
        }
        case "fhir.expose":
            if (value === "loadBalancer") {
                const https = /^https:/.test(String(base.fhir.baseUrl)) ? c : withKey(c, "fhir.baseUrl", "https://fhir.matrix.test");
                return withKey(https, "fhir.loadBalancer.sourceRanges", ["192.168.0.0/16"]);
            }
            if (value === "gateway") {
                const gw = withKey(withKey(c, "fhir.gateway.className", "matrix-gateway"), "fhir.gateway.sourceNamespaces", ["gateway-system"]);
                const tls = base.fhir.tls?.issuer === "acme" && !base.fhir.tls?.acmeEmail ? withKey(gw, "fhir.tls.acmeEmail", "ops@matrix.test") : gw;
                return /^https:/.test(String(base.fhir.baseUrl)) ? tls : withKey(tls, "fhir.baseUrl", "https://fhir.matrix.test");
            }
            return c;
        default:
            return c;
    }
}

/** Keys validation refuses to change on a cloud (the value the stack has is the only one allowed). */
const DISK_KEYS_REFUSED = {
    gcp: "refused on gcp-prod's pd-balanced, whose performance follows its size (src/cloud/disk-performance.ts); hyperdisk-balanced takes it",
    kubernetes: "refused on the kubernetes target: the brought cluster's StorageClass decides disk performance",
};
const REFUSED_ON: Record<string, Record<string, string>> = {
    "backup.replica.region": { kubernetes: "refused on the kubernetes target: the object store is not the stack's (src/cloud/replica)" },
    "backup.immutable": { gcp: "refused on gcp: a GCS retention policy would stall WAL archiving (src/clouds/gcp/bucket-policy.ts)" },
    "database.diskIops": DISK_KEYS_REFUSED,
    "database.diskThroughput": DISK_KEYS_REFUSED,
};

/**
 * The region pair's keys: read only when `database.standbyOf.cluster` is set, which joins a pair
 * (with its companion keys, companionChange); tests/lifecycle-standby.test.ts plays the pair's
 * steps. A restore is refused in a pair (one flow at a time).
 */
const PAIR_KEYS = Object.keys(CONFIG_SCHEMA.database.fields!.standbyOf.fields!).map((k) => `database.standbyOf.${k}`);
const REFUSED_IN_PAIR: Record<string, string> = {
    "database.restore.enabled": "refused in a region pair: one flow at a time (src/config/standby.ts)",
};
/**
 * The pair's cross-stack check reads the other stack's file; the matrix changes one stack alone,
 * so its plans read no other file (the check is then skipped with a warning).
 */
const NO_OTHER_STACKS = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-matrix-stacks-"));

/** Keys read only in one mode of another key: evaluated on stacks in that mode (validation refuses them elsewhere). */
const ONLY_WITH: Record<string, { key: string; value: string }> = {
    "monitoring.labels": { key: "monitoring.mode", value: "existing" },
};

interface Finding {
    stack: string;
    key: string;
    /** `op type name` of each replace or delete. */
    touched: { op: string; type: string; name: string }[];
}

const findings: Finding[] = [];
const notEvaluated: { stack: string; key: string; why: string }[] = [];
let elapsed = 0;
let plans = 0;

/** One key's change: applied to a config map (with a companion change where a user must make one). */
interface Change {
    key: string;
    apply(c: StackConfigMap): StackConfigMap;
}

beforeAll(async () => {
    const started = Date.now();
    for (const stack of STACKS) {
        const cfg = shippedConfig(stack);
        const base = validated(cfg)!;
        const basePlan = await planInProcess(stack, cfg, { stacksDir: NO_OTHER_STACKS });
        const changes: Change[] = [];
        for (const leaf of KEYS) {
            const section = leaf.key.split(".")[0];
            if (leaf.key === "cloud") {
                notEvaluated.push({ stack, key: leaf.key, why: "another cloud is another deployment: every resource is replaced (documented)" });
                continue;
            }
            if (CLOUD_SECTIONS.includes(section) && section !== base.cloud) {
                notEvaluated.push({ stack, key: leaf.key, why: `only a ${section} stack reads fhir-ha:${section}` });
                continue;
            }
            if (SECRET_KEYS.includes(leaf.key)) {
                const full = `fhir-ha:${leaf.key}`;
                if (!cfg.secretKeys.includes(full)) {
                    notEvaluated.push({ stack, key: leaf.key, why: "a secret this stack does not use" });
                    continue;
                }
                changes.push({ key: leaf.key, apply: (c) => ({ ...c, config: { ...c.config, [full]: `${secretPlaceholder(full)}-rotated` } }) });
                continue;
            }
            const refused = REFUSED_ON[leaf.key]?.[base.cloud];
            if (refused) {
                notEvaluated.push({ stack, key: leaf.key, why: refused });
                continue;
            }
            const inPair = base.database.standbyOf.cluster !== "";
            if (!inPair && PAIR_KEYS.includes(leaf.key) && leaf.key !== "database.standbyOf.cluster") {
                notEvaluated.push({ stack, key: leaf.key, why: "a region pair's key: joining a pair is several keys at once (tests/lifecycle-standby.test.ts)" });
                continue;
            }
            if (inPair && REFUSED_IN_PAIR[leaf.key]) {
                notEvaluated.push({ stack, key: leaf.key, why: REFUSED_IN_PAIR[leaf.key] });
                continue;
            }
            const only = ONLY_WITH[leaf.key];
            if (only && get(base, only.key) !== only.value) {
                notEvaluated.push({ stack, key: leaf.key, why: `only read with fhir-ha:${only.key} = "${only.value}" (this stack: "${String(get(base, only.key))}")` });
                continue;
            }
            const current = leaf.key === "zones" ? base.zoneCount : get(base, leaf.key);
            // A change some other key must follow, as a user must make it too.
            const companion = (c: StackConfigMap, v: unknown) => companionChange(leaf.key, v, base, c);
            const value = candidates(leaf, current, cfg).find((v) => validated(companion(withKey(cfg, leaf.key, v), v)) !== undefined);
            if (value === undefined) {
                notEvaluated.push({ stack, key: leaf.key, why: "no other valid value" });
                continue;
            }
            changes.push({ key: leaf.key, apply: (c) => companion(withKey(c, leaf.key, value), value) });
        }

        // Group testing keeps the matrix fast: keys documented as replacing are planned alone;
        // the others together, and a group that replaces or deletes anything (or does not
        // validate together) is split in halves until each finding has its key.
        const touchedBy = async (group: Change[]) => {
            const head = group.reduce((c, ch) => ch.apply(c), cfg);
            if (!validated(head)) return undefined;
            try {
                const plan: PlanDocument = await planInProcess(stack, head, { stacksDir: NO_OTHER_STACKS });
                return diffPlans(basePlan, plan)
                    .operations.filter((o) => o.op === "replace" || o.op === "delete")
                    .map((o) => ({ op: o.op, type: o.type, name: o.name }));
            } catch (e) {
                return e instanceof Error ? e : new Error(String(e));
            }
        };
        const run = async (group: Change[]): Promise<void> => {
            plans++;
            const touched = await touchedBy(group);
            if (Array.isArray(touched) && (touched.length === 0 || group.length === 1)) {
                for (const ch of group) findings.push({ stack, key: ch.key, touched });
                return;
            }
            if (group.length === 1) {
                notEvaluated.push({ stack, key: group[0].key, why: `no other valid value: ${touched instanceof Error ? touched.message : "invalid"}` });
                return;
            }
            const half = Math.ceil(group.length / 2);
            await run(group.slice(0, half));
            await run(group.slice(half));
        };
        const documented = changes.filter((ch) => REPLACING_KEYS[`fhir-ha:${ch.key}`] || PENDING_REPLACEMENT_FIXES.some((p) => p.key === `fhir-ha:${ch.key}`));
        for (const ch of documented) await run([ch]);
        const rest = changes.filter((ch) => !documented.includes(ch));
        // Undocumented keys should replace nothing, so they start as one group per stack: one
        // plan when that holds; each replacing key (or clash) costs about 2·log2(n) plans to find.
        if (rest.length > 0) await run(rest);
    }
    elapsed = Date.now() - started;
}, 600_000);

const allowedPending = (key: string, stack: string, type: string) =>
    PENDING_REPLACEMENT_FIXES.some((p) => p.key === `fhir-ha:${key}` && (p.type === type || p.type === "*") && (p.stacks === undefined || p.stacks.includes(stack)));

describe("replacement-safety matrix", () => {
    it("evaluates every key on every stack, or says why not", () => {
        for (const stack of STACKS) {
            for (const { key } of KEYS) {
                const done = findings.some((f) => f.stack === stack && f.key === key) || notEvaluated.some((n) => n.stack === stack && n.key === key);
                expect(done, `${stack} ${key}`).toBe(true);
            }
        }
        // A key with no valid alternative is a gap in this test, not a pass.
        expect(notEvaluated.filter((n) => n.why.startsWith("no other valid value"))).toEqual([]);
        console.log(`replacement matrix: ${findings.length} key × stack findings from ${plans} in-process plans in ${elapsed} ms; not evaluated: ${notEvaluated.length}`);
    });

    it("documents every key that replaces or deletes something (src/config/replacing-keys.ts)", () => {
        const undocumented = findings
            .filter((f) => f.touched.some((t) => !allowedPending(f.key, f.stack, t.type)) && !REPLACING_KEYS[`fhir-ha:${f.key}`])
            .map((f) => `fhir-ha:${f.key} on ${f.stack} replaces/deletes ${f.touched.map((t) => `${t.type} ${t.name}`).join(", ")}: add "fhir-ha:${f.key}" to REPLACING_KEYS`);
        expect(undocumented).toEqual([]);
    });

    it("never replaces or deletes a stateful or foundational resource with a key that is not about it", () => {
        const violations = findings.flatMap((f) =>
            f.touched
                .filter((t) => PROTECTED_TYPES.includes(t.type))
                .filter((t) => !(REPLACING_KEYS[`fhir-ha:${f.key}`]?.types ?? []).includes(t.type) && !allowedPending(f.key, f.stack, t.type))
                .map((t) => `fhir-ha:${f.key} on ${f.stack}: ${t.op} ${t.type} ${t.name}`),
        );
        expect(violations).toEqual([]);
    });

    it("keeps the documentation true: every documented key replaces what it says on some stack", () => {
        const stale = Object.entries(REPLACING_KEYS)
            .filter(([key]) => key !== "fhir-ha:cloud")
            .filter(([key, doc]) => !findings.some((f) => `fhir-ha:${f.key}` === key && f.touched.some((t) => doc.types.includes(t.type) || !PROTECTED_TYPES.includes(t.type))))
            .map(([key]) => key);
        expect(stale).toEqual([]);
        const pending = PENDING_REPLACEMENT_FIXES.filter((p) => !findings.some((f) => `fhir-ha:${f.key}` === p.key && f.touched.some((t) => t.type === p.type || p.type === "*")));
        // A pending fix that no longer shows up has been made: prune it from the list.
        expect(pending).toEqual([]);
    });
});
