/**
 * Values only a deploy can know, as the plan JSON shows them: `{ "unknown": true }`.
 *
 * During a real `pulumi preview` the IDs, ARNs and endpoints of resources that do not exist yet
 * are unknown, and so is every value computed from them (an `apply` over an unknown is unknown as
 * a whole). The mock runtime has to hand the program *some* value, so it hands recognisable
 * stand-ins: the ID `<name>-id` (src/plan/mock-runtime.ts), `afterDeploy` markers for outputs
 * (src/plan/mocks/types.ts) and the SDK's own unknown sentinel. This module turns every value that
 * holds one of those stand-ins back into an unknown, and says which resource output it waits for
 * (`from`), so the diff can tell that replacing that resource changes this value too.
 */
import { UNKNOWN_MARK } from "./marks";

export interface UnknownSource {
    /** URN of the resource whose output the value waits for. */
    urn: string;
    /** The output property, e.g. `id`, `arn`, `endpoint`. */
    output: string;
}

export interface UnknownValue {
    unknown: true;
    /** The resource outputs the value is computed from, when the plan can tell. */
    from?: UnknownSource[];
    /**
     * For a text computed from deploy-time values (a JSON policy holding an ARN): the text with
     * each of them written as `(known after deploy: <Type> <name> .<output>)`. A real preview
     * shows the whole value as unknown; the template lets a reviewer and the offline checklist
     * read the part that is fixed.
     */
    template?: string;
}

export function isUnknown(value: unknown): value is UnknownValue {
    return !!value && typeof value === "object" && !Array.isArray(value) && (value as Record<string, unknown>).unknown === true;
}

/** The resource `urn` whose `id` output `value` is exactly, if it is one. */
export function idReferenceOf(value: unknown): string | undefined {
    if (!isUnknown(value) || value.from?.length !== 1 || value.from[0].output !== "id") return undefined;
    return value.from[0].urn;
}

interface Named {
    urn: string;
    type: string;
    name: string;
    custom?: boolean;
}

/** `(known after deploy: <Type> <name> .<property>)`, as `afterDeploy` writes it. */
const MARKER = /\(known after deploy: (\S+) (\S+) \.([^)]+)\)/g;

export class UnknownResolver {
    private readonly ids = new Map<string, string[]>();
    private readonly byShortType = new Map<string, string>();

    constructor(resources: Named[]) {
        for (const r of resources) {
            // Components have no ID a dependant could read; only custom resources (and providers).
            if (r.custom !== false) this.ids.set(`${r.name}-id`, [...(this.ids.get(`${r.name}-id`) ?? []), r.urn]);
            this.byShortType.set(`${r.type.split(":").pop()} ${r.name}`, r.urn);
        }
    }

    /** The sources a string stand-in refers to; undefined when it is a known value. */
    private sources(text: string, dependencies: Set<string>): UnknownSource[] | undefined {
        if (text === UNKNOWN_MARK) return [];
        const ids = this.ids.get(text);
        if (ids) {
            // Names repeat across types (a subnet and its route table association): the one this
            // resource depends on is the one whose ID it holds.
            const mine = ids.length > 1 ? ids.filter((u) => dependencies.has(u)) : ids;
            return (mine.length > 0 ? mine : ids).map((urn) => ({ urn, output: "id" }));
        }
        const found: UnknownSource[] = [];
        for (const m of text.matchAll(MARKER)) {
            const urn = this.byShortType.get(`${m[1]} ${m[2]}`);
            if (urn) found.push({ urn, output: m[3] });
        }
        if (found.length > 0) return found;
        return /\(known after deploy: /.test(text) ? [] : undefined;
    }

    /** `value` with every stand-in for a deploy-time value replaced by `{ unknown: true }`. */
    mark(value: unknown, dependencies: Set<string> = new Set()): unknown {
        if (typeof value === "string") {
            const from = this.sources(value, dependencies);
            if (from === undefined) return value;
            const exact = value === UNKNOWN_MARK || this.ids.has(value) || /^\(known after deploy: [^)]*\)$/.test(value);
            return { unknown: true, ...(from.length > 0 ? { from } : {}), ...(exact ? {} : { template: value }) };
        }
        if (Array.isArray(value)) return value.map((v) => this.mark(v, dependencies));
        if (value && typeof value === "object") {
            if (isUnknown(value)) return value;
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.mark(v, dependencies)]));
        }
        return value;
    }
}

/** Every resource URN an (input) value waits for, at any depth. */
export function unknownSources(value: unknown, path = "", out: { path: string; source: UnknownSource }[] = []): { path: string; source: UnknownSource }[] {
    if (isUnknown(value)) {
        for (const s of value.from ?? []) out.push({ path, source: s });
        return out;
    }
    if (Array.isArray(value)) value.forEach((v, i) => unknownSources(v, `${path}[${i}]`, out));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) unknownSources(v, path === "" ? k : `${path}.${k}`, out);
    return out;
}

/**
 * `value` with each unknown written as text, for views that must stay plain Kubernetes YAML
 * (out/plan/<stack>/*.yaml) and for schema validation: a text with deploy-time parts as its
 * template, any other unknown as `[unknown]`.
 */
export function unknownsAsText(value: unknown): unknown {
    if (isUnknown(value)) return value.template ?? UNKNOWN_MARK;
    if (Array.isArray(value)) return value.map(unknownsAsText);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unknownsAsText(v)]));
    return value;
}
