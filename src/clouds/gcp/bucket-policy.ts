/**
 * How long the backup bucket keeps what Barman deletes, derived from `backup.retention` so the
 * bucket and the ObjectStore's retention can never disagree.
 *
 * - Default: versioning on. When Barman expires a backup or WAL file, the object becomes
 *   noncurrent and stays recoverable for the retention window plus a margin, then the lifecycle
 *   rule deletes it. A mistaken or malicious delete through the backup identity can be undone.
 * - `backup.immutable`: a bucket retention policy of exactly the retention window, so no object
 *   can be deleted or overwritten before it is that old, not even by the backup identity. GCS does
 *   not allow a retention policy and versioning on one bucket, so versioning is off then. Barman
 *   only deletes backups that fell out of the recovery window, whose objects are already older.
 */
import * as storage from "@pulumi/gcp/storage";
import { backupPolicy } from "../../config/backup-policy";
import { BackupConfig, DatabaseConfig } from "../../config/types";

/** Days noncurrent versions outlive the retention window: a week to notice a bad delete. */
export const NONCURRENT_MARGIN_DAYS = 7;

export interface BucketProtection {
    versioning: storage.BucketArgs["versioning"];
    lifecycleRules: storage.BucketArgs["lifecycleRules"];
    retentionPolicy: storage.BucketArgs["retentionPolicy"];
}

export function noncurrentRetentionDays(retentionDays: number): number {
    return retentionDays + NONCURRENT_MARGIN_DAYS;
}

export function bucketProtection(backup: BackupConfig, database: DatabaseConfig): BucketProtection {
    const { retentionDays } = backupPolicy(backup, database);
    if (backup.immutable) {
        return {
            versioning: { enabled: false },
            lifecycleRules: [],
            // Not locked: locking is irreversible and is a deliberate step (see docs/clouds/gcp.md).
            retentionPolicy: { retentionPeriod: String(retentionDays * 86_400), isLocked: false },
        };
    }
    return {
        versioning: { enabled: true },
        lifecycleRules: [
            {
                action: { type: "Delete" },
                condition: { daysSinceNoncurrentTime: noncurrentRetentionDays(retentionDays), withState: "ARCHIVED" },
            },
        ],
        retentionPolicy: undefined,
    };
}
