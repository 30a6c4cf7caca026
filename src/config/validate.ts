/**
 * Validation and defaulting of the `fhir-ha:` config: a pure function from the raw values (as
 * Pulumi config holds them) to a complete `FhirHaConfig`, or one error listing every problem.
 * It runs before any resource is registered.
 */
import { apiAccessProblems } from "../cloud/api-access";
import { CALENDARS } from "../cloud/calendars";
import { diskConfigProblems } from "../cloud/disk-performance";
import { checkPinnedVersion } from "../cloud/kubernetes-versions";
import { maintenanceProblems } from "../cloud/maintenance";
import { replicaProblems } from "../cloud/replica";
import { PairConfig, standbyProblems } from "./standby";
import { archiveGeneration, delayedClusterName } from "../names";
import { cnpgAdmissionProblems } from "./cnpg-admission";
import { majorUpgradeProblems } from "./major-upgrade";
import { maxIntervalHours, parseSchedule } from "./cron";
import { parseDuration, toRetentionPolicy } from "./duration";
import { fullKey, show } from "./errors";
import { POSTGRES_IMAGES } from "./pins";
import { parseQuantity } from "./quantity";
import { allKeys, CONFIG_SCHEMA, FieldSpec, Resolved, SECRET_KEYS } from "./schema";
import { placeholderProblems } from "./placeholders";
import { nearest } from "./suggest";
import { FhirConfig, FhirHaConfig } from "./types";

/** What the validator needs besides the `fhir-ha:` keys. */
export interface ConfigEnvironment {
    /** The cloud provider's region key, already read (aws:region, gcp:region, azure-native:location). */
    region?: string;
    /** Secret keys that are set in the stack (their values are never read here). */
    secretsSet?: string[];
    /**
     * Refuse documentation placeholders (src/config/placeholders.ts): set for a real deploy of a
     * stack file; the offline plan and component callers leave it off.
     */
    rejectPlaceholders?: boolean;
    /** Provider config values to check for placeholders too (`gcp:project` → value). */
    providerValues?: Record<string, string>;
    /** The day version support is judged on; default: now. Only messages depend on it. */
    today?: Date;
}

/**
 * A tier's own checks of the resolved `fhir` section (the FHIR tier's policy). Config imports no
 * tier: src/validation hands these in, so every import runs down the layers.
 */
export type FhirSectionCheck = (fhir: FhirConfig, context: { cloud: unknown; resolved: Resolved }) => string[];

/** The provider key that holds the region, per cloud. */
export const REGION_KEYS: Record<string, string> = {
    aws: "aws:region",
    gcp: "gcp:region",
    azure: "azure-native:location",
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isCidr(s: string): boolean {
    const m = CIDR.exec(s);
    return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

function asInteger(v: unknown): number | undefined {
    if (typeof v === "number" && Number.isInteger(v)) return v;
    if (typeof v === "string" && /^-?\d+$/.test(v.trim())) return Number(v.trim());
    return undefined;
}

function asBoolean(v: unknown): boolean | undefined {
    if (typeof v === "boolean") return v;
    if (v === "true") return true;
    if (v === "false") return false;
    return undefined;
}

/** Pulumi config hands objects and lists over as JSON text; accept both forms. */
function asJson(v: unknown): unknown {
    if (typeof v !== "string") return v;
    const t = v.trim();
    if (t.startsWith("{") || t.startsWith("[")) {
        try {
            return JSON.parse(t);
        } catch {
            return v;
        }
    }
    return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function unknownKeyProblem(path: string, key: string, siblings: string[]): string {
    const full = path ? `${path}.${key}` : key;
    let hint = nearest(key, siblings);
    let suggestion = hint ? (path ? `${path}.${hint}` : hint) : undefined;
    if (!suggestion) {
        // The key may be valid one level elsewhere (`fhir-ha:instances` for `database.instances`).
        const elsewhere = allKeys().filter((k) => k.split(".").pop() === key);
        if (elsewhere.length > 0) suggestion = elsewhere[0];
    }
    return `${fullKey(full)}: unknown key${suggestion ? `; did you mean ${fullKey(suggestion)}?` : ""}`;
}

class Walker {
    readonly problems: string[] = [];

    field(path: string, spec: FieldSpec, raw: unknown, resolved: Resolved): unknown {
        if (raw === undefined || raw === null) {
            if (spec.kind === "object") return this.object(path, spec.fields ?? {}, {}, resolved);
            if (spec.default === undefined) {
                this.problems.push(`${fullKey(path)}: required${spec.values ? `; one of ${spec.values.join(" | ")}` : ""}`);
                return undefined;
            }
            return typeof spec.default === "function" ? (spec.default as (r: Resolved) => unknown)(resolved) : spec.default;
        }
        const bad = (allowed: string) => {
            this.problems.push(`${fullKey(path)} = ${show(raw)}: ${allowed}`);
            return undefined;
        };
        switch (spec.kind) {
            case "object": {
                const v = asJson(raw);
                if (!isPlainObject(v)) return bad("must be an object");
                return this.object(path, spec.fields ?? {}, v, resolved);
            }
            case "string":
                return typeof raw === "string" ? raw : bad("must be a string");
            case "dnsLabel":
                if (typeof raw !== "string" || !DNS_LABEL.test(raw) || raw.length > 50) {
                    return bad("must be a lowercase DNS label (a-z, 0-9, '-'; at most 50 characters)");
                }
                return raw;
            case "enum":
                return typeof raw === "string" && spec.values!.includes(raw) ? raw : bad(`must be one of ${spec.values!.join(" | ")}`);
            case "integer": {
                const n = asInteger(raw);
                const range =
                    spec.max !== undefined ? `an integer from ${spec.min ?? 0} to ${spec.max}` : `an integer >= ${spec.min ?? 0}`;
                if (n === undefined || n < (spec.min ?? 0) || (spec.max !== undefined && n > spec.max)) return bad(`must be ${range}`);
                return n;
            }
            case "boolean": {
                const b = asBoolean(raw);
                return b === undefined ? bad("must be true or false") : b;
            }
            case "duration": {
                const secs = typeof raw === "string" ? parseDuration(raw) : undefined;
                if (secs === undefined || secs <= 0) return bad('must be a positive duration such as "90s", "5min", "12h", "30d", "1h30m"');
                return raw;
            }
            case "schedule": {
                if (typeof raw !== "string") return bad("must be daily | weekly | monthly or a 5-field cron");
                const p = parseSchedule(raw);
                return typeof p === "string" ? bad(p) : raw;
            }
            case "quantity":
                return parseQuantity(String(raw)) !== undefined && parseQuantity(String(raw))! > 0
                    ? String(raw)
                    : bad('must be a Kubernetes quantity such as "100Gi", "500m", "2"');
            case "cidr":
                return typeof raw === "string" && isCidr(raw) ? raw : bad('must be an IPv4 CIDR such as "10.0.0.0/16"');
            case "timestamp":
                return typeof raw === "string" && (raw === "" || (RFC3339.test(raw) && !Number.isNaN(Date.parse(raw))))
                    ? raw
                    : bad('must be an RFC 3339 time such as "2026-11-27T08:30:00Z"');
            case "stringList": {
                const v = asJson(raw);
                if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) return bad("must be a list of strings");
                return v;
            }
            case "zones":
                return this.zones(path, raw);
            case "envList":
                return this.envList(path, raw);
        }
    }

    /** `fhir.extraEnv`: each entry a plain value or a Secret key reference, names unique. */
    envList(path: string, raw: unknown): unknown {
        const v = asJson(raw);
        const problem = envListProblem(v);
        if (problem) {
            this.problems.push(`${fullKey(path)} = ${show(raw)}: ${problem}`);
            return undefined;
        }
        return v;
    }

    zones(path: string, raw: unknown): unknown {
        const v = asJson(raw);
        const n = asInteger(v);
        if (n !== undefined) {
            if (n >= 2 && n <= 6) return n;
            this.problems.push(`${fullKey(path)} = ${show(raw)}: must be from 2 to 6 zones (the checklist asks for 3)`);
            return undefined;
        }
        if (Array.isArray(v) && v.every((z) => typeof z === "string" && z.trim() !== "")) {
            const dupes = v.filter((z, i) => v.indexOf(z) !== i);
            if (dupes.length > 0) this.problems.push(`${fullKey(path)} = ${show(v)}: zones must be distinct (repeated: ${dupes.join(", ")})`);
            else if (v.length < 2) this.problems.push(`${fullKey(path)} = ${show(v)}: must list at least 2 zones (the checklist asks for 3)`);
            else return v;
            return undefined;
        }
        this.problems.push(`${fullKey(path)} = ${show(raw)}: must be a number of zones (at least 2) or a list of zone names`);
        return undefined;
    }

    object(path: string, fields: Record<string, FieldSpec>, raw: Record<string, unknown>, resolved: Resolved): Resolved {
        const names = Object.keys(fields);
        for (const k of Object.keys(raw)) {
            if (!(k in fields)) this.problems.push(unknownKeyProblem(path, k, names));
        }
        // Top level: the resolved object is what defaults see; nested: fill into a fresh object
        // that is attached to `resolved` before its own computed defaults run.
        const out: Resolved = path === "" ? resolved : {};
        if (path !== "") setPath(resolved, path, out);
        for (const [k, spec] of Object.entries(fields)) {
            if (spec.secret) continue;
            out[k] = this.field(path ? `${path}.${k}` : k, spec, raw[k], resolved);
        }
        return out;
    }
}

/**
 * Names Kubernetes accepts for container environment variables that both engines can read:
 * C identifiers, and Spring Boot's dotted property names (as the HAPI chart uses).
 */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function envListProblem(v: unknown): string | undefined {
    const shape = 'must be a list of {"name": ..., "value": ...} or {"name": ..., "secretName": ..., "secretKey": ...}';
    if (!Array.isArray(v)) return shape;
    const seen = new Set<string>();
    for (const [i, e] of v.entries()) {
        if (!isPlainObject(e) || typeof e.name !== "string") return `entry ${i}: ${shape}`;
        if (!ENV_NAME.test(e.name)) return `entry ${i}: ${show(e.name)} is not an environment variable name (letters, digits, '_', '.', '-'; not starting with a digit)`;
        if (seen.has(e.name)) return `entry ${i}: ${e.name} is set twice`;
        seen.add(e.name);
        const extra = Object.keys(e).filter((k) => !["name", "value", "secretName", "secretKey"].includes(k));
        if (extra.length > 0) return `entry ${i} (${e.name}): unknown field ${extra.join(", ")}; ${shape}`;
        const plain = e.value !== undefined;
        const secret = e.secretName !== undefined || e.secretKey !== undefined;
        if (plain === secret) return `entry ${i} (${e.name}): give either value, or secretName and secretKey`;
        if (plain && typeof e.value !== "string") return `entry ${i} (${e.name}): value must be a string (quote numbers and booleans)`;
        if (secret && (typeof e.secretName !== "string" || !DNS_LABEL.test(e.secretName) || typeof e.secretKey !== "string" || e.secretKey === "")) {
            return `entry ${i} (${e.name}): secretName must name a Secret in the namespace and secretKey one of its keys`;
        }
    }
    return undefined;
}

function setPath(root: Resolved, path: string, value: unknown): void {
    const parts = path.split(".");
    let o = root;
    for (const p of parts.slice(0, -1)) o = o[p] ??= {};
    o[parts[parts.length - 1]] = value;
}

/** A value of the raw config by dotted path (objects may arrive as JSON text); undefined when absent. */
function rawAt(raw: Record<string, unknown>, path: string): unknown {
    let v: unknown = raw;
    for (const part of path.split(".")) {
        v = asJson(v);
        if (!isPlainObject(v)) return undefined;
        v = v[part];
    }
    return v === undefined ? undefined : asJson(v);
}

/** Per-cloud keys replaced by `cluster.apiAccess.allowedCidrs`; an explicit [] meant a private-only endpoint. */
const LEGACY_API_CIDR_KEYS: Record<string, string> = { aws: "aws.publicAccessCidrs", gcp: "gcp.authorizedCidrs" };

/**
 * Maps deprecated keys onto the keys that replace them, so existing stacks keep their behaviour,
 * with one warning per deprecated key that is set. An explicit [] meant a private-only endpoint,
 * which nobody outside the network reaches: that must now be chosen explicitly (mode "private"),
 * never implied by an empty list.
 */
function migrateDeprecated(raw: Record<string, unknown>, c: Resolved, problems: string[], warnings: string[]): void {
    for (const [cloud, legacy] of Object.entries(LEGACY_API_CIDR_KEYS)) {
        const old = rawAt(raw, legacy);
        if (old === undefined) continue;
        if (c.cloud !== cloud) {
            warnings.push(`${fullKey(legacy)} is deprecated and ignored for cloud ${c.cloud}; use fhir-ha:cluster.apiAccess.allowedCidrs`);
            continue;
        }
        const cidrs: string[] = Array.isArray(old) ? old.filter((x): x is string => typeof x === "string") : [];
        const bad = cidrs.filter((x) => !isCidr(x));
        if (bad.length > 0) {
            problems.push(`${fullKey(legacy)} = ${show(old)}: not IPv4 CIDRs: ${bad.join(", ")} (deprecated key: use fhir-ha:cluster.apiAccess.allowedCidrs)`);
            continue;
        }
        if (rawAt(raw, "cluster.apiAccess.allowedCidrs") !== undefined || rawAt(raw, "cluster.apiAccess.mode") !== undefined) {
            // Both set: fine when they agree (a config validated before carries both), or when the
            // old key is empty (its default); otherwise the user must pick one.
            const same = JSON.stringify(cidrs) === JSON.stringify(c.cluster.apiAccess.allowedCidrs);
            if (cidrs.length > 0 && !same) problems.push(`${fullKey(legacy)}: deprecated, and fhir-ha:cluster.apiAccess.allowedCidrs differs; remove ${fullKey(legacy)}`);
            continue;
        }
        if (cidrs.length === 0) {
            problems.push(
                `${fullKey(legacy)} = []: deprecated, and an empty list meant a private-only API endpoint that no machine outside ` +
                    `the network can reach; choose it explicitly with fhir-ha:cluster.apiAccess.mode = "private" (docs/clouds/${cloud}.md), ` +
                    `or list the deploying machines' CIDRs in fhir-ha:cluster.apiAccess.allowedCidrs, and remove ${fullKey(legacy)}`,
            );
            continue;
        }
        c.cluster.apiAccess = { ...c.cluster.apiAccess, allowedCidrs: cidrs, mode: "public" };
        warnings.push(`${fullKey(legacy)} is deprecated: use fhir-ha:cluster.apiAccess.allowedCidrs`);
    }
}

/** Checks that involve more than one key. Runs only on values that passed their own checks. */
function crossChecks(c: Resolved, env: ConfigEnvironment, problems: string[], warnings: string[], fhirChecks: FhirSectionCheck[]): void {
    const db = c.database;
    const secretsSet = new Set(env.secretsSet ?? []);

    if (c.cloud && c.cloud !== "kubernetes" && !env.region) {
        problems.push(`${REGION_KEYS[c.cloud]}: required for cloud ${c.cloud} (pulumi config set ${REGION_KEYS[c.cloud]} <region>)`);
    }
    if (c.cloud === "azure" && c.zoneNames.length > 0) {
        const bad = c.zoneNames.filter((z: string) => !["1", "2", "3"].includes(z));
        if (bad.length > 0) problems.push(`fhir-ha:zones = ${show(c.zoneNames)}: Azure availability zones are "1", "2" and "3" (got ${bad.join(", ")})`);
    }
    if (c.cloud === "azure" && c.zoneCount > 3) {
        problems.push(`fhir-ha:zones = ${c.zoneCount}: Azure regions have at most 3 availability zones`);
    }
    if (typeof db?.instances === "number" && typeof db?.synchronousReplicas === "number" && db.synchronousReplicas >= db.instances) {
        problems.push(
            `fhir-ha:database.synchronousReplicas = ${db.synchronousReplicas}: must be less than fhir-ha:database.instances (${db.instances}); ` +
                "a commit cannot wait for more standbys than exist",
        );
    }
    if (typeof db?.instances === "number" && typeof c.zoneCount === "number" && db.instances > c.zoneCount) {
        problems.push(
            `fhir-ha:database.instances = ${db.instances}: at most one Postgres instance per zone, and fhir-ha:zones gives ${c.zoneCount}`,
        );
    }
    if (typeof db?.postgresVersion === "number" && !(db.postgresVersion in POSTGRES_IMAGES)) {
        problems.push(
            `fhir-ha:database.postgresVersion = ${db.postgresVersion}: CloudNativePG 1.30 supports ${Object.keys(POSTGRES_IMAGES).join(", ")}`,
        );
    }
    const memory = typeof db?.memory === "string" ? parseQuantity(db.memory) : undefined;
    if (memory !== undefined && memory < 256 * 2 ** 20) {
        problems.push(`fhir-ha:database.memory = ${show(db.memory)}: at least 256Mi (PostgreSQL gets a quarter of it as shared_buffers)`);
    }
    const cl = c.cluster;
    const sizes = [db?.storageSize, db?.walStorageSize].map((q) => (typeof q === "string" ? parseQuantity(q) : undefined));
    if (typeof db?.diskIops === "number" && typeof db?.diskThroughput === "number" && sizes.every((b) => b !== undefined)) {
        problems.push(
            ...diskConfigProblems({
                cloud: c.cloud,
                gcpDiskType: c.gcp?.diskType ?? "",
                azureDiskSku: c.azure?.diskSku ?? "",
                storageSizeBytes: sizes[0]!,
                walStorageSizeBytes: sizes[1]!,
                diskIops: db.diskIops,
                diskThroughput: db.diskThroughput,
                kubernetesVersion: typeof cl?.kubernetesVersion === "string" ? cl.kubernetesVersion : "",
            }),
        );
    }
    if (cl?.apiAccess?.mode && Array.isArray(cl.apiAccess.allowedCidrs)) problems.push(...apiAccessProblems(c.cloud, cl.apiAccess));
    if (cl?.maintenance && Array.isArray(cl.maintenance.days)) problems.push(...maintenanceProblems(cl.maintenance));
    const calendar = CALENDARS[c.cloud];
    // A calendar without entries is one not filled in yet: nothing to check a pin against.
    if (calendar && calendar.entries.length > 0 && typeof cl?.kubernetesVersion === "string") {
        const extended = c[c.cloud]?.extendedSupport === true;
        const pin = checkPinnedVersion(calendar, cl.kubernetesVersion, env.today ?? new Date(), extended);
        problems.push(...pin.problems);
        warnings.push(...pin.warnings);
    }
    if (typeof cl?.nodesPerZone === "number" && typeof cl?.maxNodesPerZone === "number" && cl.maxNodesPerZone < cl.nodesPerZone) {
        problems.push(`fhir-ha:cluster.maxNodesPerZone = ${cl.maxNodesPerZone}: must be at least fhir-ha:cluster.nodesPerZone (${cl.nodesPerZone})`);
    }
    const res = c.fhir?.resources;
    for (const r of ["cpu", "memory"]) {
        const req = res?.requests?.[r];
        const lim = res?.limits?.[r];
        if (typeof req === "string" && typeof lim === "string" && parseQuantity(lim)! < parseQuantity(req)!) {
            problems.push(`fhir-ha:fhir.resources.limits.${r} = ${show(lim)}: must be at least fhir-ha:fhir.resources.requests.${r} (${req})`);
        }
    }

    if (isPlainObject(c.fhir)) {
        for (const check of fhirChecks) problems.push(...check(c.fhir as unknown as FhirConfig, { cloud: c.cloud, resolved: c }));
    }

    const b = c.backup;
    const retention = typeof b?.retention === "string" ? parseDuration(b.retention) : undefined;
    if (retention !== undefined && toRetentionPolicy(retention) === undefined) {
        problems.push(`fhir-ha:backup.retention = ${show(b.retention)}: must be a whole number of days, such as "30d" or "5w"`);
    }
    if (retention !== undefined && typeof b?.full === "string" && typeof parseSchedule(b.full) !== "string") {
        const gap = maxIntervalHours(b.full) * 3600;
        if (retention < gap) {
            problems.push(
                `fhir-ha:backup.retention = ${show(b.retention)}: shorter than the longest gap between full backups ` +
                    `(fhir-ha:backup.full = ${show(b.full)}, up to ${Math.round(gap / 86_400)}d); a restore would have no base backup`,
            );
        }
    }
    const delay = typeof db?.delayedReplica?.delay === "string" ? parseDuration(db.delayedReplica.delay) : undefined;
    if (db?.delayedReplica?.enabled && delay !== undefined && retention !== undefined && delay >= retention) {
        problems.push(
            `fhir-ha:database.delayedReplica.delay = ${show(db.delayedReplica.delay)}: must be shorter than fhir-ha:backup.retention (${b.retention}); ` +
                "the delayed replica reads WAL the retention policy would already have deleted",
        );
    }
    const restore = db?.restore;
    if (restore?.enabled) {
        // The delayed replica of the primary's current archive generation (after a major upgrade: <cluster>-pg<major>-delayed).
        const delayedOfPrimary = delayedClusterName(archiveGeneration(db.clusterName, db.postgresVersion, db.createdWithMajor));
        const taken = [...new Set([db.clusterName, delayedClusterName(db.clusterName), delayedOfPrimary])];
        if (taken.includes(restore.clusterName)) {
            problems.push(
                `fhir-ha:database.restore.clusterName = ${show(restore.clusterName)}: must differ from ${taken.join(" and ")}; ` +
                    "a restore always goes into a NEW cluster with its own archive",
            );
        }
        const delayed = [delayedClusterName(db.clusterName), delayedOfPrimary, delayedClusterName(restore.clusterName)];
        if (restore.sourceCluster === restore.clusterName || delayed.includes(restore.sourceCluster)) {
            problems.push(
                `fhir-ha:database.restore.sourceCluster = ${show(restore.sourceCluster)}: must name a cluster whose archive holds the data ` +
                    `(default ${db.clusterName}), not the new cluster or the delayed replica, which archives nothing`,
            );
        }
    }
    if (typeof b?.replica?.region === "string") {
        problems.push(...replicaProblems({ cloud: c.cloud, region: env.region ?? "", replicaRegion: b.replica.region, gcpBucketLocation: c.gcp?.bucketLocation }));
    }
    if (typeof db?.standbyOf?.cluster === "string" && typeof b?.replica?.region === "string" && typeof db?.restore?.enabled === "boolean") {
        problems.push(...standbyProblems({ ...(c as PairConfig), region: env.region ?? "" }));
    }
    monitoringChecks(c, problems);
    problems.push(...cnpgAdmissionProblems(db));
    if (c.cloud === "kubernetes") {
        const k = c.kubernetes;
        if (k && !k.s3Endpoint) problems.push("fhir-ha:kubernetes.s3Endpoint: required for cloud kubernetes (an S3-compatible endpoint URL)");
        if (k && !k.s3Bucket) problems.push("fhir-ha:kubernetes.s3Bucket: required for cloud kubernetes");
        for (const s of ["s3AccessKeyId", "s3SecretAccessKey"]) {
            if (!secretsSet.has(s)) problems.push(`fhir-ha:${s}: required for cloud kubernetes (pulumi config set --secret fhir-ha:${s} ...)`);
        }
    }
}

/** The monitoring block's cross-key rules (docs/monitoring.md). */
function monitoringChecks(c: Resolved, problems: string[]): void {
    const m = c.monitoring;
    if (!m) return;
    if (m.mode === "googleManaged" && (c.cloud === "aws" || c.cloud === "azure")) {
        problems.push(
            `fhir-ha:monitoring.mode = "googleManaged": Google Managed Prometheus runs on GKE only (cloud gcp, or kubernetes on a GKE cluster); ` +
                `on ${c.cloud} use "install" or "existing" (docs/monitoring.md: managed Prometheus per cloud)`,
        );
    }
    if (Array.isArray(m.labels)) {
        for (const l of m.labels as string[]) {
            if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?=([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(l)) {
                problems.push(`fhir-ha:monitoring.labels: ${show(l)} is not a "key=value" Kubernetes label (e.g. "release=kube-prometheus-stack")`);
            }
        }
        if (m.alertmanagerConfigSecret && m.mode !== "install") {
            problems.push(`fhir-ha:monitoring.alertmanagerConfigSecret: only used with fhir-ha:monitoring.mode = "install" (mode is ${show(m.mode)}); route in your own Alertmanager`);
        }
        if (m.labels.length > 0 && m.mode !== "existing") {
            problems.push(`fhir-ha:monitoring.labels: only used with fhir-ha:monitoring.mode = "existing" (mode is ${show(m.mode)})`);
        }
    }
    if (typeof m.runbookBaseUrl === "string" && m.runbookBaseUrl !== "" && !m.runbookBaseUrl.endsWith("/")) {
        problems.push(`fhir-ha:monitoring.runbookBaseUrl = ${show(m.runbookBaseUrl)}: must end with "/" (the runbook file name is appended)`);
    }
}

/**
 * Component arguments (`FhirPlatformSettings`, or an already validated `FhirHaConfig`) spell the
 * zones as `zoneCount` / `zoneNames` and may carry `region`; stack config spells them as `zones`
 * (a count or a list). Map the former onto the latter so both validate the same way.
 */
function fromSettings(input: Record<string, unknown>): Record<string, unknown> {
    const { zoneCount, zoneNames, region, ...rest } = input;
    void region;
    if (rest.zones === undefined) {
        if (Array.isArray(zoneNames) && zoneNames.length > 0) rest.zones = zoneNames;
        else if (zoneCount !== undefined) rest.zones = zoneCount;
    }
    return rest;
}

export interface ConfigCheck {
    config?: FhirHaConfig;
    problems: string[];
    /** Deprecated keys in use, versions close to the end of support, placeholders the offline plan accepted. */
    warnings: string[];
}

/**
 * Validates and defaults the raw `fhir-ha:` values with the tiers' checks of their sections;
 * returns the config or every problem found. Callers use `checkConfig` (src/validation), which
 * passes every tier's checks.
 */
export function checkConfigWith(input: Record<string, unknown>, env: ConfigEnvironment, fhirChecks: FhirSectionCheck[]): ConfigCheck {
    const raw = fromSettings(input);
    if (env.region === undefined && typeof input.region === "string" && input.region !== "") env = { ...env, region: input.region };
    const w = new Walker();
    const resolved: Resolved = {};
    // `cloud` and `zones` first: other defaults (node size, replicas) depend on them.
    resolved.cloud = w.field("cloud", CONFIG_SCHEMA.cloud, raw.cloud, resolved);
    const zones = w.field("zones", CONFIG_SCHEMA.zones, raw.zones, resolved);
    resolved.zoneNames = Array.isArray(zones) ? zones : [];
    resolved.zoneCount = Array.isArray(zones) ? zones.length : typeof zones === "number" ? zones : 3;
    const rest = Object.fromEntries(Object.entries(CONFIG_SCHEMA).filter(([k]) => k !== "cloud" && k !== "zones"));
    const rawRest = Object.fromEntries(Object.entries(raw).filter(([k]) => k !== "cloud" && k !== "zones" && !SECRET_KEYS.includes(k)));
    w.object("", rest, rawRest, resolved);
    delete resolved.zones;
    resolved.region = env.region ?? "";
    const problems = [...w.problems];
    const warnings: string[] = [];
    if (problems.length === 0) migrateDeprecated(raw, resolved, problems, warnings);
    crossChecks(resolved, env, problems, warnings, fhirChecks);
    // EKS has no maintenance-window API (docs/clouds/aws.md, "Maintenance"): say so rather than accept the key silently.
    const cluster = asJson(raw.cluster);
    if (resolved.cloud === "aws" && isPlainObject(cluster) && cluster.maintenance !== undefined) {
        warnings.push(
            "fhir-ha:cluster.maintenance is ignored on cloud aws: EKS has no maintenance window; node groups and add-ons change only when you run " +
                "pulumi up (run it in your window), and an EKS-forced control-plane upgrade cannot be scheduled (docs/clouds/aws.md, Maintenance)",
        );
    }
    const db = resolved.database;
    if (problems.length === 0 && db) {
        const rawRestore = deepJson(raw.database) as { restore?: Record<string, unknown> } | undefined;
        problems.push(...majorUpgradeProblems(db, rawRestore?.restore?.sourceMajor !== undefined));
    }
    const placeholderValues = { ...prefixed(raw), ...(env.providerValues ?? {}) };
    if (env.rejectPlaceholders) problems.push(...placeholderProblems(placeholderValues));
    else warnings.push(...placeholderProblems(placeholderValues).map((p) => `placeholder: ${p}`));
    return problems.length > 0 ? { problems, warnings } : { config: resolved as FhirHaConfig, problems, warnings };
}

/** The raw values keyed by their full `fhir-ha:` key, objects given as JSON text parsed. */
function prefixed(raw: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [fullKey(k), deepJson(v)]));
}

function deepJson(v: unknown): unknown {
    const parsed = asJson(v);
    if (Array.isArray(parsed)) return parsed.map(deepJson);
    if (isPlainObject(parsed)) return Object.fromEntries(Object.entries(parsed).map(([k, x]) => [k, deepJson(x)]));
    return parsed;
}
