/**
 * How long the backup bucket keeps what is deleted, derived from `backup.retention` so the
 * bucket and the ObjectStore's retention can never disagree.
 *
 * - Versioning: when Barman expires a backup or WAL file (or anything overwrites or deletes an
 *   object by name), the live object becomes noncurrent and stays readable for the retention
 *   window plus a margin, then the lifecycle rule deletes it for good.
 * - Soft delete: versioning does not help against a delete that names a generation (a noncurrent
 *   version deleted on purpose, or `gcloud storage rm --all-versions`): that removes the version at
 *   once. The bucket's soft-delete policy keeps every deleted object, noncurrent versions included,
 *   restorable for the retention window plus the same margin, at most 90 days (GCS's limit).
 *   Sources: https://cloud.google.com/storage/docs/soft-delete ("7 to 90 days"; applies to
 *   deletes of noncurrent versions too) and https://cloud.google.com/storage/docs/object-versioning.
 *
 * `backup.immutable` (a bucket retention policy) is refused on GCP: see `immutableProblem`.
 */
import * as storage from "@pulumi/gcp/storage";
import { backupPolicy } from "../../config/backup-policy";
import { BackupConfig, DatabaseConfig } from "../../config/types";

/** Days deleted data outlives the retention window: a week to notice a bad delete. */
export const NONCURRENT_MARGIN_DAYS = 7;
/** GCS's soft-delete retention limits, in days. */
export const SOFT_DELETE_MIN_DAYS = 7;
export const SOFT_DELETE_MAX_DAYS = 90;

export interface BucketProtection {
    versioning: storage.BucketArgs["versioning"];
    lifecycleRules: storage.BucketArgs["lifecycleRules"];
    softDeletePolicy: storage.BucketArgs["softDeletePolicy"];
}

export function noncurrentRetentionDays(retentionDays: number): number {
    return retentionDays + NONCURRENT_MARGIN_DAYS;
}

/** Soft-delete days: retention + margin, within GCS's 7-90 day range. */
export function softDeleteDays(retentionDays: number): number {
    return Math.min(SOFT_DELETE_MAX_DAYS, Math.max(SOFT_DELETE_MIN_DAYS, noncurrentRetentionDays(retentionDays)));
}

export function bucketProtection(backup: BackupConfig, database: DatabaseConfig): BucketProtection {
    const { retentionDays } = backupPolicy(backup, database);
    return {
        versioning: { enabled: true },
        lifecycleRules: [
            {
                action: { type: "Delete" },
                condition: { daysSinceNoncurrentTime: noncurrentRetentionDays(retentionDays), withState: "ARCHIVED" },
            },
        ],
        softDeletePolicy: { retentionDurationSeconds: softDeleteDays(retentionDays) * 86_400 },
    };
}

/**
 * `backup.immutable` on GCP would be a bucket retention policy: no object younger than the
 * period can be deleted or REPLACED (https://cloud.google.com/storage/docs/bucket-lock). WAL
 * archiving needs replacement: PostgreSQL calls the archive command again for a segment whose
 * earlier attempt failed or was not confirmed (https://www.postgresql.org/docs/current/continuous-archiving.html,
 * "the archive command ... may be called again for the same file"), and barman-cloud-wal-archive
 * uploads that segment again under the same name. Under a retention policy that upload is
 * refused for as long as the first copy is younger than the period, so archiving stops at that
 * segment, `pg_wal` fills up, and the primary stops. GCS object holds have the same effect.
 * Versioning + soft delete give the undo that matters (above) without that failure mode.
 */
export function immutableProblem(backup: BackupConfig): string | undefined {
    if (!backup.immutable) return undefined;
    return (
        "fhir-ha:backup.immutable = true: not offered on gcp. A GCS retention policy forbids replacing an object younger than the period, " +
        "and WAL archiving re-uploads a segment after an interrupted attempt, so archiving would stall and fill pg_wal. " +
        "Set it to false: the bucket keeps deleted and overwritten backups through versioning and soft delete (docs/clouds/gcp.md)"
    );
}
