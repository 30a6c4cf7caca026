/**
 * One measured cycle of one ObjectStore profile against one store, on a primary that already holds
 * the generated data:
 *
 * 1. archive_command switches to the profile (its own barman server name, so cycles never share
 *    an archive), and everything already written is archived;
 * 2. base backup with barman-cloud-backup (time, CPU, bytes stored);
 * 3. write load of `walBytes` of WAL, rounded up to whole segments, while the `.ready` backlog is
 *    sampled (archiving throughput);
 * 4. a target time, a few rows after it and ~2 MB more WAL;
 * 5. point-in-time restore on a new server: barman-cloud-restore, then WAL fetch and replay through
 *    restore_command up to the target, until promotion (time, CPU, and how long PostgreSQL waited
 *    on restore_command in how many calls); the row count is checked.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ClusterArchive, ObjectStoreTarget, providerArgs, restoreArgs, underPrefix } from "../../drill/barman";
import { DrillContext } from "../../drill/context";
import { run, runOk } from "../../drill/exec";
import { baseSettings } from "../../drill/pg-conf";
import { makeOwnedDir, PgNode } from "../../drill/postgres";
import { toRecoveryTargetTime } from "../../drill/target-time";
import { sleep } from "../../drill/wait";
import { parseLsn } from "../../drill/lsn";
import { Profile } from "./profiles";
import { BacklogSample, Measurement } from "./report";
import { compressionArgs, cpuFromStderr, parseRestoreCalls, sumCpuLog, timedCommand, walArchiveScript, walRestoreScript } from "./wal-scripts";
import { insertBatch, LOAD_TABLE, rowsFor } from "./workload";

export interface CycleInput {
    ctx: DrillContext;
    primary: PgNode;
    store: ObjectStoreTarget;
    /** The emulator's data directory, to measure what a backup stores. */
    storeDir: string;
    bucket: string;
    sizeGb: number;
    profile: Profile;
    /** Unique barman server name of this cycle. */
    serverName: string;
    /** WAL the write load produces after the base backup. */
    walBytes: number;
    bytesPerRow: number;
}

/** Whole WAL segments the write load spans for a requested amount of WAL (at least one). */
export function loadSegments(walBytes: number, segmentBytes: number): number {
    if (!(segmentBytes > 0)) throw new Error(`segment size must be > 0, got ${segmentBytes}`);
    return Math.max(1, Math.ceil(walBytes / segmentBytes));
}

/** Bytes under a directory (du -sb), 0 when it does not exist. */
export function directoryBytes(dir: string): number {
    const r = spawnSync("du", ["-sb", dir], { encoding: "utf8" });
    return r.status === 0 ? Number(r.stdout.split(/\s/)[0]) : 0;
}

function ownedFile(ctx: DrillContext, file: string, text: string, mode: number): void {
    fs.writeFileSync(file, text, { mode });
    if (ctx.rt.user) fs.chownSync(file, ctx.rt.user.uid, ctx.rt.user.gid);
}

/** The `.ready` backlog of a server right now, read from its archive_status directory. */
export function backlog(dataDir: string, now = Date.now()): { ready: number; oldestAgeSeconds: number } {
    const dir = path.join(dataDir, "pg_wal", "archive_status");
    let ready = 0;
    let oldest = now;
    for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
        if (!name.endsWith(".ready")) continue;
        try {
            const st = fs.statSync(path.join(dir, name));
            ready++;
            oldest = Math.min(oldest, st.mtimeMs);
        } catch {
            /* archived while we looked */
        }
    }
    return { ready, oldestAgeSeconds: ready ? (now - oldest) / 1000 : 0 };
}

async function waitArchived(primary: PgNode, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (backlog(primary.dataDir).ready > 0) {
        if (Date.now() > deadline) throw new Error(`${primary.name}: WAL archive backlog not drained after ${timeoutMs / 1000} s`);
        await sleep(200);
    }
}

async function barmanTimed(ctx: DrillContext, tool: string, args: string[], store: ObjectStoreTarget, timeoutMs: number): Promise<{ seconds: number; cpuSeconds: number; stdout: string }> {
    const t0 = Date.now();
    const r = await run("bash", timedCommand(`barman-cloud-${tool}`, args), { env: { ...ctx.rt.env, ...store.env }, timeoutMs, ...(ctx.rt.user ?? {}) });
    const seconds = (Date.now() - t0) / 1000;
    if (r.code !== 0) throw new Error(`barman-cloud-${tool} ${r.timedOut ? "timed out" : `exited ${r.code}`}: ${r.stderr.trim().slice(-1500)}`);
    return { seconds, cpuSeconds: cpuFromStderr(r.stderr), stdout: r.stdout };
}

export async function runCycle(input: CycleInput): Promise<Measurement> {
    const { ctx, primary, store, profile } = input;
    const work = path.join(ctx.rt.root, input.serverName);
    makeOwnedDir(work, ctx.rt.user);
    const archive: ClusterArchive = { store: underPrefix(store, "bench"), serverName: input.serverName };
    const archiveSpool = path.join(work, "archive-spool");
    const restoreSpool = path.join(work, "restore-spool");
    makeOwnedDir(archiveSpool, ctx.rt.user);
    makeOwnedDir(restoreSpool, ctx.rt.user);
    const archiveCpu = path.join(work, "archive-cpu.log");
    const restoreCpu = path.join(work, "restore-cpu.log");
    const restoreCallLog = path.join(work, "restore-calls.log");
    ownedFile(ctx, archiveCpu, "", 0o644);
    ownedFile(ctx, restoreCpu, "", 0o644);
    ownedFile(ctx, restoreCallLog, "", 0o644);
    const archiveScript = path.join(work, "wal-archive.sh");
    const restoreScript = path.join(work, "wal-restore.sh");
    ownedFile(ctx, archiveScript, walArchiveScript({ archive, compression: profile.walCompression, maxParallel: profile.walMaxParallel, spoolDir: archiveSpool, cpuLog: archiveCpu }), 0o755);
    ownedFile(ctx, restoreScript, walRestoreScript({ archive, maxParallel: profile.walMaxParallel, spoolDir: restoreSpool, cpuLog: restoreCpu, callLog: restoreCallLog }), 0o755);

    // 1. This profile archives from now on; what was written before is shipped first. The previous
    //    cycle's load is emptied, so every cycle backs up the same data.
    await primary.sql(`TRUNCATE ${LOAD_TABLE}`);
    await primary.sql(`ALTER SYSTEM SET archive_command = '${archiveScript} %p %f'`);
    await primary.sql("SELECT pg_reload_conf()");
    await sleep(300);
    await primary.sql("SELECT pg_switch_wal()");
    await waitArchived(primary, 600_000);

    // 2. Base backup.
    // What a restore brings back: every database of the instance (barman backs up the whole PGDATA).
    const dbBytes = Number(await primary.sql("SELECT sum(pg_database_size(datname)) FROM pg_database"));
    const storedBefore = directoryBytes(input.storeDir);
    const backupArgs = [...providerArgs(archive.store), ...compressionArgs(profile.dataCompression), "-J", String(profile.dataJobs), "--immediate-checkpoint", "-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", archive.store.destinationPath, archive.serverName];
    const backup = await barmanTimed(ctx, "backup", backupArgs, store, 3_600_000);
    const storedBytes = storedUnder(input, "base") ?? directoryBytes(input.storeDir) - storedBefore;
    ctx.log(`${profile.name}: base backup of ${(dbBytes / 2 ** 20).toFixed(0)} MB in ${backup.seconds.toFixed(1)} s, ${(storedBytes / 2 ** 20).toFixed(0)} MB stored`);

    // 3. Write load and archive backlog.
    fs.writeFileSync(archiveCpu, "");
    const startLsn = parseLsn(await primary.sql("SELECT pg_current_wal_lsn()"));
    const samples: BacklogSample[] = [];
    const loadStart = Date.now();
    let loading = true;
    const sampler = (async () => {
        while (loading || backlog(primary.dataDir).ready > 0) {
            const b = backlog(primary.dataDir);
            samples.push({ t: (Date.now() - loadStart) / 1000, ...b });
            if (Date.now() - loadStart > 1_800_000) throw new Error("WAL archive backlog not drained after 30 min");
            await sleep(500);
        }
    })();
    // Batches of ~8 MB of rows; each is one transaction, so WAL arrives in steady steps. The load
    // ends once it has entered the segment `loadSegments` after the one it started in, so every
    // cycle of a size replays the same number of segments (stopping at a byte count left it one
    // segment more or less, and at ~2 s per segment fetched that was ±8% of a restore's WAL part).
    const batchRows = rowsFor(8 * 2 ** 20, input.bytesPerRow);
    const segmentBytes = BigInt(await primary.sql("SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'"));
    const endLsn = (startLsn / segmentBytes + BigInt(loadSegments(input.walBytes, Number(segmentBytes)))) * segmentBytes;
    let walDone = 0n;
    try {
        while (startLsn + walDone < endLsn) {
            await primary.sql(insertBatch(batchRows, LOAD_TABLE), 600_000);
            walDone = parseLsn(await primary.sql("SELECT pg_current_wal_lsn()")) - startLsn;
        }
        await primary.sql("SELECT pg_switch_wal()");
    } finally {
        loading = false;
    }
    const loadSeconds = (Date.now() - loadStart) / 1000;
    await sampler;
    const drainSeconds = (Date.now() - loadStart) / 1000;
    const archiveCpuSeconds = sumCpuLog(fs.readFileSync(archiveCpu, "utf8"));
    // WAL as stored: bytes per archived segment, scaled to the load's WAL (16 MiB segments).
    const segments = walSegmentsStored(input);
    const walStoredBytes = segments && segments.count > 0 ? Math.round((segments.bytes / (segments.count * 16 * 2 ** 20)) * Number(walDone)) : undefined;

    // 4. The target, and rows after it that the restore must not have.
    await sleep(1100);
    const rowsAtTarget = Number(await primary.sql(`SELECT count(*) FROM ${LOAD_TABLE}`));
    const target = await primary.sql(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
    await sleep(1100);
    await primary.sql(insertBatch(100, LOAD_TABLE));
    // WAL after the target, as a real target has: without it the target's commit sat at the very
    // end of the archived WAL, and whether replay's read-ahead asked for the (missing) next segment
    // first, costing two more restore_command calls, was down to timing.
    await primary.sql(insertBatch(rowsFor(2 * 2 ** 20, input.bytesPerRow), LOAD_TABLE));
    await primary.sql("SELECT pg_switch_wal()");
    await waitArchived(primary, 600_000);

    // 5. Point-in-time restore on a new server.
    const restored = await ctx.node(`restore-${input.serverName}`);
    const download = await barmanTimed(ctx, "restore", restoreArgs(archive, await latestBackupId(ctx, archive, store), restored.dataDir), store, 3_600_000);
    restored.prepareRestoredDataDir();
    restored.configure({
        ...baseSettings(restored.port),
        shared_buffers: "128MB",
        archive_mode: "off",
        restore_command: `${restoreScript} %f %p`,
        recovery_target_time: toRecoveryTargetTime(target),
        recovery_target_action: "promote",
    });
    restored.markRecovery();
    const replayStart = Date.now();
    // A point-in-time restore accepts connections only once it is consistent: wait as long as replay takes.
    await restored.start(store.env, 3_600_000);
    await restored.waitFor("SELECT pg_is_in_recovery()", "f", 3_600_000, "recovery to the target and promotion");
    const replaySeconds = (Date.now() - replayStart) / 1000;
    const rowsRestored = Number(await restored.sql(`SELECT count(*) FROM ${LOAD_TABLE}`));
    await restored.stop();
    if (rowsRestored !== rowsAtTarget) throw new Error(`${profile.name}: restored ${rowsRestored} rows, ${rowsAtTarget} were committed at the target`);
    fs.rmSync(restored.dir, { recursive: true, force: true });
    const restoreCpuSeconds = download.cpuSeconds + sumCpuLog(fs.readFileSync(restoreCpu, "utf8"));
    const calls = parseRestoreCalls(fs.readFileSync(restoreCallLog, "utf8"));
    ctx.log(
        `${profile.name}: ${(Number(walDone) / 2 ** 20).toFixed(0)} MB WAL archived in ${drainSeconds.toFixed(1)} s; restore ${download.seconds.toFixed(1)} s + replay ${replaySeconds.toFixed(1)} s ` +
            `(${calls.seconds.toFixed(1)} s in ${calls.fetched} restore_command fetches, ${calls.missing} not found, ${calls.fromSpool} from the spool)`,
    );

    return {
        store: store.kind,
        sizeGb: input.sizeGb,
        profile,
        dbBytes,
        backup: { seconds: backup.seconds, cpuSeconds: backup.cpuSeconds, storedBytes },
        archive: {
            walBytes: Number(walDone),
            loadSeconds,
            drainSeconds,
            peakReady: Math.max(0, ...samples.map((s) => s.ready)),
            peakOldestAgeSeconds: Math.max(0, ...samples.map((s) => s.oldestAgeSeconds)),
            cpuSeconds: archiveCpuSeconds,
            ...(walStoredBytes !== undefined ? { storedBytes: walStoredBytes } : {}),
            samples,
        },
        restore: { downloadSeconds: download.seconds, replaySeconds, cpuSeconds: restoreCpuSeconds, walBytes: Number(walDone), calls },
    };
}

/**
 * Bytes s3rver holds under one folder of this cycle's archive ("base" or "wals"): it stores each
 * object as a file under <dir>/<bucket>/<key>. Azurite keeps blobs in extent files, so there the
 * caller falls back to the growth of its whole directory (which then includes the one or two WAL
 * segments archived while the backup ran).
 */
function storedUnder(input: CycleInput, folder: string): number | undefined {
    if (input.store.kind !== "s3") return undefined;
    return directoryBytes(path.join(input.storeDir, input.bucket, "bench", input.serverName, folder));
}

/** Archived WAL segments of this cycle in s3rver: count and bytes (compressed names carry a suffix). */
function walSegmentsStored(input: CycleInput): { count: number; bytes: number } | undefined {
    if (input.store.kind !== "s3") return undefined;
    const root = path.join(input.storeDir, input.bucket, "bench", input.serverName, "wals");
    let count = 0;
    let bytes = 0;
    for (const sub of fs.existsSync(root) ? fs.readdirSync(root) : []) {
        for (const f of fs.readdirSync(path.join(root, sub))) {
            if (!/^[0-9A-F]{24}(\.[a-z0-9]+)?\._S3rver_object$/.test(f)) continue;
            count++;
            bytes += fs.statSync(path.join(root, sub, f)).size;
        }
    }
    return { count, bytes };
}

async function latestBackupId(ctx: DrillContext, archive: ClusterArchive, store: ObjectStoreTarget): Promise<string> {
    const out = await runOk("barman-cloud-backup-list", [...providerArgs(archive.store), "--format", "json", archive.store.destinationPath, archive.serverName], {
        env: { ...ctx.rt.env, ...store.env },
        timeoutMs: 120_000,
        ...(ctx.rt.user ?? {}),
    });
    const list = (JSON.parse(out) as { backups_list: { backup_id: string }[] }).backups_list;
    if (list.length === 0) throw new Error(`no backup of ${archive.serverName}`);
    return list[list.length - 1].backup_id;
}
