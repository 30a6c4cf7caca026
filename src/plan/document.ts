/**
 * The plan of one stack as data: what `out/plan/<stack>.json` holds and what every later step
 * (tree printer, YAML writer, checklist) reads. Built from the recorder in a fixed order with
 * sorted keys, so two plans of one commit are byte-identical.
 */
import { normalize, PlannedResource, SECRET_MARK } from "./mock-runtime";
import { UnknownResolver } from "./unknowns";

export interface PlanNote {
    /** URN of the component that reported it. */
    resource: string;
    text: string;
}

export interface PlanResource {
    urn: string;
    /** Type token, e.g. `kubernetes:apps/v1:Deployment` or `fhir-ha:fhir:FhirServer`. */
    type: string;
    name: string;
    /** URN of the parent resource, or null for a top-level resource of the stack. */
    parent: string | null;
    /** false for a component resource (it has no state of its own in a provider). */
    custom?: boolean;
    /**
     * Registered inputs; secrets are "[secret]", values only a deploy can know are
     * `{ "unknown": true, "from": [{ "urn", "output" }] }` (src/plan/unknowns.ts).
     */
    inputs: Record<string, unknown>;
    /** The resource options the engine acts on, as the program registered them. */
    options?: PlanResourceOptions;
}

/**
 * How the engine treats a resource: what `pulumi preview` uses besides the inputs to decide an
 * operation. Lists are sorted; absent booleans are false.
 */
export interface PlanResourceOptions {
    /** URNs this resource waits for: explicit `dependsOn`, input dependencies, the parent's `dependsOn`. */
    dependencies: string[];
    /**
     * Per input property (top-level key), the URNs of the resources whose outputs it is computed
     * from; absent when no input reads another resource's output. In a preview, an input that
     * reads an output of an UPDATED resource may be unknown (src/plan/preview-outputs.ts).
     */
    propertyDependencies?: Record<string, string[]>;
    /** The provider reference `urn::id` (the engine's form), when one was set or inherited. */
    provider?: string;
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    deleteBeforeReplace: boolean;
    /** Earlier identities: `{ urn }`, or `{ spec: { name, type, parentUrn, noParent, stack, project } }`. */
    aliases: Record<string, unknown>[];
}

export interface PlanDocument {
    stack: string;
    cloud: string;
    /** Parents before children; siblings by type, then name. */
    resources: PlanResource[];
    /** The program's exported stack outputs, masked like inputs. */
    outputs: Record<string, unknown>;
    /**
     * The stack's config as the program read it (full keys; secrets "[secret]"), so a diff of two
     * plans can say which keys changed and warn about keys that replace resources.
     */
    config?: Record<string, string>;
    /**
     * Plain-language facts a component wants a reviewer to read, from the `notes` (string list)
     * it passes to `registerOutputs`; in tree order.
     */
    notes: PlanNote[];
    /**
     * Resource options that are not inputs but that reviewers and the checklist need: by URN, for
     * every resource registered with `protect` or `retainOnDelete` set (others are absent).
     */
    resourceOptions?: Record<string, ResourceOptionFlags>;
    /**
     * Production-readiness findings, filled by a post-processor (see `post-process.ts`); absent
     * until one is registered.
     */
    checklist?: unknown[];
    /**
     * The `@pulumi/*` SDK packages the program loaded, sorted: shows that a stack of one cloud
     * never loads another cloud's SDK. Absent for documents built without that information.
     */
    sdks?: string[];
}

export interface ResourceOptionFlags {
    protect: boolean;
    retainOnDelete: boolean;
}

/** A copy of `value` with object keys sorted at every level: stable JSON and YAML. */
export function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        return Object.fromEntries(
            Object.keys(o)
                .sort()
                .map((k) => [k, sortKeys(o[k])]),
        );
    }
    return value;
}

/** Resources in tree order: each parent before its children, siblings by type then name. */
export function treeOrder<T extends { urn: string; type: string; name: string; parent: string | null }>(resources: T[]): T[] {
    const known = new Set(resources.map((r) => r.urn));
    const children = new Map<string | null, T[]>();
    for (const r of resources) {
        // A parent that was never registered (cannot happen under the SDK, but be safe) makes the child a root.
        const parent = r.parent && known.has(r.parent) ? r.parent : null;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const ordered: T[] = [];
    const visit = (parent: string | null) => {
        const kids = [...(children.get(parent) ?? [])].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name) || a.urn.localeCompare(b.urn));
        for (const k of kids) {
            ordered.push(k);
            visit(k.urn);
        }
    };
    visit(null);
    return ordered;
}

export interface PlanInput {
    stack: string;
    cloud: string;
    resources: PlannedResource[];
    /** Stack outputs in the wire form (`pulumi.runtime.serializeProperties`). */
    outputs: Record<string, unknown>;
    /** Components' registered outputs in the wire form, by URN. */
    componentOutputs?: Map<string, Record<string, unknown>>;
    /** `@pulumi/*` packages loaded by the evaluation. */
    sdks?: string[];
    /** The stack config map and which of its keys are secrets. */
    config?: { config: Record<string, string>; secretKeys: string[] };
}

/** The `notes` a component registered, if it registered a list of strings under that name. */
function notesOf(outputs: Record<string, unknown> | undefined): string[] {
    const notes = outputs ? normalize(outputs.notes, "masked") : undefined;
    return Array.isArray(notes) ? notes.filter((n): n is string => typeof n === "string") : [];
}

/** A provider reference `urn::id` with the mock's fabricated ID taken off: only the URN is known before deploy. */
function providerUrn(ref: string | undefined): string | undefined {
    return ref ? ref.split("::").slice(0, -1).join("::") || ref : undefined;
}

function aliasOf(a: Record<string, unknown>): Record<string, unknown> {
    // The SDK's protobuf object has every oneof field; keep the one that is set.
    const spec = a.spec as Record<string, unknown> | undefined;
    if (typeof a.urn === "string" && a.urn !== "") return { urn: a.urn };
    if (!spec) return {};
    return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== "" && v !== false && v !== undefined && v !== null));
}

export function optionsOf(r: PlannedResource): PlanResourceOptions {
    return sortKeys({
        dependencies: [...(r.dependencies ?? [])].sort(),
        ...(r.propertyDependencies && Object.keys(r.propertyDependencies).length > 0 ? { propertyDependencies: r.propertyDependencies } : {}),
        ...(r.provider ? { provider: providerUrn(r.provider) } : {}),
        protect: r.protect === true,
        retainOnDelete: r.retainOnDelete === true,
        ignoreChanges: [...(r.ignoreChanges ?? [])].sort(),
        replaceOnChanges: [...(r.replaceOnChanges ?? [])].sort(),
        deleteBeforeReplace: r.deleteBeforeReplace === true,
        aliases: (r.aliases ?? []).map(aliasOf).filter((a) => Object.keys(a).length > 0),
    }) as PlanResourceOptions;
}

/** The document of a recorded plan: masked, ordered, keys sorted. */
export function buildPlanDocument(input: PlanInput): PlanDocument {
    const unknowns = new UnknownResolver(input.resources);
    const resources = treeOrder(input.resources).map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        custom: r.custom,
        inputs: sortKeys(unknowns.mark(normalize(r.raw, "masked"), new Set(r.dependencies ?? []))) as Record<string, unknown>,
        options: optionsOf(r),
    }));
    return {
        stack: input.stack,
        cloud: input.cloud,
        resources,
        outputs: sortKeys(unknowns.mark(normalize(input.outputs, "masked"))) as Record<string, unknown>,
        notes: resources.flatMap((r) => notesOf(input.componentOutputs?.get(r.urn)).map((text) => ({ resource: r.urn, text }))),
        resourceOptions: Object.fromEntries(
            treeOrder(input.resources)
                .filter((r) => r.protect || r.retainOnDelete)
                .map((r) => [r.urn, { protect: r.protect === true, retainOnDelete: r.retainOnDelete === true }]),
        ),
        ...(input.sdks ? { sdks: [...input.sdks].sort() } : {}),
        ...(input.config
            ? {
                  config: Object.fromEntries(
                      Object.keys(input.config.config)
                          .sort()
                          .map((k) => [k, input.config!.secretKeys.includes(k) ? SECRET_MARK : input.config!.config[k]]),
                  ),
              }
            : {}),
    };
}
