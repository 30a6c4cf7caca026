/**
 * Bucket lifecycle and Object Lock values derived from the backup policy. Barman Cloud deletes
 * backups and WAL that fall out of the recovery window itself; S3 only cleans up what that
 * leaves behind in a versioned bucket.
 */
import { backupPolicy } from "../../config/backup-policy";
import { BackupConfig, DatabaseConfig } from "../../config/types";

/**
 * Days a deleted (noncurrent) object version is kept beyond the retention: time to notice a
 * wrong deletion (by a person or a bad retention setting) and copy the versions back.
 */
export const NONCURRENT_MARGIN_DAYS = 7;

/** Incomplete multipart uploads (an interrupted base backup) are removed after this many days. */
export const ABORT_MULTIPART_DAYS = 7;

export interface BucketLifecycle {
    retentionDays: number;
    noncurrentDays: number;
    abortMultipartDays: number;
    /** Object Lock default retention in GOVERNANCE mode, when `backup.immutable`. */
    objectLockDays?: number;
}

export function bucketLifecycle(backup: BackupConfig, database: DatabaseConfig): BucketLifecycle {
    const { retentionDays } = backupPolicy(backup, database);
    return {
        retentionDays,
        noncurrentDays: retentionDays + NONCURRENT_MARGIN_DAYS,
        abortMultipartDays: ABORT_MULTIPART_DAYS,
        objectLockDays: backup.immutable ? retentionDays : undefined,
    };
}

/** The rules of the BucketLifecycleConfiguration (whole bucket: an empty filter). */
export function lifecycleRules(l: BucketLifecycle) {
    return [
        {
            id: "expire-deleted-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: l.noncurrentDays },
        },
        {
            // Separate rule: ExpiredObjectDeleteMarker cannot share an Expiration with days.
            id: "remove-orphan-delete-markers",
            status: "Enabled",
            filter: {},
            expiration: { expiredObjectDeleteMarker: true },
        },
        {
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: l.abortMultipartDays },
        },
    ];
}
