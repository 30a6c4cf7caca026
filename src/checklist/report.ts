/** The checklist as text: per item, each rule with ✔ / ✘ / ! (advisory), – (does not apply) or ? (cannot decide before deploy), and its evidence. */
import { CHECKLIST_ITEMS } from "./items";
import { mandatoryFailures } from "./evaluate";
import { ChecklistEntry } from "./types";

function mark(e: ChecklistEntry): string {
    if (e.applicable === false) return "–";
    if (e.undecided) return "?";
    if (e.passed) return "✔";
    return e.severity === "mandatory" ? "✘" : "!";
}

export function renderChecklist(stack: string, entries: ChecklistEntry[]): string {
    const lines = [`Checklist of stack ${stack}`];
    for (const item of CHECKLIST_ITEMS) {
        const mine = entries.filter((e) => e.item === item.id);
        if (mine.length === 0) continue;
        const itemOk = mine.every((e) => e.passed || e.severity !== "mandatory");
        lines.push(`${itemOk ? "✔" : "✘"} ${item.title}`);
        for (const e of mine) lines.push(`    ${mark(e)} ${e.id}${e.severity === "advisory" ? " (advisory)" : ""}: ${e.evidence}`);
    }
    const failed = mandatoryFailures(entries);
    const advisories = entries.filter((e) => !e.passed && e.severity === "advisory");
    lines.push(
        failed.length === 0
            ? `Every mandatory rule passed${advisories.length ? `; ${advisories.length} advisory finding(s)` : ""}.`
            : `${failed.length} mandatory rule(s) failed: ${failed.map((e) => e.id).join(", ")}`,
    );
    return lines.join("\n");
}
