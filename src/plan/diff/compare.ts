/**
 * A semantic diff of two plans of one stack: the operation `pulumi preview` would perform on each
 * resource (./operations.ts), the changed input paths with their old and new values, and the
 * checklist rules whose outcome changed. It reads two `out/plan/<stack>.json` documents, so a pull
 * request from a fork (no credentials) still gets a reviewable diff.
 */
import { PlanDocument, PlanResource } from "../document";
import { Operation, planOperations, ResourceOperation } from "./operations";
import { diffValues, InputChange } from "./values";

export { diffValues };
export type { InputChange };

export interface ResourceChange {
    urn: string;
    type: string;
    name: string;
    op: Operation;
    changes: InputChange[];
}

export interface ChecklistChange {
    id: string;
    item: string;
    before?: boolean;
    after?: boolean;
}

export interface PlanDiff {
    stack: string;
    /** Every resource of either plan with its operation, in the head plan's order, deletes last. */
    operations: ResourceOperation[];
    added: PlanResource[];
    removed: PlanResource[];
    /** Updated or replaced resources. */
    changed: ResourceChange[];
    checklist: ChecklistChange[];
    /** Config keys whose value changed (from the plans' `config`), and what the docs say they replace. */
    config: ConfigChange[];
    /** What would stop `pulumi preview` (replace or delete of a protected resource). */
    errors: string[];
    warnings: string[];
}

export interface ConfigChange {
    key: string;
    /** The resources this key is documented to replace (docs/configuration.md), when any. */
    replaces?: string;
}

interface ChecklistEntry {
    id: string;
    item?: string;
    passed?: boolean;
}

function checklistOf(doc: PlanDocument): Map<string, ChecklistEntry> {
    const list = (doc.checklist ?? []) as ChecklistEntry[];
    return new Map(list.filter((c) => c && typeof c.id === "string").map((c) => [c.id, c]));
}

/** Keys that replace something when changed, and what (set by the config docs; see replacing-keys.ts). */
export type ReplacingKeys = Record<string, string>;

/** A plan's config as leaves: `fhir-ha:cluster` JSON text becomes `fhir-ha:cluster.nodeSize` etc. */
function configLeaves(config: Record<string, string> | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (key: string, value: unknown) => {
        if (value && typeof value === "object" && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) walk(`${key}.${k}`, v);
        else out[key] = JSON.stringify(value);
    };
    for (const [key, text] of Object.entries(config ?? {})) {
        let value: unknown = text;
        if (text.startsWith("{")) {
            try {
                value = JSON.parse(text);
            } catch {
                value = text;
            }
        }
        walk(key, value);
    }
    return out;
}

function configChanges(base: PlanDocument, head: PlanDocument, replacing: ReplacingKeys): ConfigChange[] {
    const b = configLeaves(base.config);
    const a = configLeaves(head.config);
    return [...new Set([...Object.keys(b), ...Object.keys(a)])]
        .sort()
        .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
        .map((key) => (replacing[key] ? { key, replaces: replacing[key] } : { key }));
}

export function diffPlans(base: PlanDocument, head: PlanDocument, replacing: ReplacingKeys = {}): PlanDiff {
    const operations = planOperations(base, head);
    const byOp = (op: Operation) => new Set(operations.filter((o) => o.op === op).map((o) => o.urn));
    const created = byOp("create");
    const deleted = byOp("delete");
    const added = head.resources.filter((r) => created.has(r.urn));
    const removed = base.resources.filter((r) => deleted.has(r.urn));
    const changed = operations
        .filter((o) => o.op === "update" || o.op === "replace")
        .map((o) => ({ urn: o.urn, type: o.type, name: o.name, op: o.op, changes: o.changes }));
    const config = configChanges(base, head, replacing);
    const errors = operations.filter((o) => o.error).map((o) => o.error!);
    const warnings = [
        ...config.filter((c) => c.replaces).map((c) => `${c.key} changed: changing it replaces ${c.replaces} (docs/configuration.md)`),
        ...[...new Set(operations.filter((o) => o.warning).map((o) => o.warning!))],
    ];
    const cb = checklistOf(base);
    const ca = checklistOf(head);
    const checklist = [...new Set([...cb.keys(), ...ca.keys()])]
        .filter((id) => cb.get(id)?.passed !== ca.get(id)?.passed)
        .map((id) => ({ id, item: ca.get(id)?.item ?? cb.get(id)?.item ?? "", before: cb.get(id)?.passed, after: ca.get(id)?.passed }));
    return { stack: head.stack, operations, added, removed, changed, checklist, config, errors, warnings };
}
