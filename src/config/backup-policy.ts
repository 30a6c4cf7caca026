/**
 * The backup policy as the tools spell it, derived from config in one place. The database tier
 * renders these values into CNPG and Barman Cloud objects, and the recovery drills pass the very
 * same values to barman-cloud-* and PostgreSQL, so a drill tests what is deployed.
 */
import { toCnpgSchedule } from "./cron";
import { parseDuration, toGoDuration, toPostgresDuration, toRetentionPolicy } from "./duration";
import { BackupConfig, DatabaseConfig } from "./types";

/*
 * The ObjectStore's speed settings, chosen with `npm run bench:recovery` (figures and method in
 * docs/database.md, "Recovery speed (measured)": barman-cloud 3.4 against s3rver and Azurite on a
 * shared 2-core machine, load 1.5-9, profiles in interleaved pairs, 3-6 pairs per size for the
 * shipped settings, and each phase also timed apart in 8-12 interleaved repeats).
 *
 * - WAL uncompressed (backup.walCompression "none", was gzip). A restore's WAL part is one
 *   barman-cloud-wal-restore process per 16 MiB segment, ~1.1-2.3 s each here, nearly all Python
 *   start-up (a backup-list that moves no data took as long). gzip made each fetch cost 0.09 CPU s
 *   more (1.29 vs 1.20, 12 pairs; 1.07x the time per pair) and each archive call 0.37 CPU s more
 *   (2.26 vs 1.89 per segment, medians of the same runs), and fetching 4 instead of 16 MiB from an
 *   emulator on loopback saved nothing measurable. With gzip WAL the whole restore was 1.05x
 *   barman's defaults at 0.06 GB (3 pairs) and at 0.27 GB (2 pairs) on S3, so the shipped settings
 *   were not "at least as fast" at every size. Uncompressed WAL is what barman's defaults do, so the
 *   WAL part is the same work, and the sustainable archive rate per core is the higher one. The
 *   price is storage (gzip kept WAL at 8-16% of its size) and, in a cloud, bytes over the network; a
 *   user for whom those count more sets backup.walCompression (barman-cloud-wal-restore picks the
 *   decompression per segment by its suffix, barman/clients/cloud_walrestore.py, so an archive may
 *   mix both).
 * - Base backups gzip. The download of a base backup took 0.92x the uncompressed time at 0.07 GB
 *   (median of 8 pairs), 0.67-0.90x from 0.27 GB up on S3 and 0.46-0.62x on Azurite (medians per
 *   size), and stores a sixth of the bytes. It costs the backup: 1.1-2.1x the time and 1.8-4.7x the
 *   CPU (0.8 cores at 1 GB), within the pod's CPU. With it the whole restore measured 0.92x (0.06
 *   GB), 0.86x (0.27 GB), 0.92x (0.52 GB, 6 pairs) and 0.99x (1.02 GB, 4 pairs) of barman's defaults
 *   on S3, 0.97x (0.06 GB) on Azurite: at least as fast at every size measured. Single pairs scatter
 *   (the identical WAL part alone: 0.77-1.43x, median 1.01, over 19 pairs), so the ratios are
 *   medians. Not measured: snappy (Debian's python3-snappy 0.5.3 fails under Python 3.11:
 *   bench/recovery/profiles.ts) and lz4/zstd/xz (not in barman-cloud 3.4); bzip2 restored in 1.07x
 *   and 2.39x the time with 1.23-1.33x the CPU.
 * - wal.maxParallel 1 (was 4): a restore call with maxParallel N starts N barman processes,
 *   prefetching segments that may not exist (end of WAL, a new timeline). At 0.06 GB, N = 2/4/8
 *   restored in 1.05/1.12/0.97x the time with 0.99/1.25/1.23x the CPU (uncompressed WAL, one run
 *   each), and with gzip WAL 1.32-2.56x the time and 1.4-3.5x the CPU: on the pod's 1 core,
 *   parallelism costs more than it hides. It is config (backup.walMaxParallel): raise it together
 *   with database.cpu for sustained write rates above ~0.5 segment (8 MB) per second, what one core
 *   archived here, or to drain a backlog faster when cores are spare.
 * - data.jobs 2 (barman's own default): parallel upload streams of a base backup only
 *   (barman-cloud-restore 3.4 downloads one stream). On this CPU-bound machine 1/4/8 jobs took
 *   14.5/11.4/9.5 s against 10.5 s at 0.06 GB, one run each, which is noise; in a cloud with a large
 *   database more streams can fill the network, so it is config (backup.dataJobs).
 */
/** Default of fhir-ha:backup.walCompression (ObjectStore wal.compression; "none" renders no field). */
export const WAL_COMPRESSION = "none";
/**
 * What fhir-ha:backup.walCompression accepts: the plugin's enum for wal.compression
 * (plugin-barman-cloud v0.14.0 CRD, barmancloud.cnpg.io_v1_ObjectStore) and "none".
 */
export const WAL_COMPRESSIONS = ["none", "bzip2", "gzip", "lz4", "snappy", "xz", "zstd"];
/** Compression of base backups (ObjectStore data.compression). */
export const DATA_COMPRESSION = "gzip";
/** Default of fhir-ha:backup.walMaxParallel (ObjectStore wal.maxParallel). */
export const WAL_MAX_PARALLEL = 1;
/** Default of fhir-ha:backup.dataJobs (ObjectStore data.jobs). */
export const DATA_JOBS = 2;

export interface BackupPolicy {
    /** ObjectStore `spec.retentionPolicy`, e.g. "30d". */
    retentionPolicy: string;
    /** The same window as barman-cloud-backup-delete's --retention-policy, e.g. "RECOVERY WINDOW OF 30 DAYS". */
    barmanRetentionPolicy: string;
    retentionDays: number;
    /** PostgreSQL archive_timeout, e.g. "5min". */
    archiveTimeout: string;
    archiveTimeoutSeconds: number;
    /** CNPG 6-field schedules. */
    fullSchedule: string;
    incrementalSchedule: string;
    /** Cluster `spec.replica.minApplyDelay` (Go duration), e.g. "12h". */
    minApplyDelay: string;
    /** The same delay as PostgreSQL's recovery_min_apply_delay, e.g. "12h". */
    recoveryMinApplyDelay: string;
    delaySeconds: number;
    walCompression: string;
    dataCompression: string;
    /** ObjectStore `wal.maxParallel`. */
    walMaxParallel: number;
    /** ObjectStore `data.jobs`. */
    dataJobs: number;
}

function seconds(key: string, text: string): number {
    const s = parseDuration(text);
    if (s === undefined) throw new Error(`fhir-ha:${key} = ${JSON.stringify(text)}: not a duration`);
    return s;
}

/** Derives the policy from validated config (validation has already rejected bad values). */
export function backupPolicy(backup: BackupConfig, database: DatabaseConfig): BackupPolicy {
    const retention = seconds("backup.retention", backup.retention);
    const retentionPolicy = toRetentionPolicy(retention);
    if (!retentionPolicy) throw new Error(`fhir-ha:backup.retention = ${JSON.stringify(backup.retention)}: not whole days`);
    const retentionDays = retention / 86_400;
    const archive = seconds("backup.walArchiveTimeout", backup.walArchiveTimeout);
    const delay = seconds("database.delayedReplica.delay", database.delayedReplica.delay);
    return {
        retentionPolicy,
        barmanRetentionPolicy: `RECOVERY WINDOW OF ${retentionDays} DAYS`,
        retentionDays,
        archiveTimeout: toPostgresDuration(archive),
        archiveTimeoutSeconds: archive,
        fullSchedule: toCnpgSchedule(backup.full),
        incrementalSchedule: toCnpgSchedule(backup.incremental),
        minApplyDelay: toGoDuration(delay),
        recoveryMinApplyDelay: toPostgresDuration(delay),
        delaySeconds: delay,
        walCompression: backup.walCompression,
        dataCompression: DATA_COMPRESSION,
        walMaxParallel: backup.walMaxParallel,
        dataJobs: backup.dataJobs,
    };
}
