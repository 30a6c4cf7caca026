import { workloadNodeGroups } from "../node-groups";
import { Rule } from "../types";
import { fail, judge } from "./result";

export const nodesSelfHealing: Rule = {
    id: "nodes-self-healing",
    item: "zones",
    severity: "mandatory",
    description: "Managed node groups that replace broken nodes by themselves (auto repair)",
    check(ctx) {
        if (ctx.cloud === "kubernetes" || ctx.cloud === "") {
            // Not failing the stack for something it does not own; saying so instead of passing.
            return fail(
                "the cluster is brought by you: node repair is its owner's job and not in the plan. Verify your provider replaces failed nodes (or use fhir-ha:cloud aws, gcp or azure)",
                "advisory",
            );
        }
        const groups = workloadNodeGroups(ctx);
        if (groups.length === 0) return fail(`no ${ctx.cloud} node groups in the plan. Fix: the ${ctx.cloud} target must render managed node groups`);
        return judge(
            groups.filter((g) => !g.selfHealing).map((g) => `${g.label}: ${g.healing}`),
            groups.map((g) => `${g.label}: ${g.healing}`),
            "enable automatic node repair in the cloud target's node groups",
        );
    },
};
