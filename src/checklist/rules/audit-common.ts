/** Shared by the audit-trail rules: how long records must be kept, and how a rule follows wiring. */
import { ACCESS_LOG_BUCKET_TAG } from "../../cloud/audit-retention";
import { ofType } from "../resources";
import { referenceOf } from "../unknown";
import { CheckContext, CheckedResource, RuleResult } from "../types";

/** True when `value` is one output of `r` (the offline plan's reference), or `r`'s id/name as text. */
export function pointsAt(value: unknown, r: CheckedResource, ...names: unknown[]): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value === "string") return [r.inputs?.id, `${r.name}-id`, ...names].filter(Boolean).includes(value);
    return referenceOf(value)?.urn === r.urn;
}

/** "kept N days" when N covers the window, else the shortfall, for evidence. */
export function keptFor(what: string, days: number | undefined, window: number): { ok: boolean; text: string } {
    if (days === undefined) return { ok: true, text: `${what}: no expiry` };
    return days >= window ? { ok: true, text: `${what} kept ${days} days (window ${window})` } : { ok: false, text: `${what} kept only ${days} days, less than the ${window}-day backup window` };
}

export const S3_LOGGING = "aws:s3/bucketLogging:BucketLogging";

/** The stack's S3 buckets that receive the backup bucket's access logs (by their tag): not backup buckets. */
export function accessLogBuckets(ctx: CheckContext): CheckedResource[] {
    return ofType(ctx, "aws:s3/bucket:Bucket").filter((b) => b.inputs?.tags?.[ACCESS_LOG_BUCKET_TAG.key] === ACCESS_LOG_BUCKET_TAG.value);
}

type CloudCheck = (ctx: CheckContext) => RuleResult;

/** The rule's check for the stack's cloud, or `otherwise` (the kubernetes target). */
export function perCloud(ctx: CheckContext, checks: { aws: CloudCheck; gcp: CloudCheck; azure: CloudCheck }, otherwise: CloudCheck): RuleResult {
    const check = (checks as Record<string, CloudCheck>)[ctx.cloud];
    return check ? check(ctx) : otherwise(ctx);
}
