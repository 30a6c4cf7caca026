/**
 * The plan post-processor: adds `checklist` to a plan document. The runbooks are read from the
 * repository's docs/runbooks/ when the step runs.
 */
import { runChecklist } from "./evaluate";
import { contextFromPlan, PlanLike } from "./from-plan";
import { loadRunbooks } from "./load-runbooks";
import { ChecklistEntry } from "./types";

export function withChecklist<D extends PlanLike & { checklist?: unknown[] }>(doc: D, runbooks: Record<string, string> = loadRunbooks()): D & { checklist: ChecklistEntry[] } {
    return { ...doc, checklist: runChecklist(contextFromPlan(doc, runbooks)) };
}
