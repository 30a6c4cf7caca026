/**
 * Alert thresholds derived from the stack's config, as pure functions: the backup schedule, the
 * WAL archive timeout, the delayed replica's delay and the synchronous quorum decide when an
 * alert fires, so a config change moves its alerts with it. Fixed numbers are only those the
 * issue or an upstream default gives (80 % volume usage, certificate lead time).
 */
import { regionLossRpoSeconds } from "../cloud/replica";
import { backupPolicy } from "../config/backup-policy";
import { maxIntervalHours } from "../config/cron";
import { FhirHaConfig } from "../config/types";

/** Time a base backup may take to complete after its scheduled start (large databases take hours). */
export const BASE_BACKUP_MARGIN_SECONDS = 6 * 3600;
/** WAL not archived for this many archive_timeouts while segments wait: archiving is stuck. */
export const ARCHIVE_TIMEOUTS_BEFORE_STALE = 3;
/** Volume usage that alerts (the figure). */
export const VOLUME_USAGE_RATIO = 0.8;
/** cert-manager renews at two thirds of a certificate's life; with 14 days left, renewal has failed for long. */
export const CERTIFICATE_LEAD_SECONDS = 14 * 86_400;
/** A replication bound for a store whose cloud states none: the 15 minutes the clouds' own bounds give. */
export const UNSTATED_REPLICATION_SECONDS = 15 * 60;

export interface AlertThresholds {
    /** Age of the newest base backup beyond which the full-backup schedule has been missed. */
    baseBackupMaxAgeSeconds: number;
    /** archive_timeout in seconds: how long a failing archiver may go on before it alerts. */
    archiveTimeoutSeconds: number;
    /** Seconds since the last archived WAL (with segments waiting) that count as stale. */
    walArchiveStaleSeconds: number;
    /** Standbys that must stream for commits not to block (the ANY n quorum); 0 = no synchronous replication. */
    synchronousStandbys: number;
    /** Standbys the primary cluster has: fewer streaming is degraded. */
    standbys: number;
    /**
     * Replication lag of a standby that alerts: one archive_timeout. A standby further behind
     * than the archive has less than a restore from the object store would.
     */
    replicationLagSeconds: number;
    /**
     * A standby of a region pair: how late it may replay the other region's archive, the stated
     * RPO (backup.walArchiveTimeout + the cloud's replication bound, src/cloud/replica); where the
     * cloud states no bound (a store you bring), the archive timeout + 15 minutes.
     */
    standbyReplayLagSeconds: number;
    /** The delayed replica's configured delay, and the window its apply lag must stay in. */
    delaySeconds: number;
    delayedLagMinSeconds: number;
    delayedLagMaxSeconds: number;
    volumeUsageRatio: number;
    certificateLeadSeconds: number;
}

/**
 * The window of the delayed replica's apply lag. The lag (now minus the replayed commit's
 * timestamp) is never below the delay while the delay works, so 90 % of it means WAL is applied
 * too early; it grows between commits, so the upper edge leaves a quarter of the delay (at
 * least an hour) for quiet periods before it calls the replica stuck.
 */
export function delayedReplicaWindow(delaySeconds: number): { min: number; max: number } {
    return { min: Math.floor(delaySeconds * 0.9), max: delaySeconds + Math.max(3600, Math.floor(delaySeconds / 4)) };
}

export function alertThresholds(config: FhirHaConfig): AlertThresholds {
    const policy = backupPolicy(config.backup, config.database);
    const window = delayedReplicaWindow(policy.delaySeconds);
    return {
        baseBackupMaxAgeSeconds: maxIntervalHours(config.backup.full) * 3600 + BASE_BACKUP_MARGIN_SECONDS,
        archiveTimeoutSeconds: policy.archiveTimeoutSeconds,
        walArchiveStaleSeconds: ARCHIVE_TIMEOUTS_BEFORE_STALE * policy.archiveTimeoutSeconds,
        synchronousStandbys: config.database.synchronousReplicas,
        standbys: config.database.instances - 1,
        replicationLagSeconds: policy.archiveTimeoutSeconds,
        standbyReplayLagSeconds: regionLossRpoSeconds(config.cloud, policy.archiveTimeoutSeconds) ?? policy.archiveTimeoutSeconds + UNSTATED_REPLICATION_SECONDS,
        delaySeconds: policy.delaySeconds,
        delayedLagMinSeconds: window.min,
        delayedLagMaxSeconds: window.max,
        volumeUsageRatio: VOLUME_USAGE_RATIO,
        certificateLeadSeconds: CERTIFICATE_LEAD_SECONDS,
    };
}

/** A duration as Prometheus writes it in `for:` ("5m", "1h30m", "45s"). */
export function promDuration(seconds: number): string {
    if (seconds <= 0) return "0s";
    const units: [string, number][] = [["d", 86_400], ["h", 3600], ["m", 60], ["s", 1]];
    let rest = Math.round(seconds);
    let out = "";
    for (const [u, n] of units) {
        const k = Math.floor(rest / n);
        if (k > 0) {
            out += `${k}${u}`;
            rest -= k * n;
        }
    }
    return out;
}
