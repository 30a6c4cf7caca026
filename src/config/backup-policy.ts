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
 * docs/database.md, "Recovery speed (measured)"; barman-cloud 3.4 against s3rver on a shared
 * 2-core machine, one pair of runs per size, so every ratio carries ~±30% of noise):
 *
 * - Compression gzip for WAL and base backups. Point-in-time restore with gzip against barman's
 *   defaults (uncompressed, same parallelism): 0.56x the time at 0.21 GB (26 s vs 47 s, 0.79x the
 *   restore CPU), 0.74x at 0.09 GB, but 1.11-1.40x (median 1.20, +1-3 s on ~20 s) in three pairs
 *   at 0.03 GB, where a restore is mostly fixed process starts and decompressing costs a little
 *   CPU more than it saves. The saving grows with size: fewer bytes to fetch, and on a real store
 *   fewer bytes over the network. Stored: base backup about 6x smaller (36 MB for 220 MB), WAL 7-12%
 *   of its size, so a month of retained WAL costs a fraction. So gzip stays, and the one size where
 *   it loses (a database of tens of MB, a restore of ~20 s) is stated in the docs. Not measured:
 *   snappy (Debian's python3-snappy 0.5.3 fails under Python 3.11: bench/recovery/profiles.ts) and
 *   lz4/zstd/xz (not in barman-cloud 3.4); bzip2 restored 1.12x slower than barman's defaults at
 *   0.09 GB with 1.31x the CPU. "none" is accepted here and renders no compression field.
 * - wal.maxParallel 1 (was 4): every segment is one barman process (~1.8 CPU s measured per call,
 *   mostly Python start), and a restore call with maxParallel 4 starts 4 of them, prefetching
 *   segments that may not exist (end of WAL, a new timeline). Measured with gzip at 0.06 GB, the
 *   point-in-time restore took 1.47x and 1.61x as long as barman's defaults and 1.5-1.6x the CPU
 *   seconds: on CPU the pod is given (1 core) parallelism costs more than it hides. It is config
 *   (backup.walMaxParallel): raise it together with database.cpu for write rates near one segment
 *   per second, or to drain a backlog faster when cores are spare.
 * - data.jobs 2 (barman's own default): base-backup upload streams; on a CPU-bound machine more
 *   streams do not help, in a cloud with a large database they do, so it is config
 *   (backup.dataJobs) for large databases.
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
