/**
 * The seed's production checklist as code: pure rules over planned resources, shared by the
 * offline plan (`npm run plan`, --strict) and the CrossGuard policy pack (policy/).
 */
export { CHECKLIST_ITEMS } from "./items";
export type { ChecklistItem } from "./items";
export { RULES } from "./rules";
export { evaluateRule, mandatoryFailures, runChecklist } from "./evaluate";
export { contextFromPlan } from "./from-plan";
export type { PlanLike } from "./from-plan";
export { inferCloud } from "./resources";
export { renderChecklist } from "./report";
export { RUNBOOK_FILES } from "./runbooks";
export type { CheckContext, CheckedResource, ChecklistEntry, Rule, RuleResult, Severity } from "./types";
