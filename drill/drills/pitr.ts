/**
 * Drills 3 and 4: point-in-time restore from an object store. The primary archives WAL with
 * barman-cloud-wal-archive as its archive_command, a base backup is taken with
 * barman-cloud-backup, more rows are written, a target time is noted, more rows, then a
 * `DROP TABLE`. A new server is restored with barman-cloud-restore and replays WAL through
 * barman-cloud-wal-restore up to the target: every row committed before the target must be
 * there and none after it.
 */
import { backupArgs, backupForTarget, backupListArgs, ClusterArchive, ObjectStoreTarget, parseBackupList, restoreArgs, walArchiveCommand, walRestoreCommand } from "../barman";
import { DrillContext } from "../context";
import { baseSettings } from "../pg-conf";
import { PgNode } from "../postgres";
import { DrillResult, missingIds, parseIds, unexpectedIds } from "../report";
import { POINT_IN_TIME_RESTORE } from "../runbook";
import { clusterArchive, restoreFor } from "../settings";
import { toRecoveryTargetTime } from "../target-time";
import { sleep } from "../wait";

const TABLE = "drill_observations";

/** Inserts ids [from, to] as one commit each (psql autocommit), so each has its own commit time. */
export async function insertEach(node: PgNode, table: string, from: number, to: number): Promise<number[]> {
    const ids = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    await node.script(ids.map((id) => `INSERT INTO ${table} (id) VALUES (${id});`).join("\n"));
    return ids;
}

/** Forces the current WAL segment out and waits until the archiver has shipped it. */
export async function archiveCurrentWal(node: PgNode, timeoutMs = 60_000): Promise<string> {
    const segment = await node.sql("SELECT pg_walfile_name(pg_current_wal_lsn())");
    await node.sql("SELECT pg_switch_wal()");
    await node.waitFor(`SELECT coalesce(last_archived_wal >= '${segment}', false) FROM pg_stat_archiver`, "t", timeoutMs, `WAL ${segment} archived`);
    return segment;
}

/** Settings of a server that archives into its cluster's archive like the plugin does. */
export function archivingSettings(ctx: DrillContext, node: PgNode, archive: ClusterArchive) {
    return {
        ...baseSettings(node.port),
        archive_mode: "on",
        archive_command: walArchiveCommand(archive, ctx.settings.policy.walCompression),
        archive_timeout: ctx.settings.policy.archiveTimeout,
    };
}

export async function pitrDrill(ctx: DrillContext, name: string, store: ObjectStoreTarget): Promise<DrillResult> {
    const s = ctx.settings;
    const source = clusterArchive(s, store, s.names.primaryCluster);
    const primary = await ctx.node(s.instances[0]);
    await primary.initdb();
    primary.configure(archivingSettings(ctx, primary, source));
    await primary.start(store.env);
    await primary.sql(`CREATE TABLE ${TABLE} (id bigint PRIMARY KEY, committed_at timestamptz NOT NULL DEFAULT clock_timestamp())`);

    const beforeBackup = await insertEach(primary, TABLE, 1, 100);
    const backupStarted = Date.now();
    await ctx.barman("backup", backupArgs(source, s.policy.dataCompression, primary.port), store);
    const backupSeconds = (Date.now() - backupStarted) / 1000;
    const afterBackup = await insertEach(primary, TABLE, 101, 200);
    await sleep(1100);
    const target = await primary.sql(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
    await sleep(1100);
    const afterTarget = await insertEach(primary, TABLE, 201, 300);
    await primary.sql(`DROP TABLE ${TABLE}`);
    ctx.log(`rows 1-200 committed before ${target}, rows 201-300 after it, then DROP TABLE ${TABLE}`);
    await archiveCurrentWal(primary);
    await primary.stop();

    ctx.step(POINT_IN_TIME_RESTORE, "target", target);
    const backups = parseBackupList(await ctx.barman("backup-list", backupListArgs(source), store));
    const chosen = backupForTarget(backups, Date.parse(target));
    if (!chosen) throw new Error(`no base backup in ${source.store.destinationPath} ended before ${target}: the target is outside the recovery window`);
    ctx.log(`base backups of ${source.serverName}: ${backups.map((b) => b.backup_id).join(", ")}; newest ending before the target: ${chosen.backup_id}`);

    ctx.step(POINT_IN_TIME_RESTORE, "config", "database.restore.enabled = true, targetTime validated by validateConfig, names from databaseNames()");
    const restore = restoreFor(s, target);
    const restoreArchive = clusterArchive(s, store, restore.restoreCluster);
    const recoveryTargetTime = toRecoveryTargetTime(restore.targetTime);

    ctx.step(POINT_IN_TIME_RESTORE, "run", `${restore.restoreInstance}: barman-cloud-restore ${chosen.backup_id}, then WAL up to recovery_target_time = '${recoveryTargetTime}'`);
    const restored = await ctx.node(restore.restoreInstance);
    const restoreStarted = Date.now();
    await ctx.barman("restore", restoreArgs(source, chosen.backup_id, restored.dataDir), store);
    restored.prepareRestoredDataDir();
    restored.configure({
        // The new cluster archives under its own prefix, never into the archive it restores from.
        ...archivingSettings(ctx, restored, restoreArchive),
        restore_command: walRestoreCommand(clusterArchive(s, store, restore.sourceCluster)),
        recovery_target_time: recoveryTargetTime,
        recovery_target_action: "promote",
    });
    restored.markRecovery();
    await restored.start(store.env);
    await restored.waitFor("SELECT pg_is_in_recovery()", "f", 120_000, "recovery to the target and promotion");
    const restoreSeconds = (Date.now() - restoreStarted) / 1000;

    ctx.step(POINT_IN_TIME_RESTORE, "verify", `rows of ${TABLE} on ${restored.name}`);
    const present = parseIds(await restored.sql(`SELECT id FROM ${TABLE} ORDER BY id`));
    const promised = [...beforeBackup, ...afterBackup];
    const lost = missingIds(promised, present);
    const extra = unexpectedIds(afterTarget, present);
    const timeline = await restored.sql("SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int");
    await restored.stop();

    return {
        name,
        passed: lost.length === 0 && extra.length === 0,
        rowsWritten: promised.length + afterTarget.length,
        rowsLost: lost.length,
        seconds: 0,
        details: {
            store: store.kind,
            sourceArchive: `${source.store.destinationPath} (server ${source.serverName})`,
            restoreArchive: `${restoreArchive.store.destinationPath} (server ${restoreArchive.serverName})`,
            walCompression: s.policy.walCompression,
            dataCompression: s.policy.dataCompression,
            archiveTimeout: s.policy.archiveTimeout,
            targetTime: restore.targetTime,
            recoveryTargetTime,
            backupsListed: backups.map((b) => b.backup_id),
            backupRestored: chosen.backup_id,
            backupSeconds: Math.round(backupSeconds * 10) / 10,
            restoreAndReplaySeconds: Math.round(restoreSeconds * 10) / 10,
            rowsBeforeTarget: promised.length,
            rowsAfterTarget: afterTarget.length,
            rowsRestored: present.length,
            rowsAfterTargetPresent: extra.length,
            restoredTimeline: Number(timeline),
            lostIds: lost.slice(0, 20),
            differsFromCnpg: [
                "The tools run directly as archive_command/restore_command; in the cluster the Barman Cloud plugin's sidecar runs the same barman-cloud tools on CNPG's behalf, with parallel WAL archiving.",
                `Debian's barman-cli-cloud is older than the plugin sidecar's Barman; the policy's compression (WAL ${s.policy.walCompression}, data ${s.policy.dataCompression}) is supported by both.`,
                `archive_timeout is ${s.policy.archiveTimeout} as deployed, but the drill does not wait for it: it forces the segment out with pg_switch_wal().`,
                "The base backup is chosen by its end time from barman-cloud-backup-list (whole seconds), as CNPG does (the latest backup ending before the target).",
                "recovery_target_time is written with '+00:00' instead of 'Z', as CNPG converts it: PostgreSQL rejects the 'Z' designator in this setting.",
                "No Pulumi or CNPG: the config values and names are derived by the project's code, and the restore runs the barman-cloud tools directly.",
                "PostgreSQL 15 from Debian instead of 17.",
            ],
        },
    };
}
