/** Runs the rules over a context: one entry per rule, in rule order. */
import { RULES } from "./rules";
import { CheckContext, ChecklistEntry, Rule, RuleResult } from "./types";
import { isUnknownValueError } from "./unknown";

export interface EvaluateOptions {
    /**
     * Let a read of a value unknown until deploy propagate (CrossGuard: it reports the policy as
     * "can't run during preview", advisory, as for every pack) instead of returning an undecided entry.
     */
    rethrowUnknown?: boolean;
}

export function evaluateRule(rule: Rule, ctx: CheckContext, opts: EvaluateOptions = {}): ChecklistEntry {
    let result: RuleResult;
    try {
        result = rule.check(ctx);
    } catch (e) {
        if (isUnknownValueError(e)) {
            if (opts.rethrowUnknown) throw e;
            // Never a mandatory failure: the value exists only after deploy.
            return { id: rule.id, item: rule.item, severity: "advisory", passed: false, undecided: true, evidence: `cannot decide before deploy: ${e.message}` };
        }
        // A rule that cannot read an unexpected shape must say so, not abort the whole checklist.
        result = { passed: false, evidence: `the rule could not evaluate this stack: ${e instanceof Error ? e.message : String(e)}` };
    }
    return {
        id: rule.id,
        item: rule.item,
        severity: result.severity ?? rule.severity,
        passed: result.passed,
        evidence: result.evidence,
        ...(result.applicable === false ? { applicable: false } : {}),
    };
}

export function runChecklist(ctx: CheckContext, rules: Rule[] = RULES): ChecklistEntry[] {
    return rules.map((r) => evaluateRule(r, ctx));
}

/** Mandatory rules that failed: what makes `--strict` and the policy pack stop a deploy. */
export function mandatoryFailures(entries: ChecklistEntry[]): ChecklistEntry[] {
    return entries.filter((e) => !e.passed && e.severity === "mandatory");
}
