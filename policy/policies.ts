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
            // A read of a value unknown during preview throws @pulumi/policy's UnknownValueError;
            // let it reach CrossGuard, which reports the policy as "can't run during preview"
            // (advisory) as it does for every pack, instead of turning it into a violation.
            const entry = evaluateRule(rule, contextFromPolicyResources(args.resources, runbooks()), { rethrowUnknown: true });
            // Pulumi prints not-applicable reasons only in the JSON output (`--json`): the reason
            // goes there, and an advisory line that a preview prints too (see docs/checklist.md).
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

/** Name of the advisory policy that prints what the rule policies can only say as "not applicable". */
export const NOT_APPLICABLE_POLICY = "checklist-not-applicable";

/**
 * Pulumi keeps a policy's not-applicable reason out of the preview's text output (it is in
 * `--json` only), yet the reason is evidence a reviewer needs: "no restore configured", "the
 * cluster is brought by you". This advisory policy reports one line per rule that does not apply
 * or lowered its severity, so it shows in every preview. It never blocks.
 */
export function notApplicablePolicy(runbooks: () => Record<string, string> | undefined, rules: Rule[] = RULES): StackValidationPolicy {
    return {
        name: NOT_APPLICABLE_POLICY,
        description: "Checklist rules that do not apply to this stack, or that apply at a lower severity, with their evidence",
        enforcementLevel: "advisory",
        validateStack(args, reportViolation) {
            const ctx = contextFromPolicyResources(args.resources, runbooks());
            for (const rule of rules) {
                // Rules that cannot run during preview are reported by CrossGuard itself.
                const entry = evaluateRule(rule, ctx);
                if (entry.undecided) continue;
                if (entry.applicable === false) reportViolation(`${rule.id} does not apply: ${entry.evidence}`);
                else if (!entry.passed && entry.severity !== rule.severity) reportViolation(`${rule.id} applies as ${entry.severity} here: ${entry.evidence}`);
            }
        },
    };
}

export function checklistPolicies(runbooks: () => Record<string, string> | undefined, rules: Rule[] = RULES): StackValidationPolicy[] {
    return [...rules.map((r) => rulePolicy(r, runbooks)), notApplicablePolicy(runbooks, rules)];
}
