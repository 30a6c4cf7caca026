export { diffPlans, diffValues, PlanDiff, ResourceChange, InputChange, ChecklistChange } from "./compare";
export { renderDiffMarkdown } from "./markdown";
export { renderDiffText } from "./text";
