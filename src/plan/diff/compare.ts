/**
 * A semantic diff of two plans of one stack: resources added, removed and changed, with the
 * changed input paths and their old and new values. It reads two `out/plan/<stack>.json`
 * documents, so a pull request from a fork (no credentials) still gets a reviewable diff.
 */
import { PlanDocument, PlanResource } from "../document";

export interface InputChange {
    /** Dotted path; list items with a `name` are addressed by it: `containers[fhir].env[BOX_DB_HOST].value`. */
    path: string;
    before: unknown;
    after: unknown;
}

export interface ResourceChange {
    urn: string;
    type: string;
    name: string;
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
    added: PlanResource[];
    removed: PlanResource[];
    changed: ResourceChange[];
    checklist: ChecklistChange[];
}

/** Items of a list that can be matched by a `name` (containers, env vars, ports, volumes). */
function namedItems(list: unknown[]): Map<string, unknown> | undefined {
    const names = list.map((v) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>).name : undefined));
    if (names.some((n) => typeof n !== "string") || new Set(names).size !== names.length) return undefined;
    return new Map(list.map((v, i) => [names[i] as string, v]));
}

function isObject(v: unknown): v is Record<string, unknown> {
    return !!v && typeof v === "object" && !Array.isArray(v);
}

function join(path: string, key: string): string {
    return path === "" ? key : `${path}.${key}`;
}

/** Every leaf difference between two JSON values, as paths. */
export function diffValues(before: unknown, after: unknown, path = ""): InputChange[] {
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    if (isObject(before) && isObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((k) => diffValues(before[k], after[k], join(path, k)));
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        const a = namedItems(before);
        const b = namedItems(after);
        if (a && b) {
            const names = [...new Set([...a.keys(), ...b.keys()])];
            return names.flatMap((n) => diffValues(a.get(n), b.get(n), `${path}[${n}]`));
        }
        // Lists of scalars, or unnamed items of equal count: compare by position.
        if (before.length === after.length) return before.flatMap((v, i) => diffValues(v, after[i], `${path}[${i}]`));
    }
    return [{ path, before, after }];
}

function byUrn(resources: PlanResource[]): Map<string, PlanResource> {
    return new Map(resources.map((r) => [r.urn, r]));
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

export function diffPlans(base: PlanDocument, head: PlanDocument): PlanDiff {
    const before = byUrn(base.resources);
    const after = byUrn(head.resources);
    const added = head.resources.filter((r) => !before.has(r.urn));
    const removed = base.resources.filter((r) => !after.has(r.urn));
    const changed = head.resources
        .filter((r) => before.has(r.urn))
        .map((r) => ({ urn: r.urn, type: r.type, name: r.name, changes: diffValues(before.get(r.urn)!.inputs, r.inputs) }))
        .filter((c) => c.changes.length > 0);
    const cb = checklistOf(base);
    const ca = checklistOf(head);
    const checklist = [...new Set([...cb.keys(), ...ca.keys()])]
        .filter((id) => cb.get(id)?.passed !== ca.get(id)?.passed)
        .map((id) => ({ id, item: ca.get(id)?.item ?? cb.get(id)?.item ?? "", before: cb.get(id)?.passed, after: ca.get(id)?.passed }));
    return { stack: head.stack, added, removed, changed, checklist };
}
