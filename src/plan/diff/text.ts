/**
 * The plan diff for a terminal, with `pulumi preview`'s marks: `+` create, `~` update, `+-`
 * replace (`-+` delete first), `-` delete; changed inputs as `path: before → after`.
 */
import { PlanDiff } from "./compare";
import { counts, opMark } from "./markdown";

const show = (v: unknown) => (v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v));
const mark = (p: boolean | undefined) => (p === undefined ? "-" : p ? "pass" : "FAIL");

export function renderDiffText(diff: PlanDiff): string {
    const lines = [`fhir-ha plan diff of ${diff.stack}: ${counts(diff)}`];
    for (const e of diff.errors) lines.push(`error: ${e}`);
    for (const w of diff.warnings) lines.push(`warning: ${w}`);
    for (const o of diff.operations) {
        if (o.op === "same") continue;
        const notes = [
            o.renamedFrom ? `renamed from ${o.renamedFrom.split("::").pop()}` : "",
            o.replaceReasons ? `replace because of ${o.replaceReasons.join(", ")}` : "",
            o.retained ? "retained" : "",
        ].filter(Boolean);
        lines.push(`  ${opMark(o).padEnd(2)} ${o.type} ${o.name}${notes.length ? ` (${notes.join("; ")})` : ""}`);
        for (const c of o.changes) lines.push(`        ${c.path}: ${show(c.before)} → ${show(c.after)}`);
    }
    for (const c of diff.checklist) lines.push(`  checklist ${c.id}: ${mark(c.before)} → ${mark(c.after)}`);
    return lines.join("\n") + "\n";
}
