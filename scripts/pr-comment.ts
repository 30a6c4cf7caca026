/**
 * The pull request's plan-diff comment (.github/workflows/preview.yml, job offline-plan-diff):
 *
 *   tsx scripts/pr-comment.ts DIFF_DIR COMMENT_FILE FAILURES_FILE
 *
 * DIFF_DIR holds, per stack, `<stack>.md` (the diff as `npm run plan -- --diff --format markdown`
 * prints it, or nothing), `<stack>.code` (that command's exit code) and `<stack>.err` (its
 * stderr). The script writes ONE comment within GitHub's limit whatever the change (the REST API
 * rejects an issue comment body over 65,536 characters with 422: docs.github.com "Create an issue
 * comment", body limit), and FAILURES_FILE: one line per stack whose diff failed, saying how,
 * read by the workflow's last step (empty when none failed).
 *
 * When every stack's diff fits, the comment is the diffs themselves. When not, it is a summary:
 * per stack its heading, counts, errors, warnings and the replaced or deleted resources, within an
 * equal share of the room; the full diffs are the job summary and the `offline-plan` artifact.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** GitHub's limit on an issue comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** The hidden first line that finds this comment again (and never a comment of pulumi/actions). */
export const COMMENT_MARKER = "<!-- fhir-ha-plan-diff -->";

export interface StackDiff {
    stack: string;
    /** The markdown the diff printed ("" when it printed nothing, e.g. a crash). */
    markdown: string;
    /** The diff command's exit code; undefined for a stack the base commit does not have. */
    code: number | undefined;
    stderr: string;
}

/** Why a stack's diff failed, from the plan CLI's exit codes (docs/plan.md), or undefined. */
export function failureOf(d: StackDiff): string | undefined {
    switch (d.code) {
        case undefined:
        case 0:
            return undefined;
        case 4:
            return `${d.stack}: the diff replaces or deletes a protected resource, or changes a CRD-immutable field without replaceOnChanges (exit 4; see the diff's errors)`;
        case 1:
            return `${d.stack}: the stack could not be planned (exit 1: invalid config or a program error; see the job log)`;
        case 2:
            return `${d.stack}: the diff command was used wrongly (exit 2: usage error; see the job log)`;
        default:
            return `${d.stack}: the diff command exited ${d.code} (see the job log)`;
    }
}

function lastLines(text: string, n: number): string {
    return text.trimEnd().split("\n").slice(-n).join("\n");
}

/** A stack's full section: its diff, or what happened instead. */
function fullSection(d: StackDiff): string {
    if (d.code === undefined) return `### fhir-ha plan diff: \`${d.stack}\`\n\nNew stack: no plan of the base commit to compare with.\n`;
    const failure = failureOf(d);
    const note = failure && d.code !== 4 ? `> **Diff failed:** ${failure}\n\n\`\`\`\n${lastLines(d.stderr, 15)}\n\`\`\`\n` : "";
    const body = d.markdown.trim() ? `${d.markdown.trimEnd()}\n` : `### fhir-ha plan diff: \`${d.stack}\`\n\n`;
    return `${body}${note}`;
}

/** The lines a reviewer must see: heading, counts, errors, warnings, config keys, replaced/deleted resources. */
function summaryLines(section: string): string[] {
    const lines = section.split("\n");
    const out: string[] = [];
    let inCritical = false;
    for (const line of lines) {
        if (line.startsWith("#### ")) inCritical = line === "#### Replaced or deleted";
        const head = line.startsWith("### ") || /^\d+ to create, /.test(line) || line.startsWith("> ") || line.startsWith("Config keys changed") || line.startsWith("New stack");
        if (head || (inCritical && (line.startsWith("#### ") || line.startsWith("- ")))) out.push(line);
    }
    return out;
}

/** Cuts a list of lines to at most `budget` characters at a line boundary, saying how many were left out. */
function fit(lines: string[], budget: number): string {
    const kept: string[] = [];
    let size = 0;
    for (const [i, line] of lines.entries()) {
        const note = `_… ${lines.length - i} more line(s): see the full diff._`;
        if (size + line.length + 1 + note.length + 1 > budget) {
            kept.push(note);
            break;
        }
        kept.push(line);
        size += line.length + 1;
    }
    return `${kept.join("\n")}\n`;
}

/** One comment body of at most `limit` characters for every stack's diff. */
export function composeComment(diffs: StackDiff[], limit = GITHUB_COMMENT_LIMIT): string {
    const sections = diffs.map(fullSection);
    const full = [COMMENT_MARKER, ...sections].join("\n");
    if (full.length <= limit) return full;
    const intro =
        `${COMMENT_MARKER}\n### fhir-ha plan diff: summary\n\n` +
        `The diffs of the ${diffs.length} stacks take ${full.length.toLocaleString("en-US")} characters, more than one pull-request comment holds ` +
        `(${limit.toLocaleString("en-US")}). Per stack: the counts, errors, warnings and every replaced or deleted resource. ` +
        `The full diffs are this run's job summary and its \`offline-plan\` artifact (\`out/plan-diff/<stack>.md\`).\n\n`;
    const share = Math.floor((limit - intro.length) / Math.max(diffs.length, 1)) - 2;
    const body = sections.map((s) => fit(summaryLines(s), share)).join("\n");
    return `${intro}${body}`.slice(0, limit);
}

/** Reads DIFF_DIR as the workflow leaves it. */
export function readDiffs(dir: string): StackDiff[] {
    const stacks = [...new Set(fs.readdirSync(dir).filter((f) => /\.(md|code)$/.test(f)).map((f) => f.replace(/\.(md|code)$/, "")))].sort();
    const read = (stack: string, ext: string) => (fs.existsSync(path.join(dir, `${stack}.${ext}`)) ? fs.readFileSync(path.join(dir, `${stack}.${ext}`), "utf8") : undefined);
    return stacks.map((stack) => {
        const code = read(stack, "code");
        return { stack, markdown: read(stack, "md") ?? "", code: code === undefined ? undefined : Number(code.trim()), stderr: read(stack, "err") ?? "" };
    });
}

if (require.main === module) {
    const [dir, commentFile, failuresFile] = process.argv.slice(2);
    if (!dir || !commentFile || !failuresFile) {
        console.error("usage: tsx scripts/pr-comment.ts DIFF_DIR COMMENT_FILE FAILURES_FILE");
        process.exit(2);
    }
    const diffs = readDiffs(dir);
    const comment = composeComment(diffs);
    fs.writeFileSync(commentFile, comment);
    const failures = diffs.map(failureOf).filter((f): f is string => f !== undefined);
    fs.writeFileSync(failuresFile, failures.map((f) => `${f}\n`).join(""));
    console.log(`${commentFile}: ${comment.length} characters for ${diffs.length} stack(s); ${failures.length} failed diff(s)`);
}
