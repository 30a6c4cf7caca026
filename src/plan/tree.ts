/**
 * Text views of a plan document: the resource tree laid out like `pulumi preview` (every
 * resource is a create: the plan starts from no state) and the count of resources by type.
 */
import { PlanDocument, PlanResource } from "./document";

/** Rows of the tree: the drawn prefix (branches) and the resource. */
function treeRows(resources: PlanResource[]): { prefix: string; r: PlanResource }[] {
    const known = new Set(resources.map((r) => r.urn));
    const parentOf = (r: PlanResource) => (r.parent && known.has(r.parent) ? r.parent : null);
    const kids = new Map<string | null, PlanResource[]>();
    // The document is already in tree order, so children keep their sibling order here.
    for (const r of resources) kids.set(parentOf(r), [...(kids.get(parentOf(r)) ?? []), r]);
    const rows: { prefix: string; r: PlanResource }[] = [];
    const walk = (parent: string | null, indent: string) => {
        const list = kids.get(parent) ?? [];
        list.forEach((r, i) => {
            const last = i === list.length - 1;
            rows.push({ prefix: `${indent}${last ? "└─ " : "├─ "}`, r });
            walk(r.urn, `${indent}${last ? "   " : "│  "}`);
        });
    };
    walk(null, "");
    return rows;
}

/** The resource tree under a synthetic stack root, as `pulumi preview` shows it. */
export function renderTree(doc: PlanDocument, project: string): string {
    const rows = [
        { type: "pulumi:pulumi:Stack", name: `${project}-${doc.stack}` },
        ...treeRows(doc.resources).map(({ prefix, r }) => ({ type: `${prefix}${r.type}`, name: r.name })),
    ];
    const width = Math.max("Type".length, ...rows.map((r) => [...r.type].length)) + 2;
    const pad = (s: string) => s + " ".repeat(width - [...s].length);
    return [`     ${pad("Type")}Name`, ...rows.map((r) => ` +   ${pad(r.type)}${r.name}`)].join("\n");
}

/** How many resources of each type, most frequent first, then by type. */
export function countByType(doc: PlanDocument): [string, number][] {
    const counts = new Map<string, number>();
    for (const r of doc.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function renderCounts(doc: PlanDocument): string {
    const counts = countByType(doc);
    const width = Math.max(1, ...counts.map(([, n]) => String(n).length));
    return [
        `Resources by type (${doc.resources.length} total):`,
        ...counts.map(([type, n]) => `  ${String(n).padStart(width)}  ${type}`),
    ].join("\n");
}

/** The components' notes, each under the name of the component that reported it. */
export function renderNotes(doc: PlanDocument): string {
    if (doc.notes.length === 0) return "";
    const nameOf = new Map(doc.resources.map((r) => [r.urn, r.name]));
    return ["Notes:", ...doc.notes.map((n) => `  - ${nameOf.get(n.resource) ?? n.resource}: ${n.text}`)].join("\n");
}
