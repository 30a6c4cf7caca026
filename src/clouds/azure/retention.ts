/**
 * How long Blob storage keeps what Barman deletes or overwrites, derived from the backup policy
 * in one place. Barman removes backups and WAL once they fall out of `backup.retention`; the
 * storage account's own protection (soft delete, old versions, optional WORM) must cover at
 * least that window, so a wrong delete (a bug, a compromised pod) can be undone for as long as
 * the data was supposed to exist.
 */
import { backupPolicy } from "../../config/backup-policy";
import { maxIntervalHours } from "../../config/cron";
import { BackupConfig, DatabaseConfig } from "../../config/types";

/** Extra days beyond the retention: time to notice a bad delete and restore it. */
export const PROTECTION_MARGIN_DAYS = 7;

/** Azure's ceiling for blob and container soft delete. */
export const MAX_SOFT_DELETE_DAYS = 365;

export interface BlobProtection {
    retentionDays: number;
    /** Blob and container soft delete. */
    softDeleteDays: number;
    /**
     * The lifecycle rule deletes previous blob versions this many days after the version was
     * CREATED (Azure ages a version from its creation time, i.e. when that content was written,
     * not from when it was superseded: learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview,
     * `daysAfterCreationGreaterThan` for versions). A blob lives up to `maxBlobLifeDays` before
     * Barman deletes it, so a version must be kept that long plus the margin for a wrong delete
     * at the end of its life to stay recoverable for the margin.
     */
    deleteVersionsAfterDays: number;
    /** Longest a blob lives under Barman's retention: the window plus one full-backup interval (the base backup and WAL that the window's oldest point still needs). */
    maxBlobLifeDays: number;
    /** Version-level WORM period when `backup.immutable` (Barman only deletes blobs older than the retention). */
    immutabilityDays: number;
}

export function blobProtection(backup: BackupConfig, database: DatabaseConfig): BlobProtection {
    const retentionDays = backupPolicy(backup, database).retentionDays;
    const covered = retentionDays + PROTECTION_MARGIN_DAYS;
    const fullIntervalDays = Math.ceil(maxIntervalHours(backup.full) / 24);
    const maxBlobLifeDays = retentionDays + fullIntervalDays;
    return {
        retentionDays,
        // Soft delete counts from the deletion itself.
        softDeleteDays: covered,
        deleteVersionsAfterDays: maxBlobLifeDays + PROTECTION_MARGIN_DAYS,
        maxBlobLifeDays,
        immutabilityDays: retentionDays,
    };
}

/** Problems with the retention as Azure can store it (checked before any resource exists). */
export function retentionProblems(backup: BackupConfig, database: DatabaseConfig): string[] {
    const p = blobProtection(backup, database);
    if (p.softDeleteDays <= MAX_SOFT_DELETE_DAYS) return [];
    return [
        `fhir-ha:backup.retention = ${JSON.stringify(backup.retention)}: on Azure at most ${MAX_SOFT_DELETE_DAYS - PROTECTION_MARGIN_DAYS}d, ` +
            `because blob soft delete (retention + ${PROTECTION_MARGIN_DAYS}d margin) is capped at ${MAX_SOFT_DELETE_DAYS} days`,
    ];
}
