/** The checklist of a written plan file, as `npm run plan` prints it after each stack. */
import * as fs from "fs";
import { mandatoryFailures } from "./evaluate";
import { renderChecklist } from "./report";
import { ChecklistEntry } from "./types";

export interface PlanChecklistReport {
    text: string;
    /** Ids of the mandatory rules that failed. */
    mandatoryFailed: string[];
}

/** Reads `checklist` from out/plan/<stack>.json (the post-processor wrote it). */
export function planChecklistReport(planFile: string, stack: string): PlanChecklistReport {
    const doc = JSON.parse(fs.readFileSync(planFile, "utf8")) as { checklist?: ChecklistEntry[] };
    if (!Array.isArray(doc.checklist)) return { text: `Checklist of stack ${stack}: not in ${planFile}`, mandatoryFailed: ["checklist-missing"] };
    return { text: renderChecklist(stack, doc.checklist), mandatoryFailed: mandatoryFailures(doc.checklist).map((e) => e.id) };
}
