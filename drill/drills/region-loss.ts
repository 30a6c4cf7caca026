/**
 * Drill 11: region loss with a standby region. Two s3rver stores stand for region A's and region
 * B's object stores, with a replicator (drill/replicator.ts) copying A → B with a fixed lag, the
 * way S3 CRR, GCS dual-region or GZRS copy the archive. The primary in region A archives WAL to A
 * with barman-cloud-wal-archive under a steady load of acknowledged commits; the standby in region
 * B was restored from the base backup in B and replays only from B (restore_command
 * barman-cloud-wal-restore, standby mode, no streaming), as a CNPG replica cluster replaying the
 * replicated archive does.
 *
 * Emergency promotion, once per lag: region A is lost (primary, store A and the replication
 * stopped with kill -9); B is promoted; the acknowledged rows missing on B must all lie inside
 * the stated RPO bound (drill/region-rpo.ts); RTO is the seconds from the loss to the first
 * write acknowledged by B. Then region A returns: the old primary is rewound against B and starts
 * as B's standby; writes to it fail and its timeline is B's.
 * The standby's delayed replica (emergency scenarios): a second server in region B, restored from
 * the same replicated base backup, replays store B with recovery_min_apply_delay, as the standby's
 * delayed replica cluster does (docs/database.md, "Region pair"). Before the loss it applies no
 * commit younger than the delay; after it, it ends where the lost region's archive ends: every row
 * of the old timeline, none of the promoted region's, and it refuses writes.
 * Planned switchover: writes stop, a final marker row is committed and its segment archived, the
 * primary is shut down (demoted) with its last LSN as the token, B promotes once it has replayed
 * up to the token: 0 rows lost.
 */
import * as fs from "fs";
import * as path from "path";
import { backupArgs, backupListArgs, ClusterArchive, ObjectStoreTarget, parseBackupList, restoreArgs, walArchiveCommand, walRestoreCommand } from "../barman";
import { DrillContext } from "../context";
import { run } from "../exec";
import { startS3rver } from "../object-stores";
import { baseSettings, primaryConnInfo, Settings } from "../pg-conf";
import { makeOwnedDir, PgNode } from "../postgres";
import { descendants, killPids, processTable } from "../process-tree";
import { listS3rverObjects, parseCopiedDelays, replicatorArgs } from "../replicator";
import { closedSegments, maxStage, restoredSegments, segmentObjects, segmentStages } from "../wal-pipeline";
import { figuresLine, parseLags, rpoBoundSeconds, ScenarioFigures, scenarioFigures } from "../region-rpo";
import { DrillResult, parseIds } from "../report";
import { REGION_LOSS_RUNBOOK } from "../runbook";
import { clusterArchive, DrillSettings, withDrillDelay } from "../settings";
import { backupPolicy, BackupPolicy } from "../../src/config/backup-policy";
import { validateConfig } from "../../src/validation";
import { sleep, waitUntil } from "../wait";
import { readWriteConnInfo, Writer } from "../writer";
import { archiveCurrentWal } from "./pitr";

export const REGION_LOSS = "region-loss-standby-promotion";
const TABLE = "drill_region_writes";
/** Emergency promotions run for these replication lags (seconds) unless DRILL_REGION_LAGS says otherwise. */
export const DEFAULT_LAGS = [0, 10];
/** The planned switchover runs with this lag: the standby has to catch up over it before promotion. */
const SWITCHOVER_LAG = 10;
/**
 * backup.walArchiveTimeout for the drill, scaled down from the stack's value (5min) through the
 * same parser and validator, like the delayed replica's delay; the bound scales with it.
 */
export const DRILL_ARCHIVE_TIMEOUT = "5s";
/** database.delayedReplica.delay for the standby's delayed replica here, scaled down through the same parser and validator. */
export const DRILL_STANDBY_DELAY = "5s";
/** How often the replicator looks at store A. */
const REPLICATOR_POLL_MS = 500;
/** Writers and their pause between commits: a steady, modest load on a shared 2-core machine. */
const WRITER_CLIENTS = 2;
const WRITER_PAUSE_MS = 100;
const MARKER_ID = 1_000_000_000;

/** The stack's policy with only backup.walArchiveTimeout replaced, validated as an operator's value is. */
export function policyWithArchiveTimeout(settings: DrillSettings, archiveTimeout: string): BackupPolicy {
    const raw = settings.stack.raw;
    const backup = typeof raw.backup === "object" && raw.backup !== null ? (raw.backup as Record<string, unknown>) : {};
    const config = validateConfig({ ...raw, backup: { ...backup, walArchiveTimeout: archiveTimeout } }, { region: settings.stack.region, secretsSet: settings.stack.secretsSet });
    return backupPolicy(config.backup, settings.config.database);
}

/** The standby's delayed replica's apply delay, database.delayedReplica.delay replaced and validated the same way. */
export function standbyDelayPolicy(settings: DrillSettings, delay: string): BackupPolicy {
    const config = validateConfig(withDrillDelay(settings.stack.raw, delay), { region: settings.stack.region, secretsSet: settings.stack.secretsSet });
    return backupPolicy(config.backup, config.database);
}

interface Region {
    name: string;
    store: ObjectStoreTarget;
    storePid: number;
    dataDir: string;
}

/** An s3rver of its own for one region; its PID, so that the region can be killed. */
async function startRegionStore(ctx: DrillContext, dir: string, name: string, region: string): Promise<Region> {
    const root = path.join(dir, name);
    makeOwnedDir(root);
    const before = new Set(ctx.rt.supervisor.pids);
    const store = await startS3rver({ supervisor: ctx.rt.supervisor, root, port: await ctx.ports.next(), bucket: ctx.settings.bucket, region });
    const pid = ctx.rt.supervisor.pids.find((p) => !before.has(p));
    if (pid === undefined) throw new Error(`no PID recorded for the s3rver of ${name}`);
    return { name, store, storePid: pid, dataDir: path.join(root, "s3rver") };
}

function startReplicator(ctx: DrillContext, dir: string, a: Region, b: Region, lagSeconds: number): { pid: number; logFile: string } {
    const logFile = path.join(dir, "replicator.log");
    const entry = path.join(__dirname, "..", "replicator-main.ts");
    const args = replicatorArgs({ from: a.dataDir, to: b.dataDir, tmp: path.join(dir, "replicator-tmp"), lagSeconds, pollMs: REPLICATOR_POLL_MS, maxSeconds: 300 });
    const proc = ctx.rt.supervisor.start("replicator", "nice", ["-n", "10", process.execPath, require.resolve("tsx/cli"), entry, ...args], { logFile });
    return { pid: proc.pid, logFile };
}

/** The standby's settings: restore from B only; archiving to its own folder in B, which starts only once it is promoted. */
function standbySettings(node: PgNode, fromB: ClusterArchive, ownArchive: ClusterArchive, policy: BackupPolicy): Settings {
    return {
        ...baseSettings(node.port),
        restore_command: walRestoreCommand(fromB),
        archive_mode: "on",
        archive_command: walArchiveCommand(ownArchive, policy.walCompression),
        archive_timeout: policy.archiveTimeout,
    };
}

/** The primary's archive_status entries with their mtimes (read after the loss, before anything rewrites them). */
function archiveStatus(node: PgNode): { name: string; mtimeMs: number }[] {
    const dir = path.join(node.dataDir, "pg_wal", "archive_status");
    return fs.readdirSync(dir).map((name) => ({ name, mtimeMs: fs.statSync(path.join(dir, name)).mtimeMs }));
}

async function timelineOf(node: PgNode): Promise<number> {
    return Number(await node.sql("SELECT timeline_id FROM pg_control_checkpoint()"));
}

interface Returned {
    rewind: string;
    inRecovery: boolean;
    writeRefused: string;
    receivedTimeline: number;
    promotedTimeline: number;
    rowsOnReturned: number;
    rowsOnPromoted: number;
    /** A write sent over libpq read-write to [returned, promoted] landed on the promoted server. */
    readWriteWriteLandedOnPromoted: boolean;
}

/** Region A returns: the old primary is rewound against B and starts as B's standby, never as a primary. */
async function returnAsStandby(ctx: DrillContext, old: PgNode, promoted: PgNode): Promise<Returned> {
    ctx.step(REGION_LOSS_RUNBOOK, "returns", `pg_rewind of ${old.name} against ${promoted.name}, then standby.signal`);
    // The new timeline is in pg_control only after a checkpoint; pg_rewind reads it from there.
    await promoted.sql("CHECKPOINT");
    const promotedTimeline = await timelineOf(promoted);
    const out = await old.tool("pg_rewind", ["--target-pgdata", old.dataDir, "--source-server", `host=127.0.0.1 port=${promoted.port} user=postgres dbname=postgres`]);
    const rewind = out.includes("no rewind required") ? "no rewind required" : out.includes("Done!") ? "rewound" : out.trim().split("\n").pop() ?? "";
    // No archive_command: a returning instance writes nothing into region A's old archive.
    old.configure({ ...baseSettings(old.port), primary_conninfo: primaryConnInfo(promoted.port, old.name) });
    old.markStandby();
    await old.start();
    const promotedLsn = await promoted.sql("SELECT pg_current_wal_lsn()");
    await old.waitFor(`SELECT pg_last_wal_replay_lsn() >= '${promotedLsn}'::pg_lsn`, "t", 60_000, `${old.name} caught up with ${promoted.name}`);
    const inRecovery = (await old.sql("SELECT pg_is_in_recovery()")) === "t";
    const attempt = await run(path.join(ctx.rt.bin, "psql"), ["-X", "-q", "-h", "127.0.0.1", "-p", String(old.port), "-U", "postgres", "-d", "postgres", "-c", `INSERT INTO ${TABLE} (id) VALUES (${MARKER_ID + 1})`], { env: ctx.rt.env, timeoutMs: 10_000 });
    const writeRefused = attempt.code === 0 ? "" : attempt.stderr.trim();
    const receivedTimeline = Number(await old.sql("SELECT coalesce(max(received_tli), 0) FROM pg_stat_wal_receiver"));
    // The way the FHIR server finds the primary: libpq read-write over both; the returned one is skipped.
    const probe = MARKER_ID + 2;
    await run(path.join(ctx.rt.bin, "psql"), ["-X", "-q", "-d", readWriteConnInfo([old.port, promoted.port]), "-c", `INSERT INTO ${TABLE} (id) VALUES (${probe})`], { env: ctx.rt.env, timeoutMs: 10_000 });
    const landed = (await promoted.sql(`SELECT count(*) FROM ${TABLE} WHERE id = ${probe}`)) === "1";
    const lsn = await promoted.sql("SELECT pg_current_wal_lsn()");
    await old.waitFor(`SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn`, "t", 30_000, `${old.name} replayed the probe write`);
    const [rowsOnReturned, rowsOnPromoted] = await Promise.all([old.sql(`SELECT count(*) FROM ${TABLE}`), promoted.sql(`SELECT count(*) FROM ${TABLE}`)]);
    ctx.log(`${old.name}: ${rewind}; in recovery ${inRecovery}; timeline ${receivedTimeline} (promoted: ${promotedTimeline}); write refused: ${writeRefused.split("\n")[0]}`);
    return { rewind, inRecovery, writeRefused, receivedTimeline, promotedTimeline, rowsOnReturned: Number(rowsOnReturned), rowsOnPromoted: Number(rowsOnPromoted), readWriteWriteLandedOnPromoted: landed };
}

function returnedOk(r: Returned): boolean {
    return r.inRecovery && /read-only/.test(r.writeRefused) && r.promotedTimeline > 1 && r.receivedTimeline === r.promotedTimeline && r.rowsOnReturned === r.rowsOnPromoted && r.readWriteWriteLandedOnPromoted;
}

interface DelayedInB {
    delaySeconds: number;
    /** Rows it had applied at the loss, and how old the newest of them was then (at least the delay). */
    rowsAtLoss: number;
    newestRowAgeSecondsAtLoss: number | null;
    /** The old timeline's rows (on the promoted server, written before its promotion) and what the delayed replica ends with. */
    expectedRows: number;
    rowsAtEnd: number;
    sameRows: boolean;
    inRecovery: boolean;
    writeRefused: string;
}

function delayedOk(d: DelayedInB): boolean {
    const delayKept = d.newestRowAgeSecondsAtLoss === null || d.newestRowAgeSecondsAtLoss >= d.delaySeconds;
    return d.rowsAtLoss > 0 && delayKept && d.sameRows && d.inRecovery && /read-only/.test(d.writeRefused);
}

/** Rows applied on the delayed replica and the age of the newest one, read now. */
async function delayedState(node: PgNode): Promise<{ rows: number; newestAgeSeconds: number | null }> {
    const out = await node.sql(`SELECT count(*) || ',' || coalesce(extract(epoch FROM clock_timestamp() - max(written_at))::text, '') FROM ${TABLE}`);
    const [rows, age] = out.split(",");
    return { rows: Number(rows), newestAgeSeconds: age === "" ? null : Number(age) };
}

interface ScenarioResult {
    figures: ScenarioFigures;
    returned: Returned;
    delayed?: DelayedInB;
    details: Record<string, unknown>;
    passed: boolean;
}

async function scenario(parent: DrillContext, kind: "emergency" | "switchover", lagSeconds: number, policy: BackupPolicy): Promise<ScenarioResult> {
    const name = `${kind}-lag-${lagSeconds}s`;
    const ctx = parent.forDrill(name);
    const s = ctx.settings;
    const dir = ctx.rt.root;
    const cluster = s.names.primaryCluster;
    // Stand-in name for the replica cluster in region B; it archives under its own name once promoted.
    const standbyCluster = `${cluster}-dr`;
    const pids: number[] = [];
    ctx.log(`${name}: region A (primary ${s.instances[0]}, store A) → replicator (lag ${lagSeconds} s, poll ${REPLICATOR_POLL_MS} ms) → region B (store B, standby ${standbyCluster}-1)`);

    const a = await startRegionStore(ctx, dir, "region-a", "region-a");
    const b = await startRegionStore(ctx, dir, "region-b", "region-b");
    const replicator = startReplicator(ctx, dir, a, b, lagSeconds);
    pids.push(a.storePid, b.storePid, replicator.pid);
    const archiveA = clusterArchive(s, a.store, cluster);
    const archiveAinB = clusterArchive(s, b.store, cluster);
    const standbyArchive = clusterArchive(s, b.store, standbyCluster);

    const primary = await ctx.node(s.instances[0]);
    const standby = await ctx.node(`${standbyCluster}-1`);
    // The standby's delayed replica, named after the archive it replays (src/names.ts).
    const delayed = kind === "emergency" ? await ctx.node(`${cluster}-delayed-1`) : undefined;
    const delayPolicy = standbyDelayPolicy(s, DRILL_STANDBY_DELAY);
    try {
        await primary.initdb();
        primary.configure({ ...baseSettings(primary.port), archive_mode: "on", archive_command: walArchiveCommand(archiveA, policy.walCompression), archive_timeout: policy.archiveTimeout });
        await primary.start(a.store.env);
        await primary.sql(`CREATE TABLE ${TABLE} (id bigint PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
        await ctx.barman("backup", backupArgs(archiveA, policy.dataCompression, primary.port), a.store);

        // The replica cluster bootstraps from the base backup as replicated to B.
        let backups = [] as ReturnType<typeof parseBackupList>;
        const listDeadline = Date.now() + (lagSeconds + 60) * 1000;
        while (!backups.some((x) => (x.status ?? "DONE") === "DONE")) {
            if (Date.now() > listDeadline) throw new Error(`the base backup did not reach store B within ${lagSeconds + 60} s`);
            await sleep(1000);
            backups = parseBackupList(await ctx.barman("backup-list", backupListArgs(archiveAinB), b.store));
        }
        await ctx.barman("restore", restoreArgs(archiveAinB, backups[0].backup_id, standby.dataDir), b.store);
        standby.prepareRestoredDataDir();
        standby.configure(standbySettings(standby, archiveAinB, standbyArchive, policy));
        standby.markStandby();
        const standbyStartedAt = Date.now();
        await standby.start(b.store.env, 120_000);
        if (delayed) {
            // Its own restore of the replicated base backup; it replays store B only, late, and archives nothing.
            await ctx.barman("restore", restoreArgs(archiveAinB, backups[0].backup_id, delayed.dataDir), b.store);
            delayed.prepareRestoredDataDir();
            delayed.configure({ ...baseSettings(delayed.port), restore_command: walRestoreCommand(archiveAinB), recovery_min_apply_delay: delayPolicy.recoveryMinApplyDelay });
            delayed.markStandby();
            await delayed.start(b.store.env, 120_000);
            ctx.log(`${delayed.name} replays store B's copy of ${cluster}'s archive with recovery_min_apply_delay = ${await delayed.sql("SHOW recovery_min_apply_delay")}`);
        }
        const replayPollSeconds = Number((await standby.sql("SELECT setting FROM pg_settings WHERE name = 'wal_retrieve_retry_interval'"))) / 1000;
        const receiver = await standby.sql("SELECT count(*) FROM pg_stat_wal_receiver");

        const writer = new Writer(path.join(ctx.rt.bin, "psql"), ctx.rt.env, TABLE, 5_000, WRITER_PAUSE_MS);
        writer.start(readWriteConnInfo([primary.port, standby.port]), WRITER_CLIENTS);
        const writeSeconds = 2 * policy.archiveTimeoutSeconds + lagSeconds + 5;
        await sleep(writeSeconds * 1000);
        // Region B is replaying under the load (not only the base backup).
        await standby.waitFor(`SELECT count(*) > 0 FROM ${TABLE}`, "t", (lagSeconds + 60) * 1000, "rows replayed in region B before the loss");
        if (delayed) await delayed.waitFor(`SELECT count(*) > 0 FROM ${TABLE}`, "t", (delayPolicy.delaySeconds + lagSeconds + 60) * 1000, "rows applied, late, by the delayed replica in region B");

        const replicationLagSeconds = lagSeconds + REPLICATOR_POLL_MS / 1000;
        let lostAt: number;
        let boundSeconds: number;
        let token: Record<string, unknown> = {};
        let delayedAtLoss: { rows: number; newestAgeSeconds: number | null } | undefined;
        if (kind === "emergency") {
            boundSeconds = rpoBoundSeconds({ archiveTimeoutSeconds: policy.archiveTimeoutSeconds, replicationLagSeconds, replayPollSeconds });
            ctx.step(REGION_LOSS_RUNBOOK, "lost", `kill -9 of ${primary.name}, store A and the replication, under write load`);
            // The postmaster's children live in sessions of their own; list them while they are still its children.
            const children = descendants(processTable(), primary.pid!);
            lostAt = Date.now();
            ctx.rt.supervisor.killHard(replicator.pid);
            ctx.rt.supervisor.killHard(a.storePid);
            await primary.killHard();
            await killPids(children);
            if (delayed) delayedAtLoss = await delayedState(delayed);
        } else {
            boundSeconds = 0;
            ctx.step(REGION_LOSS_RUNBOOK, "switchover", "writes stopped, final marker row, last segment archived, primary demoted; promote B once it has replayed the token LSN");
            await writer.stop();
            await primary.sql(`INSERT INTO ${TABLE} (id) VALUES (${MARKER_ID})`);
            const tokenLsn = await primary.sql("SELECT pg_current_wal_lsn()");
            const tokenTimeline = await timelineOf(primary);
            await archiveCurrentWal(primary);
            lostAt = Date.now();
            await primary.stop();
            const waitedMs = await standby.waitFor(`SELECT pg_last_wal_replay_lsn() >= '${tokenLsn}'::pg_lsn`, "t", (lagSeconds + 60) * 1000, "region B replayed the demotion token's LSN");
            token = { lsn: tokenLsn, timeline: tokenTimeline, secondsUntilReplayed: Math.round(waitedMs / 100) / 10 };
            ctx.log(`token ${tokenLsn} on timeline ${tokenTimeline} replayed in region B after ${(waitedMs / 1000).toFixed(1)} s`);
            writer.start(readWriteConnInfo([primary.port, standby.port]), WRITER_CLIENTS);
        }
        const closed = closedSegments(archiveStatus(primary));
        const ackedBeforeLoss = writer.acks.filter((x) => x.at <= lostAt).length;
        const rowsOnBAtLoss = Number(await standby.sql(`SELECT count(*) FROM ${TABLE}`));

        // Every row of the old timeline was written before this instant, every row of the new one after.
        const beforePromotion = await standby.sql("SELECT clock_timestamp()");
        ctx.step(REGION_LOSS_RUNBOOK, "promote", `pg_promote() on ${standby.name} (restores what store B holds first)`);
        if ((await standby.sql("SELECT pg_promote(true, 120)", 130_000)) !== "t") throw new Error(`pg_promote on ${standby.name} failed`);
        // RTO in two parts: the promotion (restoring the last segments and the timeline history
        // through barman-cloud-wal-restore), then the clients finding the new primary.
        const promotedAt = Date.now();
        await waitUntil(() => writer.firstAckStartedAfter(lostAt) !== undefined, 60_000, "a write acknowledged by region B");
        const firstWriteAt = writer.firstAckStartedAfter(lostAt)!;
        const count = writer.acks.length;
        await waitUntil(() => writer.acks.length >= count + 10, 30_000, "writes continuing in region B");
        await writer.stop();

        const present = parseIds(await standby.sql(`SELECT id FROM ${TABLE} ORDER BY id`));
        const figures = scenarioFigures({ scenario: name, lagSeconds, boundSeconds, acks: writer.acks, present, lostAt, firstWriteAt });
        const markerOnB = kind === "switchover" ? present.includes(MARKER_ID) : undefined;
        ctx.log(
            `${name}: ${figures.rowsLost} of ${ackedBeforeLoss} acknowledged rows lost (window ${figures.lostWindowSeconds} s; bound ${boundSeconds} s allows ${figures.rowsAckedWithinBound} rows); first write in region B ${figures.rtoSeconds} s after the loss`,
        );

        const returned = await returnAsStandby(ctx, primary, standby);
        let delayedInB: DelayedInB | undefined;
        if (delayed && delayedAtLoss) {
            ctx.step(REGION_LOSS_RUNBOOK, "standbyDelayed", `${delayed.name} ends where ${cluster}'s archive ends, on the old timeline`);
            const oldTimeline = await standby.sql(`SELECT string_agg(id::text, ',' ORDER BY id) FROM ${TABLE} WHERE written_at < '${beforePromotion}'`);
            const expected = oldTimeline === "" ? [] : oldTimeline.split(",").map(Number);
            await delayed.waitFor(`SELECT count(*) >= ${expected.length} FROM ${TABLE}`, "t", (delayPolicy.delaySeconds + 60) * 1000, "the delayed replica applied the rest of the lost region's archive");
            // One more delay: nothing after the old timeline's end may arrive.
            await sleep(delayPolicy.delaySeconds * 1000 + 2000);
            const onDelayed = parseIds(await delayed.sql(`SELECT id FROM ${TABLE} ORDER BY id`));
            const attempt = await run(path.join(ctx.rt.bin, "psql"), ["-X", "-q", "-h", "127.0.0.1", "-p", String(delayed.port), "-U", "postgres", "-d", "postgres", "-c", `INSERT INTO ${TABLE} (id) VALUES (${MARKER_ID + 3})`], { env: ctx.rt.env, timeoutMs: 10_000 });
            delayedInB = {
                delaySeconds: delayPolicy.delaySeconds,
                rowsAtLoss: delayedAtLoss.rows,
                newestRowAgeSecondsAtLoss: delayedAtLoss.newestAgeSeconds === null ? null : Math.round(delayedAtLoss.newestAgeSeconds * 10) / 10,
                expectedRows: expected.length,
                rowsAtEnd: onDelayed.length,
                sameRows: onDelayed.length === expected.length && onDelayed.every((id, i) => id === expected[i]),
                inRecovery: (await delayed.sql("SELECT pg_is_in_recovery()")) === "t",
                writeRefused: attempt.code === 0 ? "" : attempt.stderr.trim(),
            };
            ctx.log(
                `${delayed.name}: ${delayedInB.rowsAtLoss} rows at the loss, the newest ${delayedInB.newestRowAgeSecondsAtLoss} s old (delay ${delayedInB.delaySeconds} s); ` +
                    `${delayedInB.rowsAtEnd} rows at the end, the old timeline's ${delayedInB.expectedRows} ${delayedInB.sameRows ? "exactly" : "NOT matched"}; write refused: ${delayedInB.writeRefused.split("\n")[0]}`,
            );
        }
        const stages = segmentStages(closed, segmentObjects(listS3rverObjects(a.dataDir)), segmentObjects(listS3rverObjects(b.dataDir)), restoredSegments(fs.readFileSync(standby.logFile, "utf8")), standbyStartedAt);
        const delays = fs.existsSync(replicator.logFile) ? parseCopiedDelays(fs.readFileSync(replicator.logFile, "utf8")) : [];
        await primary.stop();
        await standby.stop();
        await delayed?.stop();
        const passed =
            figures.withinBound &&
            (kind === "emergency" || (figures.rowsLost === 0 && markerOnB === true)) &&
            returnedOk(returned) &&
            Number(receiver) === 0 &&
            (delayed === undefined || (delayedInB !== undefined && delayedOk(delayedInB)));
        return {
            figures,
            returned,
            ...(delayedInB ? { delayed: delayedInB } : {}),
            passed,
            details: {
                ...figures,
                rpoTerms: kind === "emergency" ? { archiveTimeoutSeconds: policy.archiveTimeoutSeconds, replicationLagSeconds, replayPollSeconds } : "planned switchover: 0 rows allowed",
                secondsLossToPromoted: Math.round((promotedAt - lostAt) / 100) / 10,
                secondsPromotedToFirstWrite: Math.round((firstWriteAt - promotedAt) / 100) / 10,
                secondsOfWritesBeforeLoss: writeSeconds,
                acknowledgedBeforeLoss: ackedBeforeLoss,
                rowsReplayedInRegionBAtLoss: rowsOnBAtLoss,
                standbyStreamingConnections: Number(receiver),
                objectsReplicated: delays.length,
                replicationDelayMs: delays.length ? { min: Math.min(...delays), max: Math.max(...delays) } : undefined,
                ...(kind === "switchover" ? { demotionToken: token, markerRowOnPromoted: markerOnB } : {}),
                walPipeline: {
                    maxUploadSeconds: maxStage(stages, "uploadSeconds"),
                    maxReplicationSeconds: maxStage(stages, "replicationSeconds"),
                    maxReplayWaitSeconds: maxStage(stages, "replayWaitSeconds"),
                    // The last segments: those closed under the load, and the ones the loss cut off.
                    lastSegments: stages.slice(-6),
                },
                oldPrimaryReturned: returned,
                ...(delayedInB ? { standbyDelayedReplica: delayedInB } : {}),
                lostIds: writer.acks.filter((x) => !present.includes(x.id)).slice(0, 20).map((x) => x.id),
            },
        };
    } finally {
        await primary.stop().catch(() => undefined);
        await standby.stop().catch(() => undefined);
        await delayed?.stop().catch(() => undefined);
        for (const pid of pids.reverse()) await ctx.rt.supervisor.stop(pid);
    }
}

export async function regionLossDrill(ctx: DrillContext): Promise<DrillResult> {
    const policy = policyWithArchiveTimeout(ctx.settings, DRILL_ARCHIVE_TIMEOUT);
    const lags = parseLags(process.env.DRILL_REGION_LAGS, DEFAULT_LAGS);
    const results: ScenarioResult[] = [];
    for (const lag of lags) results.push(await scenario(ctx, "emergency", lag, policy));
    results.push(await scenario(ctx, "switchover", SWITCHOVER_LAG, policy));
    return {
        name: REGION_LOSS,
        passed: results.every((r) => r.passed),
        rowsWritten: results.reduce((n, r) => n + r.figures.acknowledged, 0),
        // What the report counts as lost: rows the stated bound does not allow to lose (the
        // emergency promotions' rows lost inside the bound are in details.scenarios).
        rowsLost: results.reduce((n, r) => n + r.figures.rowsLostBeyondBound, 0),
        seconds: 0,
        highlights: results.flatMap((r) => [
            figuresLine(r.figures),
            ...(r.delayed
                ? [
                      `${r.figures.scenario}: region B's delayed replica (${r.delayed.delaySeconds} s) had ${r.delayed.rowsAtLoss} rows at the loss, the newest ${r.delayed.newestRowAgeSecondsAtLoss} s old; ` +
                          `it ended with the old timeline's ${r.delayed.expectedRows} rows${r.delayed.sameRows ? "" : " NOT"} exactly, read-only`,
                  ]
                : []),
        ]),
        details: {
            rpoFormula: "RPO <= walArchiveTimeout + replication lag + replay poll interval (wal_retrieve_retry_interval)",
            archiveTimeout: policy.archiveTimeout,
            deployedArchiveTimeout: ctx.settings.deployedPolicy.archiveTimeout,
            summary: results.map((r) => ({
                scenario: r.figures.scenario,
                rpoRows: r.figures.rowsLost,
                rpoSeconds: r.figures.lostWindowSeconds,
                boundSeconds: r.figures.rpoBoundSeconds,
                rtoSeconds: r.figures.rtoSeconds,
                ...(r.delayed ? { standbyDelayedReplica: { rowsAtLoss: r.delayed.rowsAtLoss, newestRowAgeSecondsAtLoss: r.delayed.newestRowAgeSecondsAtLoss, rowsAtEnd: r.delayed.rowsAtEnd, sameRows: r.delayed.sameRows } } : {}),
                passed: r.passed,
            })),
            scenarios: results.map((r) => r.details),
            differsFromCnpg: [
                `archive_timeout is ${policy.archiveTimeout} instead of the stack's ${ctx.settings.deployedPolicy.archiveTimeout}, set through the same parser and validator; the bound scales with it.`,
                "The replicator copies s3rver's files with a fixed lag; a cloud's replication delay varies (S3 CRR: most objects in seconds, 99.99 % within 15 minutes with RTC; GCS turbo replication: 15-minute target; Azure GZRS: no SLA). Put the cloud's bound into the formula for its RPO.",
                "Region B's standby is restored from the replicated base backup with barman-cloud-restore and replays with restore_command, standing in for a CNPG replica cluster (bootstrap.recovery + replica.enabled); promotion is pg_promote() instead of replica.enabled: false or the demotion-token switchover (replica.primary / replica.promotionToken).",
                "The planned switchover's token is the primary's last LSN after a final marker row, its segment archived with pg_switch_wal() before a clean shutdown; CNPG's demotion token carries the shutdown checkpoint's LSN and timeline and the instance manager archives the last segment.",
                "The loss is detected at once; in a cloud someone (or an automation) decides to promote, which adds to the RTO.",
                `Region B's delayed replica is a PostgreSQL standby restored from the replicated base backup, replaying store B with recovery_min_apply_delay ${DRILL_STANDBY_DELAY} (the stack's ${ctx.settings.deployedPolicy.recoveryMinApplyDelay}), standing in for the standby's delayed replica cluster. At promotion CNPG's is replaced by the promoted cluster's own and the old one is retained without its read grant; here it keeps reading store B, which no longer grows, so it ends at the same place.`,
                "The returning old primary streams from B after pg_rewind; in CNPG it is a replica cluster again (replica.enabled: true or the demotion path) and may replay B's replicated archive instead.",
                "PostgreSQL 15 from Debian instead of 17.",
            ],
        },
    };
}
