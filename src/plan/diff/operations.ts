/**
 * What `pulumi preview` would do with each resource of a stack, given the base commit's plan (the
 * stack's state as last deployed) and the head commit's: create, update, replace, delete or same.
 *
 * The engine's inputs to that decision, modelled here:
 *  - identity: a resource whose URN is gone but matches an alias of a new one is the same resource
 *    (renamed, not deleted and created);
 *  - the provider's diff: the input paths in the replacement data (../replacements/) force a
 *    replace; Kubernetes providers follow pulumi-kubernetes' DiffConfig (kubeconfig cluster vs
 *    clusterIdentifier);
 *  - resource options: `ignoreChanges` drops paths, `replaceOnChanges` adds forcing paths,
 *    `deleteBeforeReplace` orders a replace, `protect` makes a replace or delete an error,
 *    `retainOnDelete` keeps the cloud resource when Pulumi deletes it;
 *  - a parent of a different type, and a replaced provider, replace the resource; a move to another
 *    provider replaces it only when the new provider's DiffConfig against the old one's config
 *    says replace (pulumi/pulumi step_generator.go `providerChanged`, for explicit providers
 *    since pulumi/pulumi#18509), modelled for Kubernetes providers; other families replace;
 *  - unknowns: an input that waits for an output of a replaced resource (its ID, ARN) will change,
 *    so it counts as changed, and may force a replace in turn (cascades run to a fixpoint);
 *  - outputs of an UPDATED resource: in a preview they are unknown except what its provider keeps
 *    (../preview-outputs.ts: azure-native keeps its inputs, `id`, `name` and `location`; the
 *    bridged and Kubernetes providers keep them all), so an input computed from one counts as
 *    changed (unknown) too, and may force a replace that the `up` would not perform. Which inputs
 *    read which outputs comes from the SDK's property dependencies (`options.propertyDependencies`).
 */
import { parse } from "yaml";
import { PlanDocument, PlanResource } from "../document";
import { pathCovers, REPLACEMENTS } from "../replacements";
import { OUTPUT_DEPENDENCY_MARK } from "../mock-runtime";
import { keptInUpdatePreview } from "../preview-outputs";
import { isUnknown, UnknownSource, unknownSources } from "../unknowns";
import { diffValues, InputChange } from "./values";

export type Operation = "create" | "update" | "replace" | "delete" | "same";

export const OPERATION_MARKS: Record<Operation, string> = { create: "+", update: "~", replace: "+-", delete: "-", same: " " };

export interface ResourceOperation {
    urn: string;
    type: string;
    name: string;
    op: Operation;
    /** Changed input paths (after ignoreChanges), with before and after values. */
    changes: InputChange[];
    /** For a replace: what forced it (input paths, or `provider`, `type`, `kubeconfig cluster`). */
    replaceReasons?: string[];
    /** For a replace: the old resource is deleted before the new one is created. */
    deleteBeforeReplace?: boolean;
    /** The base URN, when this resource was matched through an alias (a rename). */
    renamedFrom?: string;
    /** For a delete (or the old half of a replace): the cloud resource stays; Pulumi only forgets it. */
    retained?: boolean;
    /** Paths that changed but are ignored (`ignoreChanges`). */
    ignored?: string[];
    /** Why `pulumi preview` would stop at this resource (a replace or delete of a protected resource). */
    error?: string;
    /** Something the offline diff cannot decide (no replacement data for the type). */
    warning?: string;
}

/** The URN an alias spec names (`{ name, type, parentUrn, noParent, project, stack }`), relative to `r`. */
export function aliasUrn(alias: Record<string, unknown>, r: PlanResource, stack: string): string | undefined {
    if (typeof alias.urn === "string") return alias.urn;
    const [, urnStack, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(r.urn) ?? [];
    const name = (alias.name as string) ?? r.name;
    const type = (alias.type as string) ?? r.type;
    const parentUrn = alias.noParent ? undefined : ((alias.parentUrn as string) ?? r.parent ?? undefined);
    const parentType = parentUrn ? parentUrn.split("::")[2] : undefined;
    const qualified = parentType && !parentType.startsWith("pulumi:pulumi:Stack") ? `${parentType}$${type}` : type;
    return `urn:pulumi:${(alias.stack as string) ?? urnStack ?? stack}::${(alias.project as string) ?? project}::${qualified}::${name}`;
}

/** The cluster a kubeconfig's current context points at (server, CA, TLS name), or undefined. */
function kubeconfigCluster(kubeconfig: unknown): string | undefined {
    const text = isUnknown(kubeconfig) ? kubeconfig.template : kubeconfig;
    if (typeof text !== "string") return undefined;
    try {
        const doc = parse(text) as Record<string, any>;
        const context = (doc.contexts ?? []).find((c: any) => c?.name === doc["current-context"])?.context ?? doc.contexts?.[0]?.context;
        const cluster = (doc.clusters ?? []).find((c: any) => c?.name === context?.cluster)?.cluster ?? doc.clusters?.[0]?.cluster;
        return cluster ? JSON.stringify(cluster) : undefined;
    } catch {
        return undefined;
    }
}

/**
 * pulumi-kubernetes' DiffConfig (provider.go; testdata/diffconfig/*): with `clusterIdentifier`
 * set, only a change of it replaces the provider; without it, a kubeconfig that now points at
 * another cluster, or one unknown until deploy that changed, replaces the provider.
 */
function kubernetesProviderReplaces(before: PlanResource, after: PlanResource, changes: InputChange[]): string[] {
    const id = (r: PlanResource) => r.inputs.clusterIdentifier;
    if (id(before) !== undefined || id(after) !== undefined) {
        // An identifier unknown in the preview (it waits for an updated cluster's outputs) is a
        // change too: DiffConfig skips the replace only for a known, equal identifier.
        const changed = JSON.stringify(id(before)) !== JSON.stringify(id(after)) || changes.some((c) => c.path === "clusterIdentifier");
        return changed ? ["clusterIdentifier"] : [];
    }
    if (!changes.some((c) => c.path === "kubeconfig" || c.path.startsWith("kubeconfig."))) return [];
    const b = kubeconfigCluster(before.inputs.kubeconfig);
    const a = kubeconfigCluster(after.inputs.kubeconfig);
    const changedUnknown = changes.some((c) => c.path === "kubeconfig" && isUnknown(c.after) && c.after.template === undefined);
    if (changedUnknown || b === undefined || a === undefined || a !== b) return ["kubeconfig (its cluster changed or is unknown; no clusterIdentifier)"];
    return [];
}

/** Whether pulumi-kubernetes replaces a named object delete-first (its name is fixed, so two cannot coexist). */
function kubernetesNamed(r: PlanResource): boolean {
    return r.type.startsWith("kubernetes:") && typeof (r.inputs.metadata as Record<string, unknown> | undefined)?.name === "string";
}

function ignoredBy(ignore: string[], path: string): boolean {
    return ignore.some((i) => i === "*" || pathCovers(i, path) && path.length >= i.length);
}

interface Pair {
    before: PlanResource;
    after: PlanResource;
    renamedFrom?: string;
}

export function planOperations(base: PlanDocument, head: PlanDocument): ResourceOperation[] {
    const baseByUrn = new Map(base.resources.map((r) => [r.urn, r]));
    const headUrns = new Set(head.resources.map((r) => r.urn));
    const headByUrn = new Map(head.resources.map((r) => [r.urn, r]));
    const pairs = new Map<string, Pair>();
    const matchedBase = new Set<string>();
    for (const r of head.resources) {
        const same = baseByUrn.get(r.urn);
        if (same) {
            pairs.set(r.urn, { before: same, after: r });
            matchedBase.add(r.urn);
            continue;
        }
        for (const a of r.options?.aliases ?? []) {
            const old = aliasUrn(a, r, head.stack);
            if (old && baseByUrn.has(old) && !headUrns.has(old) && !matchedBase.has(old)) {
                pairs.set(r.urn, { before: baseByUrn.get(old)!, after: r, renamedFrom: old });
                matchedBase.add(old);
                break;
            }
        }
    }

    // Changes per paired resource, then replacements to a fixpoint (a replaced resource's
    // outputs become unknown, which changes every input computed from them).
    const changes = new Map<string, InputChange[]>();
    const ignored = new Map<string, string[]>();
    for (const [urn, p] of pairs) {
        const all = diffValues(p.before.inputs, p.after.inputs);
        const ignore = p.after.options?.ignoreChanges ?? [];
        changes.set(urn, all.filter((c) => !ignoredBy(ignore, c.path)));
        const dropped = all.filter((c) => ignoredBy(ignore, c.path)).map((c) => c.path);
        if (dropped.length > 0) ignored.set(urn, dropped);
    }
    const replaced = new Map<string, string[]>();
    // Old URNs count too: head inputs reference the head URN, base inputs may reference the old one.
    const isReplaced = (urn: string) => replaced.has(urn);
    // An updated resource: paired, not replaced, with a change left after ignoreChanges.
    const typeOf = new Map(head.resources.map((r) => [r.urn, r.type]));
    const isUpdated = (urn: string) => !replaced.has(urn) && (changes.get(urn)?.length ?? 0) > 0;
    const unknownInPreview = (source: UnknownSource) =>
        isReplaced(source.urn) || (isUpdated(source.urn) && !keptInUpdatePreview(typeOf.get(source.urn) ?? "", source.output));
    let grew = true;
    while (grew) {
        grew = false;
        for (const [urn, p] of pairs) {
            if (replaced.has(urn)) continue;
            const list = changes.get(urn)!;
            const add = (path: string, source: UnknownSource) => {
                if (list.some((c) => pathCovers(path, c.path) && c.path.length >= path.length)) return;
                list.push({ path, before: valueAt(p.before.inputs, path), after: { unknown: true, from: [source] } });
                grew = true;
            };
            for (const { path, source } of unknownSources(p.after.inputs)) if (unknownInPreview(source)) add(path, source);
            // `<urn>#<output>` entries name the outputs an input was computed from (the plan's
            // mock runtime tags them, src/plan/mock-runtime.ts); a bare URN is a read of its `id`
            // or `urn`, which the engine keeps in every preview.
            for (const [key, deps] of Object.entries(p.after.options?.propertyDependencies ?? {})) {
                for (const dep of deps) {
                    const at = dep.indexOf(OUTPUT_DEPENDENCY_MARK);
                    if (at < 0) continue;
                    const source = { urn: dep.slice(0, at), output: dep.slice(at + 1) };
                    if (isUpdated(source.urn) && !keptInUpdatePreview(typeOf.get(source.urn) ?? "", source.output)) add(key, source);
                }
            }
            const reasons = replaceReasons(p, list, isReplaced, { before: baseByUrn, after: headByUrn });
            if (reasons.length > 0) {
                replaced.set(urn, reasons);
                grew = true;
            }
        }
    }

    const out: ResourceOperation[] = [];
    for (const r of head.resources) {
        const p = pairs.get(r.urn);
        if (!p) {
            out.push({ urn: r.urn, type: r.type, name: r.name, op: "create", changes: [], ...missingData(r) });
            continue;
        }
        const list = (changes.get(r.urn) ?? []).sort((a, b) => a.path.localeCompare(b.path));
        const reasons = replaced.get(r.urn);
        const op: Operation = reasons ? "replace" : list.length > 0 ? "update" : "same";
        const entry: ResourceOperation = { urn: r.urn, type: r.type, name: r.name, op, changes: list };
        if (p.renamedFrom) entry.renamedFrom = p.renamedFrom;
        if (ignored.has(r.urn)) entry.ignored = ignored.get(r.urn);
        if (reasons) {
            entry.replaceReasons = reasons;
            if (r.options?.deleteBeforeReplace || kubernetesNamed(r)) entry.deleteBeforeReplace = true;
            if (p.before.options?.retainOnDelete) entry.retained = true;
            if (p.before.options?.protect || r.options?.protect) {
                entry.error = `${r.type} ${r.name} is protected and would be replaced (${reasons.join(", ")}): pulumi preview stops here`;
            }
        }
        if (!reasons) {
            const immutable = Object.entries(REPLACEMENTS[r.type]?.immutable ?? {});
            const rejected = list.filter((c) => immutable.some(([path]) => pathCovers(path, c.path))).map((c) => c.path);
            if (rejected.length > 0) {
                entry.error = `${r.type} ${r.name}: the API server rejects this update (${rejected.join(", ")} immutable: ${immutable.map(([, src]) => src)[0]}); set replaceOnChanges for it`;
            }
        }
        Object.assign(entry, op === "same" ? {} : missingData(r));
        out.push(entry);
    }
    for (const r of base.resources) {
        if (matchedBase.has(r.urn)) continue;
        const entry: ResourceOperation = { urn: r.urn, type: r.type, name: r.name, op: "delete", changes: [] };
        if (r.options?.retainOnDelete) entry.retained = true;
        if (r.options?.protect) entry.error = `${r.type} ${r.name} is protected and would be deleted: pulumi preview stops here`;
        out.push(entry);
    }
    return out;
}

function missingData(r: PlanResource): Partial<ResourceOperation> {
    return REPLACEMENTS[r.type] ? {} : { warning: `no replacement data for ${r.type}: this diff cannot tell an update from a replace` };
}

/**
 * Whether moving a resource from provider `from` to provider `to` replaces it: the engine calls
 * the new provider's DiffConfig with the old provider's config (step_generator.go
 * `providerChanged`). Kubernetes providers: `kubernetesProviderReplaces`. Anything else, or a
 * provider not in the plans: a replace, as before pulumi/pulumi#18509.
 */
function providerMoveReplaces(from: string, to: string, providers: { before: Map<string, PlanResource>; after: Map<string, PlanResource> }): string[] {
    const old = providers.before.get(from);
    const now = providers.after.get(to);
    if (!old || !now || old.type !== now.type || REPLACEMENTS[now.type]?.provider !== "kubernetes-cluster") return ["provider"];
    const replaces = kubernetesProviderReplaces(old, now, diffValues(old.inputs, now.inputs));
    return replaces.length > 0 ? [`provider (moved; its DiffConfig replaces: ${replaces.join(", ")})`] : [];
}

function replaceReasons(
    p: Pair,
    list: InputChange[],
    isReplaced: (urn: string) => boolean,
    providers: { before: Map<string, PlanResource>; after: Map<string, PlanResource> },
): string[] {
    const { before, after } = p;
    const reasons: string[] = [];
    if (before.type !== after.type) reasons.push("type");
    const entry = REPLACEMENTS[after.type];
    if (entry?.component) return reasons;
    const providerBefore = before.options?.provider;
    const providerAfter = after.options?.provider;
    if (providerAfter && isReplaced(providerAfter)) reasons.push("provider (replaced)");
    else if (providerBefore !== undefined && providerAfter !== undefined && providerBefore !== providerAfter && !p.renamedFrom) {
        reasons.push(...providerMoveReplaces(providerBefore, providerAfter, providers));
    }
    const rules = [...Object.keys(entry?.replaceOn ?? {}), ...(after.options?.replaceOnChanges ?? [])];
    for (const c of list) if (rules.some((rule) => pathCovers(rule, c.path))) reasons.push(c.path);
    if (entry?.provider === "kubernetes-cluster") {
        reasons.push(...kubernetesProviderReplaces(before, after, list));
        // A kubeconfig is a secret: the plan shows "[secret]", not which outputs it waits for.
        // The provider's dependencies say it: a replaced cluster makes the kubeconfig unknown,
        // which DiffConfig treats as a change of cluster unless clusterIdentifier is set.
        const replacedDependency = (after.options?.dependencies ?? []).find((d) => isReplaced(d));
        const identified = after.inputs.clusterIdentifier !== undefined || before.inputs.clusterIdentifier !== undefined;
        if (replacedDependency && !identified) reasons.push(`kubeconfig (its cluster ${replacedDependency.split("::").pop()} is replaced; no clusterIdentifier)`);
    }
    return [...new Set(reasons)];
}

function valueAt(value: unknown, path: string): unknown {
    let v: any = value;
    for (const seg of path.match(/\[[^\]]*\]|[^.[\]]+/g) ?? []) {
        if (v === undefined || v === null) return undefined;
        v = seg.startsWith("[") ? v[Number(seg.slice(1, -1))] : v[seg];
    }
    return v;
}
