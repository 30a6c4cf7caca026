/**
 * One stack policy per checklist rule, named by the rule's id, enforced at the rule's severity
 * (mandatory | advisory). Any level can be changed with pack config, e.g.
 * `{ "all": "advisory" }` or `{ "zones-three": "mandatory" }` (docs/checklist.md).
 */
import { EnforcementLevel, StackValidationPolicy } from "@pulumi/policy";
import { CHECKLIST_ITEMS, evaluateRule, Rule, RULES } from "../src/checklist";
import { contextFromPolicyResources } from "./context";

const ITEM_TITLES = new Map(CHECKLIST_ITEMS.map((i) => [i.id, i.title]));

export function rulePolicy(rule: Rule, runbooks: () => Record<string, string> | undefined): StackValidationPolicy {
    return {
        name: rule.id,
        description: `${rule.description} (${ITEM_TITLES.get(rule.item) ?? rule.item})`,
        enforcementLevel: rule.severity as EnforcementLevel,
        validateStack(args, reportViolation) {
            const entry = evaluateRule(rule, contextFromPolicyResources(args.resources, runbooks()));
            if (entry.applicable === false) return args.notApplicable(entry.evidence);
            if (entry.passed) return;
            // A rule that lowered its own severity for this stack (something the stack does not
            // own, e.g. the nodes of a brought cluster) must not block a mandatory policy: say so
            // as "not applicable" with the evidence, which Pulumi prints.
            if (entry.severity !== rule.severity) return args.notApplicable(`${entry.severity}: ${entry.evidence}`);
            reportViolation(entry.evidence);
        },
    };
}

export function checklistPolicies(runbooks: () => Record<string, string> | undefined, rules: Rule[] = RULES): StackValidationPolicy[] {
    return rules.map((r) => rulePolicy(r, runbooks));
}
