/**
 * The replacement data: for each resource type this package registers, the input paths whose
 * change makes the provider replace the resource instead of updating it, each with its source.
 * One JSON file per provider family (`aws.json`, `kubernetes.json`, ...), so branches that add
 * types to different providers do not touch the same lines. Format: docs/plan.md#replacement-data.
 */
import aws from "./aws.json";
import azureNative from "./azure-native.json";
import fhirHa from "./fhir-ha.json";
import gcp from "./gcp.json";
import kubernetes from "./kubernetes.json";
import randomTls from "./random-tls.json";

export interface ReplacementEntry {
    /** Where the facts come from: provider source file, schema, docs page. */
    source: string;
    /** Input path → why it forces replacement. `*` = every input; `[*]` = any list item. */
    replaceOn: Record<string, string>;
    /**
     * Input path → source, for fields the API server refuses to update (a CRD's CEL rule
     * `self == oldSelf`). The provider does not know them, so it plans an update that fails,
     * unless the resource sets `replaceOnChanges` for the path (then: replace).
     */
    immutable?: Record<string, string>;
    /** A component resource: no provider state; its children carry the operations. */
    component?: boolean;
    /** A provider resource with a rule of its own (see `providerReplaces` in diff/operations.ts). */
    provider?: string;
}

/** The data files, by name; a type must appear in exactly one. */
export const REPLACEMENT_FILES: Record<string, { types: Record<string, ReplacementEntry> }> = {
    "aws.json": aws,
    "azure-native.json": azureNative,
    "fhir-ha.json": fhirHa,
    "gcp.json": gcp,
    "kubernetes.json": kubernetes,
    "random-tls.json": randomTls,
};

export const REPLACEMENTS: Record<string, ReplacementEntry> = Object.assign({}, ...Object.values(REPLACEMENT_FILES).map((f) => f.types));

/** The file a new entry for `type` belongs in (by the type's package). */
export function replacementFileFor(type: string): string {
    const pkg = type.startsWith("pulumi:providers:") ? "kubernetes" : type.split(":")[0];
    if (pkg === "random" || pkg === "tls") return "random-tls.json";
    return `${pkg}.json`;
}

/** Splits a path (`a.b[name].c`, `spec.containers[*].image`) into segments; list items as `[x]`. */
export function pathSegments(path: string): string[] {
    return path.match(/\[[^\]]*\]|[^.[\]]+/g) ?? [];
}

/**
 * Whether a change at `changed` is covered by the rule path `rule`: equal, below it (a leaf of a
 * forcing object), or above it (the object holding the forcing field was added or removed whole).
 */
export function pathCovers(rule: string, changed: string): boolean {
    if (rule === "*") return true;
    const r = pathSegments(rule);
    const c = pathSegments(changed);
    const n = Math.min(r.length, c.length);
    for (let i = 0; i < n; i++) {
        if (r[i] === "[*]" && c[i].startsWith("[")) continue;
        if (r[i] !== c[i]) return false;
    }
    return true;
}
