/**
 * Steps that run over a finished plan document before it is written: the place to plug in
 * analyses of the recorded plan (the production-readiness checklist adds `checklist` here).
 * Each step is a pure function returning a new document; steps run in list order.
 */
import { withChecklist } from "../checklist/plan-step";
import { PlanDocument } from "./document";

export type PlanPostProcessor = (doc: PlanDocument) => PlanDocument;

/** Registered steps. Add one by appending it here; keep each in its own file under src/plan/. */
export const PLAN_POST_PROCESSORS: PlanPostProcessor[] = [(doc) => withChecklist(doc)];

export function postProcess(doc: PlanDocument, steps: PlanPostProcessor[] = PLAN_POST_PROCESSORS): PlanDocument {
    return steps.reduce((d, step) => step(d), doc);
}
