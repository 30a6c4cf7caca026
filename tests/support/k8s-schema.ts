/**
 * Validates built-in Kubernetes objects against the Kubernetes OpenAPI schema, using the
 * validators `kubernetes-models` generates from it (one model class per apiVersion/kind).
 *
 * Those validators check types, enums and required fields but accept fields the schema does not
 * have, and the API server silently prunes such fields: a typo (`replica:`) or a field at the
 * wrong level would be lost without a word. So the validator also runs over a proxy that records
 * which fields it looked at; a field it never looked at is not in the schema. Maps (labels,
 * Secret data) are enumerated by the validator, which marks all their keys as known.
 */
import { createRequire } from "module";

const requireModel = createRequire(__filename);

interface ModelClass {
    prototype: { validate(this: unknown): void };
}

/** `apps/v1` → `kubernetes-models/apps/v1`; core `v1` → `kubernetes-models/v1`. */
function modelModule(apiVersion: string): string {
    return `kubernetes-models/${apiVersion}`;
}

function modelClass(apiVersion: string, kind: string): ModelClass | undefined {
    if (!/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
    let mod: Record<string, unknown>;
    try {
        mod = requireModel(modelModule(apiVersion)) as Record<string, unknown>;
    } catch {
        return undefined;
    }
    const cls = mod[kind] as (ModelClass & { apiVersion?: string; kind?: string }) | undefined;
    // The module also exports nested types (DeploymentSpec); only top-level kinds carry apiVersion/kind.
    return cls && cls.apiVersion === apiVersion && cls.kind === kind ? cls : undefined;
}

/** True when `kubernetes-models` has a schema for this apiVersion/kind (a built-in API). */
export function isBuiltInKind(apiVersion: string, kind: string): boolean {
    return modelClass(apiVersion, kind) !== undefined;
}

interface Tracked {
    proxy: unknown;
    /** Per object path: the keys the validator read, and whether it enumerated them all. */
    seen: Map<string, { read: Set<string>; enumerated: boolean }>;
}

/** Wraps `value` so every property read and enumeration is recorded under its JSON path. */
function track(value: unknown): Tracked {
    const seen: Tracked["seen"] = new Map();
    const wrap = (v: unknown, at: string): unknown => {
        if (!v || typeof v !== "object") return v;
        const entry = { read: new Set<string>(), enumerated: false };
        seen.set(at, entry);
        const cache = new Map<string, unknown>();
        return new Proxy(v as object, {
            get(target, key, receiver) {
                const child = Reflect.get(target, key, receiver);
                if (typeof key !== "string") return child;
                entry.read.add(key);
                if (!Object.prototype.hasOwnProperty.call(target, key)) return child;
                if (!cache.has(key)) cache.set(key, wrap(child, `${at}/${key}`));
                return cache.get(key);
            },
            ownKeys(target) {
                entry.enumerated = true;
                return Reflect.ownKeys(target);
            },
        });
    };
    return { proxy: wrap(value, ""), seen };
}

/** Paths of fields in `value` that the validator never looked at. */
function unreadFields(value: unknown, seen: Tracked["seen"], at = ""): string[] {
    if (!value || typeof value !== "object") return [];
    const entry = seen.get(at);
    // A sub-object the validator never entered: it already reported the parent field as unknown.
    if (!entry) return [];
    const found: string[] = [];
    const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
    for (const key of keys) {
        const child = (value as Record<string, unknown>)[key];
        if (child === undefined) continue;
        if (!Array.isArray(value) && !entry.enumerated && !entry.read.has(key)) {
            found.push(`${at}/${key}`);
            continue;
        }
        found.push(...unreadFields(child, seen, `${at}/${key}`));
    }
    return found;
}

/** The value at a JSON pointer-like path (`/spec/replicas`). */
function valueAt(obj: unknown, path: string): unknown {
    return path
        .split("/")
        .filter((p) => p !== "")
        .reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), obj);
}

/**
 * Problems of one built-in object: schema violations (`/spec/replicas must be integer`) and
 * fields the schema does not have (`unknown field /spec/replica`). Empty when valid. A violation
 * at a value listed in `placeholders` is not reported: the plan writes "[unknown]" where only a
 * deploy knows the value, and that stand-in is not the value's type. Throws for a kind
 * `kubernetes-models` does not know (check with `isBuiltInKind` first).
 */
export function k8sSchemaProblems(obj: Record<string, unknown>, placeholders: string[] = []): string[] {
    const apiVersion = String(obj.apiVersion);
    const kind = String(obj.kind);
    const cls = modelClass(apiVersion, kind);
    if (!cls) throw new Error(`no Kubernetes schema for ${apiVersion} ${kind}`);
    const { proxy, seen } = track(obj);
    const problems: string[] = [];
    try {
        cls.prototype.validate.call(proxy);
    } catch (e) {
        // The thrown error carries Ajv's error list (messages already rendered in English).
        const errors = (e as { errors?: { instancePath: string; message?: string }[] }).errors ?? [];
        if (errors.length === 0) problems.push((e as Error).message);
        for (const x of errors) {
            const value = valueAt(obj, x.instancePath);
            if (typeof value === "string" && placeholders.includes(value)) continue;
            problems.push(`${x.instancePath || "/"} ${x.message ?? "is invalid"}`);
        }
    }
    problems.push(...unreadFields(obj, seen).map((p) => `unknown field ${p}`));
    return problems;
}
