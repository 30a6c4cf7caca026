/** Shared by the audit-trail rules: how long records must be kept, and how a rule follows wiring. */
import { ofType } from "../resources";
import { referenceOf } from "../unknown";
import { CheckContext, CheckedResource } from "../types";

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

/** S3 buckets that receive another bucket's access logs: not backup buckets. */
export function accessLogBuckets(ctx: CheckContext): CheckedResource[] {
    const targets = ofType(ctx, S3_LOGGING).map((l) => l.inputs?.targetBucket);
    return ofType(ctx, "aws:s3/bucket:Bucket").filter((b) => targets.some((t) => pointsAt(t, b, b.inputs?.bucket)));
}

