/** Small constructors for rule results, so every rule reads the same. */
import { RuleResult, Severity } from "../types";

export const pass = (evidence: string): RuleResult => ({ passed: true, evidence });

export const fail = (evidence: string, severity?: Severity): RuleResult => ({ passed: false, evidence, ...(severity ? { severity } : {}) });

export const notApplicable = (evidence: string): RuleResult => ({ passed: true, evidence, applicable: false });

/** Fails with every problem listed, or passes with the evidence of what was found. */
export function judge(problems: string[], found: string[], fix: string, severity?: Severity): RuleResult {
    if (problems.length > 0) return fail(`${problems.join("; ")}. Fix: ${fix}`, severity);
    return pass(found.join("; "));
}
