import { retentionDays } from "../durations";
import { ofType, T } from "../resources";
import { CheckContext } from "../types";
import { bucketRule } from "./bucket-rule";

/** The longest recovery window of the ObjectStores: the storage must not forget sooner. */
export function windowDays(ctx: CheckContext): number {
    const days = ofType(ctx, T.objectStore).map((s) => retentionDays(s.inputs?.spec?.retentionPolicy) ?? 0);
    return Math.max(30, ...days);
}

/**
 * Barman deletes what falls out of the recovery window itself; the storage's own expiry must not
 * delete backups earlier, and a deleted or overwritten object must stay recoverable at least as
 * long as the window, so a mistaken or malicious delete can be undone.
 */
export const bucketRetention = bucketRule({
    id: "bucket-retention",
    item: "monthly-retention",
    description: "Storage lifecycle and soft delete keep deleted backups at least as long as the retention window",
    what: "that lifecycle rules and soft delete keep deleted objects at least as long as fhir-ha:backup.retention",
    fix: "keep the storage's noncurrent-version / soft-delete expiry at least fhir-ha:backup.retention (the cloud targets add 7 days to it)",
    judge(b, ctx) {
        const days = windowDays(ctx);
        const evidence = `${b.retentionEvidence} (window ${days} days)`;
        if (b.liveDeletedAfter !== undefined && b.liveDeletedAfter < days) return { ok: false, evidence: `${evidence}: live backups deleted before the window ends` };
        if (b.recoverableDays < days) return { ok: false, evidence: `${evidence}: deleted objects recoverable only ${b.recoverableDays} days` };
        return { ok: true, evidence };
    },
});
