/**
 * Drill 10: a PostgreSQL major upgrade with a new archive generation (docs/runbooks/major-upgrade.md).
 * A primary on the older installed major archives into the creation generation (server name
 * `<cluster>`), takes a base backup and commits rows; it is shut down cleanly and upgraded with
 * the newer major's `pg_upgrade --link`, as CloudNativePG's upgrade Job does; the upgraded server
 * archives into the new generation (`<cluster>-pg<major>`, names from databaseNames() for the
 * stack's next major) and takes the generation's first base backup at once. Then:
 * - point-in-time restore on the new major from the new generation: every row before its target;
 * - point-in-time restore to before the upgrade from the old generation, on the old major's
 *   binaries (the rollback): every row before that target, none after;
 * - the old generation was not written to after the upgrade.
 */
import * as path from "path";
import {
    backupArgs,
    backupForTarget,
    backupListArgs,
    ClusterArchive,
    ObjectStoreTarget,
    parseBackupList,
    restoreArgs,
    underPrefix,
    walRestoreCommand,
} from "../barman";
import { DrillContext } from "../context";
import { upgradeMajors } from "../environment";
import { runOk } from "../exec";
import { baseSettings } from "../pg-conf";
import { makeOwnedDir, PgNode } from "../postgres";
import { DrillResult, missingIds, parseIds, unexpectedIds } from "../report";
import { MAJOR_UPGRADE } from "../runbook";
import { majorUpgradeFor } from "../settings";
import { toRecoveryTargetTime } from "../target-time";
import { sleep } from "../wait";
import { archiveCurrentWal, archivingSettings, insertEach } from "./pitr";

export const MAJOR_UPGRADE_DRILL = "major-upgrade-new-generation";
const TABLE = "drill_observations";

/** The current UTC time on the server as RFC 3339 with microseconds (the restore's targetTime). */
function nowTarget(node: PgNode): Promise<string> {
    return node.sql(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
}

/** Restores `archive`'s newest backup that ended before `target` into a new node and replays to it. */
async function restoreTo(ctx: DrillContext, node: PgNode, store: ObjectStoreTarget, archive: ClusterArchive, target: string): Promise<{ seconds: number; backupId: string; backups: string[] }> {
    const backups = parseBackupList(await ctx.barman("backup-list", backupListArgs(archive), store));
    const chosen = backupForTarget(backups, Date.parse(target));
    if (!chosen) throw new Error(`no base backup of server ${archive.serverName} ended before ${target}`);
    const started = Date.now();
    await ctx.barman("restore", restoreArgs(archive, chosen.backup_id, node.dataDir), store);
    node.prepareRestoredDataDir();
    node.configure({
        // Only the replay is drilled here (the restore cluster's own archive is drill 3's subject).
        ...baseSettings(node.port),
        restore_command: walRestoreCommand(archive),
        recovery_target_time: toRecoveryTargetTime(target),
        recovery_target_action: "promote",
    });
    node.markRecovery();
    await node.start(store.env, 120_000);
    await node.waitFor("SELECT pg_is_in_recovery()", "f", 120_000, `recovery of ${archive.serverName} to ${target}`);
    return { seconds: (Date.now() - started) / 1000, backupId: chosen.backup_id, backups: backups.map((b) => b.backup_id) };
}

export async function majorUpgradeDrill(ctx: DrillContext, store: ObjectStoreTarget): Promise<DrillResult> {
    const s = ctx.settings;
    const majors = upgradeMajors();
    const plan = majorUpgradeFor(s);
    const at = (bin: string) => ({ ...ctx.rt, bin });
    const oldArchive: ClusterArchive = { store: underPrefix(store, plan.archivePrefix), serverName: plan.oldGeneration };
    const newArchive: ClusterArchive = { store: underPrefix(store, plan.archivePrefix), serverName: plan.newGeneration };
    ctx.log(`${plan.cluster}: PostgreSQL ${majors.from} -> ${majors.to} standing in for ${plan.fromMajor} -> ${plan.toMajor}; generations ${plan.oldGeneration} -> ${plan.newGeneration} under ${oldArchive.store.destinationPath}`);

    // The primary as created: the old major, archiving into the creation generation.
    const old = new PgNode(at(majors.fromBin), `${plan.cluster}-1-pg${majors.from}`, await ctx.ports.next());
    await old.initdb();
    old.configure(archivingSettings(ctx, old, oldArchive));
    await old.start(store.env);
    await old.sql(`CREATE TABLE ${TABLE} (id bigint PRIMARY KEY, committed_at timestamptz NOT NULL DEFAULT clock_timestamp(), payload text)`);
    // Some volume, so pg_upgrade and the backups have data files to move.
    await old.sql(`CREATE TABLE drill_bulk AS SELECT g AS id, md5(g::text) AS payload FROM generate_series(1, 50000) g`);
    const beforeOldBackup = await insertEach(old, TABLE, 1, 100);
    await ctx.barman("backup", backupArgs(oldArchive, s.policy.dataCompression, old.port), store);
    const beforeOldTarget = await insertEach(old, TABLE, 101, 200);
    await sleep(1100);
    const oldTarget = await nowTarget(old);
    await sleep(1100);
    const afterOldTarget = await insertEach(old, TABLE, 201, 250);
    const lastOldSegment = await archiveCurrentWal(old);
    const oldSystemId = await old.sql("SELECT system_identifier FROM pg_control_system()");
    const oldBackups = parseBackupList(await ctx.barman("backup-list", backupListArgs(oldArchive), store)).map((b) => b.backup_id);

    ctx.step(MAJOR_UPGRADE, "change", `postgresVersion ${plan.fromMajor} -> ${plan.toMajor}: imageName and serverName ${plan.oldGeneration} -> ${plan.newGeneration} in one update`);
    ctx.step(MAJOR_UPGRADE, "cnpg", "all instances stopped, pg_upgrade --link in a Job, the primary started on the new major");
    const downtimeStarted = Date.now();
    await old.stop();
    const upgraded = new PgNode(at(majors.toBin), `${plan.cluster}-1`, await ctx.ports.next());
    await upgraded.initdb();
    // pg_upgrade writes its logs and sockets into the working directory: one the server user owns,
    // with a path short enough for a Unix socket.
    const work = path.join(ctx.rt.root, "pg_upgrade");
    makeOwnedDir(work, ctx.rt.user);
    const upgradeStarted = Date.now();
    const upgradeLog = await runOk(
        path.join(majors.toBin, "pg_upgrade"),
        ["--link", "-b", majors.fromBin, "-B", majors.toBin, "-d", old.dataDir, "-D", upgraded.dataDir, "-U", "postgres", "--socketdir", work],
        { env: ctx.rt.env, cwd: work, timeoutMs: 300_000, ...(ctx.rt.user ?? {}) },
    );
    const pgUpgradeSeconds = (Date.now() - upgradeStarted) / 1000;
    ctx.log(`pg_upgrade --link: ${pgUpgradeSeconds.toFixed(1)} s; ${upgradeLog.trim().split("\n").pop()}`);
    upgraded.configure(archivingSettings(ctx, upgraded, newArchive));
    await upgraded.start(store.env);
    const downtimeSeconds = (Date.now() - downtimeStarted) / 1000;
    const newSystemId = await upgraded.sql("SELECT system_identifier FROM pg_control_system()");
    const firstNewSegment = await upgraded.sql("SELECT pg_walfile_name(pg_current_wal_lsn())");

    ctx.step(MAJOR_UPGRADE, "verify", `the new generation's first base backup (ScheduledBackup ${plan.newGeneration}-weekly-full, immediate)`);
    const backupStarted = Date.now();
    await ctx.barman("backup", backupArgs(newArchive, s.policy.dataCompression, upgraded.port), store);
    const newBackupSeconds = (Date.now() - backupStarted) / 1000;
    const beforeNewTarget = await insertEach(upgraded, TABLE, 251, 350);
    await sleep(1100);
    const newTarget = await nowTarget(upgraded);
    await sleep(1100);
    const afterNewTarget = await insertEach(upgraded, TABLE, 351, 400);
    await archiveCurrentWal(upgraded);
    await upgraded.stop();

    const oldBackupsAfter = parseBackupList(await ctx.barman("backup-list", backupListArgs(oldArchive), store)).map((b) => b.backup_id);
    const newBackups = parseBackupList(await ctx.barman("backup-list", backupListArgs(newArchive), store)).map((b) => b.backup_id);

    // PITR on the new major from the new generation.
    const restoreNew = new PgNode(at(majors.toBin), `${plan.restoreCluster}-1`, await ctx.ports.next());
    const newRestore = await restoreTo(ctx, restoreNew, store, newArchive, newTarget);
    const presentNew = parseIds(await restoreNew.sql(`SELECT id FROM ${TABLE} ORDER BY id`));
    await restoreNew.stop();
    const promisedNew = [...beforeOldBackup, ...beforeOldTarget, ...afterOldTarget, ...beforeNewTarget];
    const lostNew = missingIds(promisedNew, presentNew);
    const extraNew = unexpectedIds(afterNewTarget, presentNew);

    ctx.step(MAJOR_UPGRADE, "rollback", `database.restore.sourceMajor = ${plan.fromMajor}: a new cluster on ${majors.from} from ${plan.oldGeneration} to ${oldTarget}`);
    const restoreOld = new PgNode(at(majors.fromBin), `${plan.restoreCluster}-1-pg${majors.from}`, await ctx.ports.next());
    const oldRestore = await restoreTo(ctx, restoreOld, store, oldArchive, oldTarget);
    const presentOld = parseIds(await restoreOld.sql(`SELECT id FROM ${TABLE} ORDER BY id`));
    const oldRestoreVersion = await restoreOld.sql("SHOW server_version_num");
    await restoreOld.stop();
    const promisedOld = [...beforeOldBackup, ...beforeOldTarget];
    const lostOld = missingIds(promisedOld, presentOld);
    const extraOld = unexpectedIds([...afterOldTarget, ...beforeNewTarget, ...afterNewTarget], presentOld);

    const oldGenerationUntouched = JSON.stringify(oldBackups) === JSON.stringify(oldBackupsAfter);
    const passed = lostNew.length === 0 && extraNew.length === 0 && lostOld.length === 0 && extraOld.length === 0 && oldGenerationUntouched && newBackups.length === 1;
    return {
        name: MAJOR_UPGRADE_DRILL,
        passed,
        rowsWritten: 400,
        rowsLost: lostNew.length + lostOld.length,
        seconds: 0,
        details: {
            store: store.kind,
            majors: `${majors.from} -> ${majors.to} (standing in for ${plan.fromMajor} -> ${plan.toMajor})`,
            oldGeneration: `${oldArchive.store.destinationPath} (server ${plan.oldGeneration})`,
            newGeneration: `${newArchive.store.destinationPath} (server ${plan.newGeneration})`,
            systemIdentifier: { before: oldSystemId, after: newSystemId, changed: oldSystemId !== newSystemId },
            lastOldSegment,
            firstNewSegment,
            pgUpgradeSeconds: Math.round(pgUpgradeSeconds * 10) / 10,
            downtimeSeconds: Math.round(downtimeSeconds * 10) / 10,
            newGenerationFirstBackupSeconds: Math.round(newBackupSeconds * 10) / 10,
            oldGenerationBackups: oldBackupsAfter,
            oldGenerationUntouched,
            newGenerationBackups: newBackups,
            pitrNewMajor: { target: newTarget, backup: newRestore.backupId, seconds: Math.round(newRestore.seconds * 10) / 10, rowsPromised: promisedNew.length, lost: lostNew.length, afterTargetPresent: extraNew.length },
            pitrBeforeUpgrade: {
                target: oldTarget,
                backup: oldRestore.backupId,
                serverVersionNum: oldRestoreVersion,
                seconds: Math.round(oldRestore.seconds * 10) / 10,
                rowsPromised: promisedOld.length,
                lost: lostOld.length,
                afterTargetPresent: extraOld.length,
            },
            lostIds: [...lostNew, ...lostOld].slice(0, 20),
            differsFromCnpg: [
                `PostgreSQL ${majors.from} -> ${majors.to} from Debian (bookworm ships 15 only; ${majors.from} from the previous Debian release) stand in for ${plan.fromMajor} -> ${plan.toMajor}; CloudNativePG 1.30 itself upgrades only to 16 or higher.`,
                "One instance: CNPG stops every instance, upgrades the primary's volume in a Job and re-clones the replicas afterwards; the re-clone time (data size / network) is not measured here.",
                "pg_upgrade runs directly with --link, as CNPG's upgrade Job does; no operator, no plugin sidecar, no Pulumi.",
                "The new generation's first base backup is taken by hand right after the upgrade; in the cluster it is the immediate backup of the generation's ScheduledBackup, created after the upgrade wait Job.",
            ],
        },
    };
}
