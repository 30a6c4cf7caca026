/**
 * Drill 2: a `DELETE` without `WHERE` on the primary, rescued from the delayed replica. As the
 * database tier deploys it, the delayed replica is fed only from the WAL archive (restore_command
 * through barman-cloud-wal-restore, no streaming) and applies it `recovery_min_apply_delay`
 * late: the config's delay, scaled down and rendered by the same policy code. The runbook pauses
 * its replay before the DELETE is due, reads the rows, copies them back to the primary and
 * resumes replay. Then the runbook's whole-database rewind: the paused replica's replay time,
 * validated as `database.restore.targetTime`, restores a new server from the primary's archive
 * (base backup + WAL) that holds every row and not the DELETE. Last, what the runbook warns
 * against: promoting the delayed replica replays the archive to its end, the DELETE included.
 */
import { backupArgs, backupForTarget, backupListArgs, ObjectStoreTarget, parseBackupList, restoreArgs, walRestoreCommand } from "../barman";
import { DrillContext } from "../context";
import { baseSettings } from "../pg-conf";
import { DrillResult, missingIds, parseIds } from "../report";
import { DELAYED_REPLICA_RESCUE } from "../runbook";
import { clusterArchive, restoreFor } from "../settings";
import { toRecoveryTargetTime } from "../target-time";
import { archiveCurrentWal, archivingSettings } from "./pitr";

export const DELAYED_RESCUE = "erroneous-delete-rescued-from-delayed-replica";
const TABLE = "drill_patients";
const ROWS = 200;

export async function delayedReplicaDrill(ctx: DrillContext, store: ObjectStoreTarget): Promise<DrillResult> {
    const s = ctx.settings;
    const policy = s.policy;
    const archive = clusterArchive(s, store, s.names.primaryCluster);
    const primary = await ctx.node(s.instances[0]);
    const delayed = await ctx.node(s.delayedInstance);

    await primary.initdb();
    // No synchronous standby in this drill: the delayed replica is a separate replica cluster,
    // never part of the primary cluster's quorum.
    primary.configure(archivingSettings(ctx, primary, archive));
    await primary.start(store.env);
    await primary.sql(`CREATE TABLE ${TABLE} (id bigint PRIMARY KEY, resource jsonb NOT NULL)`);

    await delayed.basebackupFrom(primary);
    delayed.configure({
        ...baseSettings(delayed.port),
        restore_command: walRestoreCommand(archive),
        recovery_min_apply_delay: policy.recoveryMinApplyDelay,
    });
    delayed.markStandby();
    await delayed.start(store.env);
    // A base backup in the archive (the weekly schedule's immediate one in the cluster), taken
    // before the rows are written, so the rewind below has a backup that ended before its target.
    await ctx.barman("backup", backupArgs(archive, policy.dataCompression, primary.port), store);
    const renderedDelay = await delayed.sql("SHOW recovery_min_apply_delay");
    ctx.log(`${delayed.name} replays ${archive.store.destinationPath} (server ${archive.serverName}) with recovery_min_apply_delay = ${renderedDelay} (deployed: ${s.deployedPolicy.recoveryMinApplyDelay})`);

    const inserts = Array.from({ length: ROWS }, (_, i) => `INSERT INTO ${TABLE} VALUES (${i + 1}, '{"resourceType":"Patient","id":"p${i + 1}"}');`);
    await primary.script(inserts.join("\n"));
    const committedAt = Date.now();
    // archive_timeout would ship the segment within ${policy.archiveTimeout}; the drill ships it now.
    await archiveCurrentWal(primary);
    // Rows committed less than the delay before a mistake are not applied on the replica yet;
    // wait until it has applied all of them, which also measures the delay it really keeps.
    await delayed.waitFor(`SELECT count(*) FROM ${TABLE}`, String(ROWS), (policy.delaySeconds + 60) * 1000, "rows applied on the delayed replica");
    const observedDelaySeconds = (Date.now() - committedAt) / 1000;

    const mistakeAt = await primary.sql("SELECT clock_timestamp()");
    await primary.sql(`DELETE FROM ${TABLE}`);
    const deletedAt = Date.now();
    const deleteLsn = await primary.sql("SELECT pg_current_wal_lsn()");
    await archiveCurrentWal(primary);
    ctx.log(`DELETE without WHERE on ${primary.name} (WAL up to ${deleteLsn} archived): ${await primary.sql(`SELECT count(*) FROM ${TABLE}`)} rows left`);

    ctx.step(DELAYED_REPLICA_RESCUE, "pause", `pg_wal_replay_pause() on ${delayed.name}`);
    await delayed.sql("SELECT pg_wal_replay_pause()");
    // While the replica sleeps out the delay of the next commit (the DELETE) the state reads
    // "pause requested": PostgreSQL checks the request again before applying that record, so
    // nothing more is applied from here on. "paused" follows once the delay has run out.
    const pauseState = await delayed.sql("SELECT pg_get_wal_replay_pause_state()");
    if (pauseState !== "paused" && pauseState !== "pause requested") throw new Error(`replay pause state is ${pauseState}`);
    const pausedAfterSeconds = (Date.now() - deletedAt) / 1000;
    const rowsSeenOnReplica = Number(await delayed.sql(`SELECT count(*) FROM ${TABLE}`));

    ctx.step(DELAYED_REPLICA_RESCUE, "check", `pg_last_xact_replay_timestamp() on ${delayed.name} before the mistake at ${mistakeAt}`);
    const replayedUpTo = await delayed.sql("SELECT pg_last_xact_replay_timestamp()");
    const beforeMistake = await delayed.sql(`SELECT pg_last_xact_replay_timestamp() < '${mistakeAt}'::timestamptz`);
    if (beforeMistake !== "t") throw new Error(`${delayed.name} replayed up to ${replayedUpTo}, not before the mistake at ${mistakeAt}`);

    ctx.step(DELAYED_REPLICA_RESCUE, "copyOut", `COPY ${TABLE} TO STDOUT on ${delayed.name}`);
    const rows = await delayed.sql(`COPY ${TABLE} TO STDOUT`);
    const rowsOnReplica = rows === "" ? 0 : rows.split("\n").length;

    ctx.step(DELAYED_REPLICA_RESCUE, "putBack", `COPY into a side table, then INSERT .. ON CONFLICT DO NOTHING on ${primary.name}`);
    await primary.script(
        [
            "BEGIN;",
            `CREATE TEMP TABLE rescued (LIKE ${TABLE});`,
            "COPY rescued FROM STDIN;",
            rows,
            "\\.",
            `INSERT INTO ${TABLE} SELECT * FROM rescued ON CONFLICT (id) DO NOTHING;`,
            "COMMIT;",
        ].join("\n"),
    );

    // Proof that the pause held: the replica stops ("paused") with its replay position short of
    // the DELETE's commit, and every row is still there. It stops at the next record it reads,
    // which may be before the delay of the DELETE's commit has run out.
    await delayed.waitFor("SELECT pg_get_wal_replay_pause_state()", "paused", (policy.delaySeconds + 30) * 1000, "replay paused in front of the DELETE");
    const stoppedBeforeDelete = await delayed.sql(`SELECT pg_last_wal_replay_lsn() < '${deleteLsn}'::pg_lsn`);
    const rowsWhenPaused = Number(await delayed.sql(`SELECT count(*) FROM ${TABLE}`));
    ctx.log(`${delayed.name} paused ${((Date.now() - deletedAt) / 1000).toFixed(1)} s after the DELETE; replay short of it: ${stoppedBeforeDelete}, ${rowsWhenPaused} rows visible`);

    ctx.step(DELAYED_REPLICA_RESCUE, "rewind", `restore a new cluster to ${delayed.name}'s replay time`);
    const replayTarget = await delayed.sql(`SELECT to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
    const plan = restoreFor(s, replayTarget);
    const recoveryTargetTime = toRecoveryTargetTime(plan.targetTime);
    const backups = parseBackupList(await ctx.barman("backup-list", backupListArgs(archive), store));
    const chosen = backupForTarget(backups, Date.parse(plan.targetTime));
    if (!chosen) throw new Error(`no base backup of ${archive.serverName} ended before ${plan.targetTime}`);
    const rewound = await ctx.node(plan.restoreInstance);
    await ctx.barman("restore", restoreArgs(archive, chosen.backup_id, rewound.dataDir), store);
    rewound.prepareRestoredDataDir();
    rewound.configure({
        ...baseSettings(rewound.port),
        restore_command: walRestoreCommand(clusterArchive(s, store, plan.sourceCluster)),
        recovery_target_time: recoveryTargetTime,
        recovery_target_action: "promote",
    });
    rewound.markRecovery();
    // WAL from the backup to the target comes through barman-cloud-wal-restore, segment by segment.
    await rewound.start(store.env, 180_000);
    await rewound.waitFor("SELECT pg_is_in_recovery()", "f", 120_000, "recovery to the replica's replay time and promotion");
    const rewoundRows = parseIds(await rewound.sql(`SELECT id FROM ${TABLE} ORDER BY id`));
    const rewoundIntact = Number(await rewound.sql(`SELECT count(*) FROM ${TABLE} WHERE resource->>'id' = 'p' || id`));
    await rewound.stop();
    ctx.log(`${plan.restoreCluster} restored from ${chosen.backup_id} to ${plan.targetTime}: ${rewoundRows.length} rows (the DELETE not replayed)`);

    ctx.step(DELAYED_REPLICA_RESCUE, "resume", `pg_wal_replay_resume() on ${delayed.name}`);
    await delayed.sql("SELECT pg_wal_replay_resume()");
    const replayState = await delayed.sql("SELECT pg_get_wal_replay_pause_state()");

    // What the runbook warns against: a promotion replays what the archive holds, the DELETE included.
    await delayed.sql("SELECT pg_wal_replay_pause()");
    // Promotion first restores what the archive still holds, segment by segment through barman-cloud.
    if ((await delayed.sql("SELECT pg_promote(true, 240)", 250_000)) !== "t") throw new Error(`pg_promote on ${delayed.name} failed`);
    const rowsAfterPromotion = Number(await delayed.sql(`SELECT count(*) FROM ${TABLE}`));
    ctx.log(`promoting ${delayed.name} instead (paused, delay not yet over): ${rowsAfterPromotion} rows left, the DELETE was replayed`);

    const present = parseIds(await primary.sql(`SELECT id FROM ${TABLE} ORDER BY id`));
    const written = Array.from({ length: ROWS }, (_, i) => i + 1);
    const lost = missingIds(written, present);
    const intact = await primary.sql(`SELECT count(*) FROM ${TABLE} WHERE resource->>'id' = 'p' || id`);

    await delayed.stop();
    await primary.stop();

    const delayHeld = observedDelaySeconds >= policy.delaySeconds * 0.9;
    return {
        name: DELAYED_RESCUE,
        passed:
            lost.length === 0 &&
            delayHeld &&
            rowsSeenOnReplica === ROWS &&
            rowsWhenPaused === ROWS &&
            stoppedBeforeDelete === "t" &&
            replayState === "not paused" &&
            Number(intact) === ROWS &&
            missingIds(written, rewoundRows).length === 0 &&
            rewoundIntact === ROWS &&
            rowsAfterPromotion === 0,
        rowsWritten: ROWS,
        rowsLost: lost.length,
        seconds: 0,
        details: {
            recoveryMinApplyDelay: renderedDelay,
            deployedDelay: s.deployedPolicy.recoveryMinApplyDelay,
            walSource: `${archive.store.destinationPath}, server ${archive.serverName} (restore_command, no streaming)`,
            observedApplyDelaySeconds: Math.round(observedDelaySeconds * 10) / 10,
            replayPauseRequestedSecondsAfterDelete: Math.round(pausedAfterSeconds * 10) / 10,
            pauseStateAfterRequest: pauseState,
            mistakeAt,
            replayedUpToAtPause: replayedUpTo,
            rowsOnReplicaAfterPause: rowsSeenOnReplica,
            replayStoppedBeforeDelete: stoppedBeforeDelete === "t",
            rowsOnReplicaOnceDeleteWasDue: rowsWhenPaused,
            rowsReadFromDelayedReplica: rowsOnReplica,
            rowsOnPrimaryAfterRescue: present.length,
            rowsWithIntactContent: Number(intact),
            replayStateAfterResume: replayState,
            rewindTargetTime: plan.targetTime,
            rewindRecoveryTargetTime: recoveryTargetTime,
            rewindCluster: plan.restoreCluster,
            rewindBaseBackup: chosen.backup_id,
            rowsAfterRewind: rewoundRows.length,
            rowsOnDelayedReplicaAfterPromotion: rowsAfterPromotion,
            lostIds: lost.slice(0, 20),
            differsFromCnpg: [
                `The delay is ${renderedDelay} instead of ${s.deployedPolicy.recoveryMinApplyDelay}; it is the same setting from the same parser. With the real delay the runbook has that long to pause replay.`,
                "The replica is seeded with pg_basebackup instead of CNPG's bootstrap from a Barman base backup; after that it reads WAL only from the archive, like the deployed replica cluster.",
                `WAL segments are shipped with pg_switch_wal() instead of waiting for archive_timeout (${policy.archiveTimeout}); in the cluster a segment can reach the replica up to that much later, well inside the delay.`,
                "Rows committed less than the delay before the mistake are not yet applied on the delayed replica; the drill writes them long enough before the DELETE. Those newer rows need a point-in-time restore instead.",
                "In the cluster the same functions run through `kubectl exec ... psql` on the replica cluster's pod.",
                "The whole-database rewind runs barman-cloud-restore and recovery_target_time directly, standing in for CNPG's bootstrap.recovery of the new cluster that `database.restore` renders; the target is the paused replica's pg_last_xact_replay_timestamp(), passed through validateConfig.",
                "The promotion at the end is pg_promote() on the paused replica, standing in for `kubectl cnpg promote` / replica.enabled: false; it shows why the runbook does not promote.",
                "Right after pg_wal_replay_pause() the state reads 'pause requested' (the runbook accepts either state): PostgreSQL honours the request before it applies the next record, so nothing more is applied; 'paused' follows when that record is read (here within seconds; with no new WAL it can stay 'pause requested' longer).",
            ],
        },
    };
}
