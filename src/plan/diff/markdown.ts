/**
 * The plan diff as markdown for a pull-request comment or a job summary: short enough to read,
 * exact enough to review (paths and before → after values; secrets stay "[secret]").
 */
import { PlanDiff } from "./compare";

const MAX_VALUE = 120;

function code(value: unknown): string {
    if (value === undefined) return "_(none)_";
    let text = typeof value === "string" ? value : JSON.stringify(value);
    if (text.length > MAX_VALUE) text = `${text.slice(0, MAX_VALUE - 1)}…`;
    // Inside a table cell: escape the pipe, and keep backticks from closing the code span.
    return `\`${text.replace(/\|/g, "\\|").replace(/`/g, "'")}\``;
}

function mark(passed: boolean | undefined): string {
    return passed === undefined ? "–" : passed ? "✔" : "✘";
}

export function renderDiffMarkdown(diff: PlanDiff): string {
    const lines: string[] = [];
    const counts = `${diff.added.length} to add, ${diff.removed.length} to remove, ${diff.changed.length} to change`;
    lines.push(`### fhir-ha plan diff: \`${diff.stack}\``, "", counts, "");
    if (diff.added.length + diff.removed.length + diff.changed.length === 0 && diff.checklist.length === 0) {
        lines.push("No changes.");
        return lines.join("\n") + "\n";
    }
    if (diff.added.length > 0) {
        lines.push("#### Added", "");
        for (const r of diff.added) lines.push(`- \`${r.type}\` **${r.name}**`);
        lines.push("");
    }
    if (diff.removed.length > 0) {
        lines.push("#### Removed", "");
        for (const r of diff.removed) lines.push(`- \`${r.type}\` **${r.name}**`);
        lines.push("");
    }
    if (diff.changed.length > 0) {
        lines.push("#### Changed", "");
        for (const r of diff.changed) {
            lines.push(`- \`${r.type}\` **${r.name}**`, "", "  | input | before | after |", "  |---|---|---|");
            for (const c of r.changes) lines.push(`  | \`${c.path}\` | ${code(c.before)} | ${code(c.after)} |`);
            lines.push("");
        }
    }
    if (diff.checklist.length > 0) {
        lines.push("#### Checklist", "", "| rule | item | before | after |", "|---|---|---|---|");
        for (const c of diff.checklist) lines.push(`| \`${c.id}\` | ${c.item} | ${mark(c.before)} | ${mark(c.after)} |`);
        lines.push("");
    }
    return lines.join("\n");
}
