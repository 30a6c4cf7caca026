/**
 * Validation and defaulting of the `fhir-ha:` config: a pure function from the raw values (as
 * Pulumi config holds them) to a complete `FhirHaConfig`, or one error listing every problem.
 * It runs before any resource is registered.
 */
import { delayedClusterName } from "../names";
import { cnpgAdmissionProblems } from "./cnpg-admission";
import { maxIntervalHours, parseSchedule } from "./cron";
import { parseDuration, toRetentionPolicy } from "./duration";
import { ConfigValidationError, fullKey, show } from "./errors";
import { POSTGRES_IMAGES } from "./pins";
import { parseQuantity } from "./quantity";
import { allKeys, CONFIG_SCHEMA, FieldSpec, Resolved, SECRET_KEYS } from "./schema";
import { nearest } from "./suggest";
import { FhirHaConfig } from "./types";

/** What the validator needs besides the `fhir-ha:` keys. */
export interface ConfigEnvironment {
    /** The cloud provider's region key, already read (aws:region, gcp:region, azure-native:location). */
    region?: string;
    /** Secret keys that are set in the stack (their values are never read here). */
    secretsSet?: string[];
}

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
        }
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

function setPath(root: Resolved, path: string, value: unknown): void {
    const parts = path.split(".");
    let o = root;
    for (const p of parts.slice(0, -1)) o = o[p] ??= {};
    o[parts[parts.length - 1]] = value;
}

/** Checks that involve more than one key. Runs only on values that passed their own checks. */
function crossChecks(c: Resolved, env: ConfigEnvironment, problems: string[]): void {
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
        const taken = [db.clusterName, delayedClusterName(db.clusterName)];
        if (taken.includes(restore.clusterName)) {
            problems.push(
                `fhir-ha:database.restore.clusterName = ${show(restore.clusterName)}: must differ from ${taken.join(" and ")}; ` +
                    "a restore always goes into a NEW cluster with its own archive",
            );
        }
        const delayed = [delayedClusterName(db.clusterName), delayedClusterName(restore.clusterName)];
        if (restore.sourceCluster === restore.clusterName || delayed.includes(restore.sourceCluster)) {
            problems.push(
                `fhir-ha:database.restore.sourceCluster = ${show(restore.sourceCluster)}: must name a cluster whose archive holds the data ` +
                    `(default ${db.clusterName}), not the new cluster or the delayed replica, which archives nothing`,
            );
        }
    }
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

/** Validates and defaults the raw `fhir-ha:` values; returns the config or every problem found. */
export function checkConfig(input: Record<string, unknown>, env: ConfigEnvironment = {}): { config?: FhirHaConfig; problems: string[] } {
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
    crossChecks(resolved, env, problems);
    return problems.length > 0 ? { problems } : { config: resolved as FhirHaConfig, problems };
}

/** Validates and defaults the raw `fhir-ha:` values, throwing one error that lists every problem. */
export function validateConfig(raw: Record<string, unknown>, env: ConfigEnvironment = {}): FhirHaConfig {
    const { config, problems } = checkConfig(raw, env);
    if (!config) throw new ConfigValidationError(problems);
    return config;
}
