/**
 * The plan diff as markdown for a pull-request comment or a job summary: short enough to read,
 * exact enough to review (paths and before → after values; secrets stay "[secret]"). Each
 * resource carries the mark `pulumi preview` prints: `+` create, `~` update, `+-` replace
 * (`-+` when the old one is deleted first), `-` delete. The comment stays under GitHub's limit
 * (65,536 characters): replacements and deletes are always listed; input tables are cut first.
 */
import { PlanDiff } from "./compare";
import { OPERATION_MARKS, ResourceOperation } from "./operations";

const MAX_VALUE = 120;
/** GitHub rejects an issue comment longer than 65,536 characters; keep room for the workflow's marker. */
export const MARKDOWN_LIMIT = 60_000;

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

export function opMark(o: ResourceOperation): string {
    return o.op === "replace" && o.deleteBeforeReplace ? "-+" : OPERATION_MARKS[o.op];
}

export function counts(diff: PlanDiff): string {
    const n = (op: string) => diff.operations.filter((o) => o.op === op).length;
    return `${n("create")} to create, ${n("update")} to update, ${n("replace")} to replace, ${n("delete")} to delete, ${n("same")} unchanged`;
}

function headline(o: ResourceOperation): string {
    const notes = [
        o.renamedFrom ? `renamed from \`${o.renamedFrom.split("::").pop()}\` (alias)` : "",
        o.replaceReasons ? `replaced because of ${o.replaceReasons.map((r) => `\`${r}\``).join(", ")}` : "",
        o.deleteBeforeReplace ? "deleted before its replacement is created" : "",
        o.retained ? "retained (retainOnDelete: the cloud resource stays)" : "",
        o.error ? `**error**: ${o.error}` : "",
    ].filter(Boolean);
    return `- \`${opMark(o)}\` \`${o.type}\` **${o.name}**${notes.length ? ` — ${notes.join("; ")}` : ""}`;
}

function table(o: ResourceOperation): string[] {
    if (o.changes.length === 0) return [];
    return ["", "  | input | before | after |", "  |---|---|---|", ...o.changes.map((c) => `  | \`${c.path}\` | ${code(c.before)} | ${code(c.after)} |`), ""];
}

export function renderDiffMarkdown(diff: PlanDiff, limit = MARKDOWN_LIMIT): string {
    const head: string[] = [`### fhir-ha plan diff: \`${diff.stack}\``, "", counts(diff), ""];
    const shown = diff.operations.filter((o) => o.op !== "same");
    if (shown.length === 0 && diff.checklist.length === 0 && diff.config.length === 0) return [...head, "No changes.", ""].join("\n");
    for (const e of diff.errors) head.push(`> **Error:** ${e}`, "");
    for (const w of diff.warnings) head.push(`> **Warning:** ${w}`, "");
    if (diff.config.length > 0) head.push(`Config keys changed: ${diff.config.map((c) => `\`${c.key}\``).join(", ")}`, "");

    // Replacements and deletes first and always; then creates and updates while room remains.
    const critical = shown.filter((o) => o.op === "replace" || o.op === "delete");
    const rest = shown.filter((o) => o.op === "create" || o.op === "update");
    const checklist =
        diff.checklist.length > 0
            ? ["#### Checklist", "", "| rule | item | before | after |", "|---|---|---|---|", ...diff.checklist.map((c) => `| \`${c.id}\` | ${c.item} | ${mark(c.before)} | ${mark(c.after)} |`), ""]
            : [];
    const body: string[] = [];
    const size = (lines: string[]) => lines.reduce((n, l) => n + l.length + 1, 0);
    const reserve = size(head) + size(checklist) + 400;
    let cutTables = 0;
    let cutLines = 0;
    const add = (o: ResourceOperation, must: boolean) => {
        const full = [headline(o), ...table(o)];
        if (size(body) + size(full) + reserve <= limit) {
            body.push(...full);
        } else if (must || size(body) + headline(o).length + reserve <= limit) {
            if (o.changes.length) cutTables++;
            body.push(headline(o));
        } else {
            cutLines++;
        }
    };
    if (critical.length > 0) body.push("#### Replaced or deleted", "");
    for (const o of critical) add(o, true);
    if (critical.length > 0) body.push("");
    if (rest.length > 0) body.push("#### Created or updated", "");
    for (const o of rest) add(o, false);
    const tail: string[] = [];
    if (cutTables + cutLines > 0) {
        tail.push("", `_Truncated to stay under GitHub's comment limit: ${cutTables} input table(s) and ${cutLines} created/updated resource line(s) left out. The full diff: \`npm run plan -- --stack ${diff.stack} --diff BASE.json --format text\`._`);
    }
    return [...head, ...body, "", ...checklist, ...tail, ""].join("\n");
}
