/** Shared by the rules about the backup storage: judged per bucket, advisory where it is not ours. */
import { BucketView, backupBuckets } from "../backup-buckets";
import { ofType, T } from "../resources";
import { CheckContext, Rule, RuleResult } from "../types";
import { fail, judge } from "./result";

/** Where the ObjectStores write, for the evidence of a store the stack does not create. */
function destinations(ctx: CheckContext): string {
    const paths = [...new Set(ofType(ctx, T.objectStore).map((s) => s.inputs?.spec?.configuration?.destinationPath).filter(Boolean))];
    return paths.length > 0 ? paths.join(", ") : "the object store";
}

export function unmanagedStore(ctx: CheckContext, what: string): RuleResult {
    return fail(`the kubernetes target writes to ${destinations(ctx)}, which this stack does not create: verify ${what} on the store itself`, "advisory");
}

export interface BucketRuleSpec {
    id: string;
    item: string;
    description: string;
    /** What to verify by hand on a store the stack does not create. */
    what: string;
    fix: string;
    judge(bucket: BucketView, ctx: CheckContext): { ok: boolean; evidence: string };
}

export function bucketRule(spec: BucketRuleSpec): Rule {
    return {
        id: spec.id,
        item: spec.item,
        severity: "mandatory",
        description: spec.description,
        check(ctx) {
            if (!["aws", "gcp", "azure"].includes(ctx.cloud)) return unmanagedStore(ctx, spec.what);
            const buckets = backupBuckets(ctx);
            if (buckets.length === 0) return fail(`no ${ctx.cloud} backup storage in the plan`);
            const findings = buckets.map((b) => ({ label: b.label, ...spec.judge(b, ctx) }));
            return judge(
                findings.filter((f) => !f.ok).map((f) => `${f.label}: ${f.evidence}`),
                findings.map((f) => `${f.label}: ${f.evidence}`),
                spec.fix,
            );
        },
    };
}
