export { diffPlans, diffValues, PlanDiff, ResourceChange, InputChange, ChecklistChange, ConfigChange, ReplacingKeys } from "./compare";
export { planOperations, Operation, ResourceOperation, OPERATION_MARKS } from "./operations";
export { renderDiffMarkdown, MARKDOWN_LIMIT } from "./markdown";
export { renderDiffText } from "./text";
export { renderDiffJson } from "./json";
