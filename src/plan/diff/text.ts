/** The plan diff for a terminal: `+` added, `-` removed, `~` changed with `path: before → after`. */
import { PlanDiff } from "./compare";

const show = (v: unknown) => (v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v));
const mark = (p: boolean | undefined) => (p === undefined ? "-" : p ? "pass" : "FAIL");

export function renderDiffText(diff: PlanDiff): string {
    const lines = [`fhir-ha plan diff of ${diff.stack}: ${diff.added.length} to add, ${diff.removed.length} to remove, ${diff.changed.length} to change`];
    for (const r of diff.added) lines.push(`  + ${r.type} ${r.name}`);
    for (const r of diff.removed) lines.push(`  - ${r.type} ${r.name}`);
    for (const r of diff.changed) {
        lines.push(`  ~ ${r.type} ${r.name}`);
        for (const c of r.changes) lines.push(`      ${c.path}: ${show(c.before)} → ${show(c.after)}`);
    }
    for (const c of diff.checklist) lines.push(`  checklist ${c.id}: ${mark(c.before)} → ${mark(c.after)}`);
    return lines.join("\n") + "\n";
}
