/**
 * Drill 1: the primary is lost (kill -9 of the postmaster and all its backends) while a client
 * commits continuously. The runbook promotes the standby that received the most WAL and points
 * the other standby at it. Every acknowledged commit must survive, and we measure the seconds
 * from the loss to the first acknowledged write on the new primary.
 */
import { DrillContext } from "../context";
import { mostAdvanced, quorumAllowsPromotion, StandbyPosition } from "../lsn";
import { baseSettings, primaryConnInfo } from "../pg-conf";
import { PgNode } from "../postgres";
import { DrillResult, missingIds, parseIds } from "../report";
import { AUTOMATIC_FAILOVER } from "../runbook";
import { synchronousNamesFor } from "../settings";
import { waitUntil } from "../wait";
import { readWriteConnInfo, Writer } from "../writer";

export const PRIMARY_LOSS = "primary-loss-under-write-load";
const TABLE = "drill_writes";
/** Concurrent committing clients: enough to have commits in flight when the primary dies. */
const WRITER_CLIENTS = 3;

function serverSettings(ctx: DrillContext, node: PgNode) {
    return { ...baseSettings(node.port), synchronous_standby_names: synchronousNamesFor(ctx.settings, node.name) };
}

export async function primaryLossDrill(ctx: DrillContext): Promise<DrillResult> {
    const s = ctx.settings;
    if (s.instances.length < 3) throw new Error(`fhir-ha:database.instances is ${s.instances.length}; this drill needs a primary and at least 2 standbys`);
    const nodes: PgNode[] = [];
    for (const name of s.instances) nodes.push(await ctx.node(name));
    const [primary, ...standbys] = nodes;

    ctx.log(`initdb ${primary.name}, then ${standbys.length} standbys by pg_basebackup`);
    await primary.initdb();
    primary.configure(serverSettings(ctx, primary));
    await primary.start();
    // With a synchronous quorum every commit waits for the standbys, so they join first.
    for (const standby of standbys) {
        await standby.basebackupFrom(primary);
        standby.configure({ ...serverSettings(ctx, standby), primary_conninfo: primaryConnInfo(primary.port, standby.name) });
        standby.markStandby();
        await standby.start();
    }
    const syncNames = await primary.sql("SHOW synchronous_standby_names");
    await primary.waitFor("SELECT count(*) FROM pg_stat_replication WHERE sync_state IN ('quorum', 'sync')", String(standbys.length), 30_000, "standbys streaming in the quorum");
    await primary.sql(`CREATE TABLE ${TABLE} (id bigint PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    ctx.log(`primary ${primary.name}, standbys ${standbys.map((n) => n.name).join(", ")}; synchronous_standby_names = ${syncNames}`);

    ctx.log(`writer started: ${WRITER_CLIENTS} clients, one commit per connection, through libpq target_session_attrs=read-write`);
    const writer = Writer.forBin(ctx.rt.bin, ctx.rt.env, TABLE);
    writer.start(readWriteConnInfo(nodes.map((n) => n.port)), WRITER_CLIENTS);
    const writingFrom = Date.now();
    await waitUntil(() => writer.acks.length >= 100 && Date.now() - writingFrom >= 3_000, 60_000, "writer acknowledged commits before the loss");

    ctx.step(AUTOMATIC_FAILOVER, "watch", `kill -9 of ${primary.name} and all its backends under write load`);
    const lostAt = Date.now();
    await primary.killHard();
    const ackedBeforeLoss = writer.acks.length;

    ctx.step(AUTOMATIC_FAILOVER, "promoteByHand", "pg_last_wal_receive_lsn() on each standby, promote the highest");
    const positions: StandbyPosition[] = [];
    for (const standby of standbys) {
        positions.push({ name: standby.name, receivedLsn: await standby.sql("SELECT coalesce(pg_last_wal_receive_lsn()::text, '')") });
    }
    const reachable = positions.filter((p) => p.receivedLsn !== "").length;
    const synchronous = s.config.database.synchronousReplicas;
    if (!quorumAllowsPromotion(reachable, synchronous, standbys.length)) {
        throw new Error(`failover quorum not met: ${reachable} reachable + ${synchronous} synchronous <= ${standbys.length} standbys`);
    }
    const chosen = mostAdvanced(positions);
    const winner = standbys.find((n) => n.name === chosen.name)!;
    const others = standbys.filter((n) => n !== winner);
    ctx.log(`received LSNs: ${positions.map((p) => `${p.name}=${p.receivedLsn}`).join(", ")} -> pg_promote() on ${winner.name}`);

    const promoted = await winner.sql("SELECT pg_promote(true, 60)");
    if (promoted !== "t") throw new Error(`pg_promote on ${winner.name} returned ${promoted}`);

    ctx.step(AUTOMATIC_FAILOVER, "operator", `standing in for the -rw Service: ${others.map((n) => n.name).join(", ")} now stream from ${winner.name}`);
    for (const other of others) {
        await other.sql(`ALTER SYSTEM SET primary_conninfo = '${primaryConnInfo(winner.port, other.name)}'`);
        await other.sql("SELECT pg_reload_conf()");
    }

    ctx.step(AUTOMATIC_FAILOVER, "checkWrites", "first acknowledged commit on the new primary, then every acknowledged id");
    await waitUntil(() => writer.firstAckStartedAfter(lostAt) !== undefined, 60_000, "a write acknowledged by the new primary");
    const firstWriteSeconds = (writer.firstAckStartedAfter(lostAt)! - lostAt) / 1000;
    const ackedAtRecovery = writer.acks.length;
    await waitUntil(() => writer.acks.length >= ackedAtRecovery + 20, 30_000, "writes continuing on the new primary");
    await writer.stop();

    const acked = writer.ackedIds();
    const present = parseIds(await winner.sql(`SELECT id FROM ${TABLE} ORDER BY id`));
    const lost = missingIds(acked, present);
    const newSync = await winner.sql("SELECT string_agg(application_name || ':' || sync_state, ',' ORDER BY application_name) FROM pg_stat_replication");

    // The other standby must be on the new timeline with the same rows.
    const winnerLsn = await winner.sql("SELECT pg_current_wal_lsn()");
    for (const other of others) {
        await other.waitFor(`SELECT pg_last_wal_replay_lsn() >= '${winnerLsn}'::pg_lsn`, "t", 30_000, `${other.name} caught up with ${winner.name}`);
    }
    const otherCounts = await Promise.all(others.map((o) => o.sql(`SELECT count(*) FROM ${TABLE}`)));

    ctx.step(AUTOMATIC_FAILOVER, "afterwards", `${primary.name} rejoins as a standby: pg_rewind from ${winner.name}`);
    // After a fast promotion the new timeline reaches pg_control only at the next checkpoint;
    // without one pg_rewind sees "the same timeline" and skips the rewind.
    await winner.sql("CHECKPOINT");
    const rewound = await primary.tool("pg_rewind", ["--progress", "--target-pgdata", primary.dataDir, "--source-server", `host=127.0.0.1 port=${winner.port} user=postgres dbname=postgres`]);
    ctx.log(`pg_rewind: ${rewound.trim().split("\n").filter((l) => l.startsWith("pg_rewind: ")).map((l) => l.slice("pg_rewind: ".length)).join("; ")}`);
    primary.configure({ ...serverSettings(ctx, primary), primary_conninfo: primaryConnInfo(winner.port, primary.name) });
    primary.markStandby();
    await primary.start();
    await primary.waitFor(`SELECT pg_last_wal_replay_lsn() >= '${winnerLsn}'::pg_lsn`, "t", 30_000, `${primary.name} rejoined as a standby`);
    const rejoinedCount = await primary.sql(`SELECT count(*) FROM ${TABLE}`);
    const replication = await winner.sql("SELECT string_agg(application_name || ':' || sync_state, ',' ORDER BY application_name) FROM pg_stat_replication");

    for (const n of nodes) await n.stop();

    const countsAgree = [...otherCounts, rejoinedCount].every((c) => Number(c) === present.length);
    return {
        name: PRIMARY_LOSS,
        passed: lost.length === 0 && countsAgree,
        rowsWritten: acked.length,
        rowsLost: lost.length,
        seconds: 0,
        details: {
            synchronousStandbyNames: syncNames,
            writerClients: WRITER_CLIENTS,
            commitAttempts: writer.attempts,
            failedAttempts: writer.failures,
            acknowledgedBeforeLoss: ackedBeforeLoss,
            // Commits in flight when the primary died whose acknowledgement still arrived: they must survive too.
            acknowledgedWhileDying: writer.acks.filter((a) => a.startedAt <= lostAt && a.at > lostAt).length,
            acknowledged: acked.length,
            rowsOnNewPrimary: present.length,
            unacknowledgedButPresent: present.length - (acked.length - lost.length),
            receivedLsns: positions,
            failoverQuorum: `${reachable} reachable + ${synchronous} synchronous > ${standbys.length} standbys`,
            promoted: winner.name,
            secondsToFirstWrite: Math.round(firstWriteSeconds * 100) / 100,
            replicationAfterFailover: newSync,
            replicationAfterRejoin: replication,
            standbyRowCountsAfterCatchUp: otherCounts.map(Number),
            rejoinedOldPrimaryRowCount: Number(rejoinedCount),
            lostIds: lost.slice(0, 20),
            differsFromCnpg: [
                "The instance manager and operator are not running: the drill detects the loss at once and promotes by hand as the runbook's Step 3 does; in the cluster, detection adds the readiness-probe time (40-55 s after a node loss) and CNPG also checks the failover quorum (R + W > N) before promoting.",
                "Standbys are re-pointed with ALTER SYSTEM primary_conninfo; CNPG re-points them through the -rw Service when it relabels the new primary.",
                "The client finds the primary with libpq target_session_attrs=read-write over all instances; in the cluster the -rw Service does this.",
                "PostgreSQL 15 from Debian instead of the PostgreSQL 17 the cluster runs; the functions used (pg_promote, pg_last_wal_receive_lsn, pg_rewind) behave the same.",
            ],
        },
    };
}
