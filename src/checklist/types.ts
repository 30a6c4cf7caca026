/**
 * The checklist's data model. Rules are pure functions of a `CheckContext` (the planned or
 * previewed resources, as type + inputs), so the offline plan, the CrossGuard pack and the tests
 * run the very same code over the very same shape.
 */

/** mandatory: the stack does not meet the seed's checklist. advisory: worth fixing, not a blocker. */
export type Severity = "mandatory" | "advisory";

export interface CheckedResource {
    urn: string;
    /** Type token, e.g. `kubernetes:apps/v1:Deployment`, `aws:s3/bucket:Bucket`. */
    type: string;
    /** The Pulumi resource name (not the Kubernetes metadata.name). */
    name: string;
    parent: string | null;
    /** Inputs (plan) or properties (CrossGuard preview): plain JSON, secrets masked. */
    inputs: Record<string, any>;
    /** Resource options; undefined where the source does not report them. */
    protect?: boolean;
    retainOnDelete?: boolean;
}

export interface CheckContext {
    /** aws | gcp | azure | kubernetes, or "" when no cloud component is present. */
    cloud: string;
    resources: CheckedResource[];
    /** Runbook file name → text, as read from docs/runbooks/; undefined when they could not be read. */
    runbooks?: Record<string, string>;
    /** The day version support is judged on (tests fix it); default: now. */
    today?: Date;
}

export interface RuleResult {
    passed: boolean;
    /** What was found (resource names, values) and, when failing, how to fix it. */
    evidence: string;
    /**
     * Lowers the rule's severity for this stack, where the plan cannot see the thing it checks
     * (a cluster or bucket the kubernetes target does not create).
     */
    severity?: Severity;
    /** false when the rule does not apply to this stack (e.g. no restore configured). */
    applicable?: boolean;
}

export interface Rule {
    /** Stable id, also the CrossGuard policy name: lower-case words joined by dashes. */
    id: string;
    /** The checklist item (see items.ts) this rule helps prove. */
    item: string;
    severity: Severity;
    /** One line: what the rule requires. */
    description: string;
    check(ctx: CheckContext): RuleResult;
}

/** One line of `checklist` in out/plan/<stack>.json. */
export interface ChecklistEntry {
    id: string;
    item: string;
    severity: Severity;
    passed: boolean;
    evidence: string;
    /** Present (false) only when the rule does not apply to this stack. */
    applicable?: boolean;
    /** Present (true) when the rule needs a value known only after deploy: advisory, "cannot decide before deploy". */
    undecided?: boolean;
}
