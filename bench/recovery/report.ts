/**
 * The recovery bench's arithmetic, as pure functions: medians, ratios against barman's defaults,
 * the printed table, the CI regression check, the rule that picks settings from the figures, and
 * the RTO estimate docs/database.md gives users.
 */
import { Profile } from "./profiles";
import { RestoreCalls } from "./wal-scripts";

export interface BacklogSample {
    /** Seconds since the write load started. */
    t: number;
    /** `.ready` files in pg_wal/archive_status: segments written but not archived yet. */
    ready: number;
    /** Age in seconds of the oldest of them (0 when none). */
    oldestAgeSeconds: number;
}

export interface Measurement {
    store: string;
    /** Requested size of generated data, GB. */
    sizeGb: number;
    profile: Profile;
    /** Every database of the instance at backup time (sum of pg_database_size): what a restore brings back. */
    dbBytes: number;
    backup: { seconds: number; cpuSeconds: number; storedBytes: number };
    archive: {
        walBytes: number;
        loadSeconds: number;
        /** From the start of the load until no segment waits to be archived. */
        drainSeconds: number;
        peakReady: number;
        peakOldestAgeSeconds: number;
        cpuSeconds: number;
        /** Bytes the archived WAL takes in the store (S3 only: s3rver keeps one file per object). */
        storedBytes?: number;
        samples: BacklogSample[];
    };
    restore: {
        /** barman-cloud-restore of the base backup. */
        downloadSeconds: number;
        /** Start of the restored server until it is promoted at the target (WAL fetch + replay). */
        replaySeconds: number;
        cpuSeconds: number;
        walBytes: number;
        /** The restore_command calls of the WAL part: how many, how many found nothing, how long they took. */
        calls?: RestoreCalls;
    };
}

export const GB = 1024 ** 3;
export const MB = 1024 ** 2;

export function median(values: number[]): number {
    if (values.length === 0) throw new Error("median of no values");
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function restoreSeconds(m: Measurement): number {
    return m.restore.downloadSeconds + m.restore.replaySeconds;
}

/** CPU cores used on average while the step ran (CPU seconds / wall seconds). */
export function cores(cpuSeconds: number, wallSeconds: number): number {
    return wallSeconds > 0 ? cpuSeconds / wallSeconds : 0;
}

/** WAL archiving throughput: bytes archived per second of load plus drain (MB/s). */
export function archiveMBps(m: Measurement): number {
    return m.archive.drainSeconds > 0 ? m.archive.walBytes / MB / m.archive.drainSeconds : 0;
}

/** The figures of one (store, size, profile) over its repeated runs: medians of each. */
export interface Summary {
    store: string;
    sizeGb: number;
    profile: string;
    runs: number;
    dbGb: number;
    backupSeconds: number;
    backupMBps: number;
    storedMb: number;
    backupCores: number;
    restoreSeconds: number;
    restoreSecondsPerGb: number;
    /** The base backup part of the restore (barman-cloud-restore), per GB of database. */
    downloadSecondsPerGb: number;
    /** The WAL part (fetch through restore_command + replay + promotion), per GB of WAL. */
    replaySecondsPerWalGb: number;
    /** Of the WAL part: seconds PostgreSQL waited on restore_command, and its barman calls (found or not). */
    walFetchSeconds?: number;
    walFetches?: number;
    walFetchesMissing?: number;
    restoreCores: number;
    /**
     * CPU seconds of the barman-cloud processes for the backup, the restore (download + every
     * restore_command) and archiving the load's WAL. On a shared machine these are steadier than
     * wall time, and in the cluster they come out of the Postgres pod's CPU.
     */
    backupCpuSeconds: number;
    restoreCpuSeconds: number;
    archiveCpuSeconds: number;
    /** restoreCpuSeconds / barman-defaults'. */
    restoreCpuRatio?: number;
    /** Archived WAL in the store per MB of WAL written (S3 only; 1 = uncompressed). */
    walStoredFraction?: number;
    archiveMBps: number;
    peakReady: number;
    peakOldestAgeSeconds: number;
    archiveCores: number;
    /** restoreSeconds / the same of barman's defaults at this store and size (<1 is faster). */
    restoreRatio?: number;
    backupRatio?: number;
    archiveRatio?: number;
}

function key(m: { store: string; sizeGb: number }): string {
    return `${m.store}@${m.sizeGb}`;
}

/**
 * The measurements that form complete pairs: per store and size, the first n runs of each of the
 * two profiles, n being the smaller count. A run whose partner was stopped by the deadline is
 * left out, so a ratio always compares runs that saw the same stretch of machine load.
 */
export function completePairs(measurements: Measurement[], a: string, b: string): Measurement[] {
    const out: Measurement[] = [];
    const where = new Set(measurements.map(key));
    for (const k of where) {
        const of = (name: string) => measurements.filter((m) => key(m) === k && m.profile.name === name);
        const n = Math.min(of(a).length, of(b).length);
        out.push(...of(a).slice(0, n), ...of(b).slice(0, n));
    }
    return out;
}

export function summarize(measurements: Measurement[], baseline: string): Summary[] {
    const groups = new Map<string, Measurement[]>();
    for (const m of measurements) {
        const k = `${key(m)}#${m.profile.name}`;
        groups.set(k, [...(groups.get(k) ?? []), m]);
    }
    const rows: Summary[] = [...groups.values()].map((ms) => {
        const med = (f: (m: Measurement) => number) => median(ms.map(f));
        const dbGb = med((m) => m.dbBytes / GB);
        const restore = med(restoreSeconds);
        return {
            store: ms[0].store,
            sizeGb: ms[0].sizeGb,
            profile: ms[0].profile.name,
            runs: ms.length,
            dbGb,
            backupSeconds: med((m) => m.backup.seconds),
            backupMBps: med((m) => m.dbBytes / MB / m.backup.seconds),
            storedMb: med((m) => m.backup.storedBytes / MB),
            backupCores: med((m) => cores(m.backup.cpuSeconds, m.backup.seconds)),
            restoreSeconds: restore,
            restoreSecondsPerGb: med((m) => restoreSeconds(m) / (m.dbBytes / GB)),
            downloadSecondsPerGb: med((m) => m.restore.downloadSeconds / (m.dbBytes / GB)),
            replaySecondsPerWalGb: med((m) => m.restore.replaySeconds / (m.restore.walBytes / GB)),
            ...(ms.every((m) => m.restore.calls)
                ? {
                      walFetchSeconds: med((m) => m.restore.calls!.seconds),
                      walFetches: med((m) => m.restore.calls!.fetched),
                      walFetchesMissing: med((m) => m.restore.calls!.missing),
                  }
                : {}),
            restoreCores: med((m) => cores(m.restore.cpuSeconds, restoreSeconds(m))),
            archiveMBps: med(archiveMBps),
            peakReady: med((m) => m.archive.peakReady),
            peakOldestAgeSeconds: med((m) => m.archive.peakOldestAgeSeconds),
            archiveCores: med((m) => cores(m.archive.cpuSeconds, m.archive.drainSeconds)),
            backupCpuSeconds: med((m) => m.backup.cpuSeconds),
            restoreCpuSeconds: med((m) => m.restore.cpuSeconds),
            archiveCpuSeconds: med((m) => m.archive.cpuSeconds),
            ...(ms.every((m) => m.archive.storedBytes !== undefined) ? { walStoredFraction: med((m) => m.archive.storedBytes! / m.archive.walBytes) } : {}),
        };
    });
    return withRatios(rows, baseline);
}

/** Adds ratios against the baseline profile's row of the same store and size (when measured). */
export function withRatios(rows: Summary[], baseline: string): Summary[] {
    return rows.map((r) => {
        const base = rows.find((b) => b.profile === baseline && key(b) === key(r));
        if (!base) return r;
        return {
            ...r,
            restoreRatio: r.restoreSeconds / base.restoreSeconds,
            ...(base.restoreCpuSeconds > 0 ? { restoreCpuRatio: r.restoreCpuSeconds / base.restoreCpuSeconds } : {}),
            backupRatio: r.backupSeconds / base.backupSeconds,
            archiveRatio: base.archiveMBps > 0 ? r.archiveMBps / base.archiveMBps : undefined,
        };
    });
}

const COLUMNS: { head: string; cell: (r: Summary) => string }[] = [
    { head: "store", cell: (r) => r.store },
    { head: "GB", cell: (r) => r.dbGb.toFixed(2) },
    { head: "profile", cell: (r) => r.profile },
    { head: "runs", cell: (r) => String(r.runs) },
    { head: "backup s", cell: (r) => r.backupSeconds.toFixed(1) },
    { head: "MB/s", cell: (r) => r.backupMBps.toFixed(0) },
    { head: "stored MB", cell: (r) => r.storedMb.toFixed(0) },
    { head: "WAL stored", cell: (r) => (r.walStoredFraction === undefined ? "-" : `${(r.walStoredFraction * 100).toFixed(0)}%`) },
    { head: "restore s", cell: (r) => r.restoreSeconds.toFixed(1) },
    { head: "s/GB", cell: (r) => r.restoreSecondsPerGb.toFixed(0) },
    { head: "restore×", cell: (r) => ratio(r.restoreRatio) },
    { head: "WAL fetch s (calls/missing)", cell: (r) => (r.walFetchSeconds === undefined ? "-" : `${r.walFetchSeconds.toFixed(1)} (${r.walFetches}/${r.walFetchesMissing})`) },
    { head: "backup×", cell: (r) => ratio(r.backupRatio) },
    { head: "WAL MB/s", cell: (r) => r.archiveMBps.toFixed(1) },
    { head: "archive×", cell: (r) => ratio(r.archiveRatio) },
    { head: "peak .ready", cell: (r) => r.peakReady.toFixed(0) },
    { head: "oldest s", cell: (r) => r.peakOldestAgeSeconds.toFixed(0) },
    { head: "CPU s b/a/r", cell: (r) => `${r.backupCpuSeconds.toFixed(1)}/${r.archiveCpuSeconds.toFixed(1)}/${r.restoreCpuSeconds.toFixed(1)}` },
    { head: "restore CPU×", cell: (r) => ratio(r.restoreCpuRatio) },
    { head: "cores b/a/r", cell: (r) => `${r.backupCores.toFixed(2)}/${r.archiveCores.toFixed(2)}/${r.restoreCores.toFixed(2)}` },
];

function ratio(x: number | undefined): string {
    return x === undefined ? "-" : `${x.toFixed(2)}`;
}

/** The printed table: one row per store, size and profile; numbers right-aligned. */
export function table(rows: Summary[]): string {
    const cells = [COLUMNS.map((c) => c.head), ...rows.map((r) => COLUMNS.map((c) => c.cell(r)))];
    const widths = COLUMNS.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
    const textColumns = new Set([0, 2]);
    return (
        cells
            .map((row) => row.map((cell, i) => (textColumns.has(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd())
            .join("\n") + "\n"
    );
}

export interface CheckResult {
    passed: boolean;
    lines: string[];
}

/**
 * The regression check CI runs at a small size, on ratios only (absolute times on a shared
 * machine mean little): at every store and size, the shipped profile's median restore time is at
 * most `factor` times barman's defaults', and its restore and archive CPU stay within `cpuBudget`
 * cores (what a Postgres pod is given). The factor is generous on purpose: on a noisy machine a
 * tight bound would fail for reasons that are not a regression.
 */
export function regressionCheck(rows: Summary[], shipped: string, factor: number, cpuBudget: number): CheckResult {
    const lines: string[] = [];
    let passed = true;
    const mine = rows.filter((r) => r.profile === shipped);
    if (mine.length === 0) return { passed: false, lines: [`no measurement of the ${shipped} profile`] };
    for (const r of mine) {
        const where = `${r.store} ${r.dbGb.toFixed(2)} GB`;
        if (r.restoreRatio === undefined) {
            passed = false;
            lines.push(`${where}: no barman-defaults measurement to compare with`);
            continue;
        }
        const ok = r.restoreRatio <= factor;
        const cpuOk = r.restoreCores <= cpuBudget && r.archiveCores <= cpuBudget;
        passed = passed && ok && cpuOk;
        lines.push(
            `${where}: restore ${r.restoreRatio.toFixed(2)}× barman defaults (limit ${factor}×) ${ok ? "ok" : "TOO SLOW"}; ` +
                `CPU restore ${r.restoreCores.toFixed(2)}, archive ${r.archiveCores.toFixed(2)} cores (budget ${cpuBudget}) ${cpuOk ? "ok" : "OVER BUDGET"}`,
        );
    }
    return { passed, lines };
}

/**
 * The settings the figures favour among measured profiles of one store and size: only profiles
 * whose restore and archive CPU stay within the pod's budget; among those the fastest restore; a
 * profile within `tolerance` (relative) of the fastest counts as tied, and ties go to the
 * smaller stored backup (less to download from a real object store, less to keep for a month),
 * then to the higher archive throughput.
 */
export function favoured(rows: Summary[], cpuBudget: number, tolerance = 0.1): Summary | undefined {
    const ok = rows.filter((r) => r.restoreCores <= cpuBudget && r.archiveCores <= cpuBudget);
    if (ok.length === 0) return undefined;
    const fastest = Math.min(...ok.map((r) => r.restoreSeconds));
    return ok
        .filter((r) => r.restoreSeconds <= fastest * (1 + tolerance))
        .sort((a, b) => a.storedMb - b.storedMb || b.archiveMBps - a.archiveMBps)[0];
}

export interface RtoInputs {
    /** Database size, GB. */
    dbGb: number;
    /** WAL written between the base backup the restore starts from and the target, GB. */
    walGb: number;
    /** Base backup download + unpack, seconds per GB of database (measured: restoreSecondsPerGb without replay). */
    restoreSecondsPerGb: number;
    /** WAL fetch + replay, seconds per GB of WAL. */
    replaySecondsPerGb: number;
    /** Fixed cost: scheduling the new cluster's pod, attaching its volume, starting Postgres (seconds). */
    fixedSeconds: number;
}

/** RTO ≈ fixed + size × restore s/GB + WAL since the backup × replay s/GB. */
export function rtoSeconds(i: RtoInputs): number {
    for (const [k, v] of Object.entries(i)) {
        if (!Number.isFinite(v) || v < 0) throw new Error(`rto: ${k} must be a number >= 0, got ${v}`);
    }
    return i.fixedSeconds + i.dbGb * i.restoreSecondsPerGb + i.walGb * i.replaySecondsPerGb;
}
