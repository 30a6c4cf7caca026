import { list } from "../resources";
import { RUNBOOK_FILES } from "../runbooks";
import { Rule } from "../types";
import { fail, pass } from "./result";

/** A strategy that is written down: every runbook of docs/runbooks/ exists and is not empty. */
export const runbooksPresent: Rule = {
    id: "runbooks-present",
    item: "recovery-strategy",
    severity: "mandatory",
    description: "The failover and recovery runbooks exist (docs/runbooks/)",
    check(ctx) {
        if (!ctx.runbooks) return fail("the runbooks could not be read here. Fix: run the check from a checkout that has docs/runbooks/");
        const missing = RUNBOOK_FILES.filter((f) => !ctx.runbooks?.[f]?.trim());
        if (missing.length > 0) return fail(`docs/runbooks/ lacks ${list(missing)}. Fix: restore them from the fhir-ha repository`);
        return pass(`docs/runbooks/ has ${RUNBOOK_FILES.length} runbooks: ${RUNBOOK_FILES.join(", ")}`);
    },
};
