/**
 * The stated RTO of a region loss, from rates measured on real PostgreSQL and barman-cloud:
 * - promoting a standby region (a CNPG replica cluster replaying the replicated archive): the
 *   promotion itself plus replaying the WAL the standby has not replayed yet, which is at most
 *   the WAL of the RPO window (segments that reach the second region late arrive together);
 * - without a standby, rebuilding in the other region: restoring the newest base backup and
 *   replaying the WAL archived since it (up to one `backup.full` interval of WAL).
 * Neither counts the time to decide, to run `pulumi up` (and, for a rebuild, to build the stack)
 * nor to point clients at the other region: those are the user's.
 * Pure: no SDK, no I/O.
 */

/** Bytes per GB as the recovery bench counts them (bench/recovery/report.ts: 1024^3). */
const GB = 1024 ** 3;

export interface RecoveryRates {
    /** WAL fetch (one barman-cloud-wal-restore per 16 MiB segment) and replay, seconds per GB of WAL. */
    walReplaySecondsPerGb: number;
    /** Base-backup download and unpack (barman-cloud-restore), seconds per GB of database. */
    baseBackupSecondsPerGb: number;
    /** The promotion of a standby that is caught up: end of recovery to the first acknowledged write. */
    promotionSeconds: number;
}

/**
 * The conservative figures this project states, each the slowest measured median:
 * - WAL 216 s/GB and base backup 6.8 s/GB: the recovery bench (`npm run bench:recovery`,
 *   bench/recovery/report.ts `replaySecondsPerWalGb` and `downloadSecondsPerGb`) with the shipped
 *   settings on the S3 emulator; medians 216 and 6.8 at 0.27 GB, 156 and 4.7 at 0.52 GB, 135 and
 *   4.4 at 1.02 GB (docs/database.md, "Recovery speed (measured)", the RTO estimate). The WAL rate is
 *   mostly one barman-cloud-wal-restore process start per 16 MiB segment; a real cloud store adds
 *   its request latency and transfer time per segment, which the emulator on loopback does not.
 * - promotion 20 s: drill 11 (region-loss-standby-promotion), loss to the first write the promoted
 *   server acknowledged, 10.4-19.3 s over six emergency promotions (docs/drills.md, "Measured").
 */
export const MEASURED_RECOVERY_RATES: RecoveryRates = {
    walReplaySecondsPerGb: 216,
    baseBackupSecondsPerGb: 6.8,
    promotionSeconds: 20,
};

function checked(name: string, value: number): number {
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0, got ${value}`);
    return value;
}

/** Promoting a standby region: the promotion plus replaying the WAL it has not replayed yet (GB). */
export function standbyPromotionRtoSeconds(unreplayedWalGb: number, rates: RecoveryRates = MEASURED_RECOVERY_RATES): number {
    return rates.promotionSeconds + checked("unreplayedWalGb", unreplayedWalGb) * rates.walReplaySecondsPerGb;
}

/** Rebuilding without a standby: the base backup of `databaseGb` plus `walGb` of WAL archived since it. */
export function rebuildRestoreSeconds(databaseGb: number, walGb: number, rates: RecoveryRates = MEASURED_RECOVERY_RATES): number {
    return checked("databaseGb", databaseGb) * rates.baseBackupSecondsPerGb + checked("walGb", walGb) * rates.walReplaySecondsPerGb;
}

/**
 * What the stated rebuild RTO is computed from: the stack's `database.storageSize` and
 * `backup.full`, as written (for the note) and as the config tier parses them (the caller's job:
 * this folder sits below config).
 */
export interface RebuildSize {
    /** fhir-ha:database.storageSize, a quantity ("100Gi"): the most the database can hold. */
    storageSize: string;
    storageBytes: number;
    /** fhir-ha:backup.full, a schedule: the WAL since the newest base backup spans at most its longest interval. */
    full: string;
    fullIntervalHours: number;
}

/**
 * The plan note's RTO clause: both paths as formulas with the figures of this stack's config;
 * `rpoSeconds` bounds the WAL a standby may still have to replay. Without `size` the rebuild
 * clause gives the rates only.
 */
export function regionLossRtoClause(rpoSeconds: number, size?: RebuildSize, rates: RecoveryRates = MEASURED_RECOVERY_RATES): string {
    const wal = `${rates.walReplaySecondsPerGb} s/GB of WAL`;
    const standby = `promoting a standby there ${rates.promotionSeconds} s + ${wal} not yet replayed (at most the last ${Math.round(rpoSeconds / 60)} min's)`;
    const base = size
        ? `${size.storageSize} (fhir-ha:database.storageSize) × ${rates.baseBackupSecondsPerGb} s/GB = ${Math.round(rebuildRestoreSeconds(size.storageBytes / GB, 0, rates))} s`
        : `${rates.baseBackupSecondsPerGb} s/GB of database`;
    const since = size ? ` (at most ${size.fullIntervalHours} h, fhir-ha:backup.full ${size.full})` : "";
    return `${standby}; rebuilding there, once the stack is built, ${base} + ${wal} since the last full backup${since}; each + your decision time`;
}
