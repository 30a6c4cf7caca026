/**
 * Drill: only one standby has the last acknowledged commits. With `ANY 1` a commit returns once
 * ONE standby has it; here the other standby stops receiving (its WAL receiver is cut off, as a
 * network partition would), commits go on with the first standby's acknowledgement, and then the
 * primary is lost. Two questions, both from the automatic-failover runbook:
 * - While only the lagging standby can be reached (the primary's zone took the up-to-date standby
 *   with it), CNPG's failover quorum (R + W > N) must refuse to promote: the drill shows that the
 *   lagging standby really lacks acknowledged commits, so promoting it would have lost them.
 * - Once both can be reached, the runbook's manual promotion (highest position read in each
 *   standby with `kubectl exec … psql`: received LSN or, on a standby that is not streaming,
 *   replayed LSN) must pick the standby that has every acknowledged commit. Promotion by hand
 *   stands in for the operator.
 */
import { DrillContext } from "../context";
import { mostAdvanced, parseLsn, quorumAllowsPromotion, StandbyPosition } from "../lsn";
import { baseSettings, primaryConnInfo } from "../pg-conf";
import { PgNode } from "../postgres";
import { DrillResult, missingIds, parseIds } from "../report";
import { AUTOMATIC_FAILOVER } from "../runbook";
import { synchronousNamesFor } from "../settings";

export const LAGGING_STANDBY = "failover-with-one-up-to-date-standby";
const TABLE = "drill_acks";

/** The position the runbook reads in each standby (automatic-failover.md Step 3): received LSN, else replayed LSN. */
export const POSITION_QUERY = "SELECT coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::text";

export async function laggingStandbyDrill(ctx: DrillContext): Promise<DrillResult> {
    const s = ctx.settings;
    if (s.instances.length !== 3) throw new Error(`this drill needs a primary and exactly 2 standbys (fhir-ha:database.instances is ${s.instances.length})`);
    const synchronous = s.config.database.synchronousReplicas;
    if (synchronous !== 1) throw new Error(`this drill needs ANY 1 (fhir-ha:database.synchronousReplicas is ${synchronous})`);
    const [primary, upToDate, lagging] = await Promise.all(s.instances.map((n) => ctx.node(n)));
    const settings = (node: PgNode) => ({ ...baseSettings(node.port), synchronous_standby_names: synchronousNamesFor(s, node.name) });

    await primary.initdb();
    primary.configure(settings(primary));
    await primary.start();
    for (const standby of [upToDate, lagging]) {
        await standby.basebackupFrom(primary);
        standby.configure({ ...settings(standby), primary_conninfo: primaryConnInfo(primary.port, standby.name) });
        standby.markStandby();
        await standby.start();
    }
    await primary.waitFor("SELECT count(*) FROM pg_stat_replication WHERE sync_state IN ('quorum', 'sync')", "2", 30_000, "both standbys in the quorum");
    await primary.sql(`CREATE TABLE ${TABLE} (id bigint PRIMARY KEY)`);
    const both = Array.from({ length: 100 }, (_, i) => i + 1);
    await primary.script(both.map((id) => `INSERT INTO ${TABLE} VALUES (${id});`).join("\n"));
    await lagging.waitFor(`SELECT count(*) FROM ${TABLE}`, "100", 30_000, `rows 1-100 on ${lagging.name}`);

    // Cut the lagging standby off (its WAL receiver stops); it stays up and reachable.
    await lagging.sql("ALTER SYSTEM SET primary_conninfo = ''");
    await lagging.sql("SELECT pg_reload_conf()");
    await primary.waitFor("SELECT count(*) FROM pg_stat_replication", "1", 30_000, `${lagging.name} no longer streaming`);
    const onlyOne = Array.from({ length: 50 }, (_, i) => 101 + i);
    // Each INSERT returns only when ANY 1 standby has flushed it: here, only the up-to-date one.
    await primary.script(onlyOne.map((id) => `INSERT INTO ${TABLE} VALUES (${id});`).join("\n"));
    const acked = [...both, ...onlyOne];
    ctx.log(`rows 1-100 on both standbys; rows 101-150 acknowledged with ${upToDate.name} only (${lagging.name} cut off)`);

    ctx.step(AUTOMATIC_FAILOVER, "watch", `kill -9 of ${primary.name}; ${upToDate.name} unreachable with it (same zone)`);
    await primary.killHard();
    const standbys = 2;
    const reachableAlone = 1;
    ctx.step(AUTOMATIC_FAILOVER, "operator", `failover quorum with only ${lagging.name} reachable: R=${reachableAlone}, W=${synchronous}, N=${standbys}`);
    const refused = !quorumAllowsPromotion(reachableAlone, synchronous, standbys);
    const laggingRows = parseIds(await lagging.sql(`SELECT id FROM ${TABLE} ORDER BY id`));
    const wouldLose = missingIds(acked, laggingRows);
    ctx.log(`quorum ${refused ? "refuses" : "ALLOWS"} promotion; ${lagging.name} lacks ${wouldLose.length} acknowledged rows, which promoting it would have lost`);

    ctx.step(AUTOMATIC_FAILOVER, "promoteByHand", `both standbys reachable again: highest LSN (received, else replayed) read in each standby as Step 3 does`);
    const allowedWithBoth = quorumAllowsPromotion(2, synchronous, standbys);
    const positions: StandbyPosition[] = [];
    for (const n of [lagging, upToDate]) positions.push({ name: n.name, receivedLsn: await n.sql(POSITION_QUERY) });
    const laggingReceive = await lagging.sql("SELECT coalesce(pg_last_wal_receive_lsn()::text, 'NULL')");
    const chosen = mostAdvanced(positions);
    ctx.log(`positions: ${positions.map((p) => `${p.name}=${p.receivedLsn}`).join(", ")} -> promote ${chosen.name}`);
    const winner = chosen.name === upToDate.name ? upToDate : lagging;
    if ((await winner.sql("SELECT pg_promote(true, 60)")) !== "t") throw new Error(`pg_promote on ${winner.name} failed`);
    const present = parseIds(await winner.sql(`SELECT id FROM ${TABLE} ORDER BY id`));
    const lost = missingIds(acked, present);

    await Promise.all([upToDate.stop(), lagging.stop()]);
    const pickedRight = chosen.name === upToDate.name;
    return {
        name: LAGGING_STANDBY,
        passed: refused && wouldLose.length === onlyOne.length && allowedWithBoth && pickedRight && lost.length === 0,
        rowsWritten: acked.length,
        rowsLost: lost.length,
        seconds: 0,
        details: {
            synchronousStandbyNames: synchronousNamesFor(s, primary.name),
            acknowledgedWithBothStandbys: both.length,
            acknowledgedWithOneStandby: onlyOne.length,
            quorumWithLaggingStandbyAlone: { reachable: reachableAlone, synchronous, standbys, promotes: !refused },
            rowsLaggingStandbyLacks: wouldLose.length,
            quorumWithBothStandbys: { reachable: 2, synchronous, standbys, promotes: allowedWithBoth },
            positions: Object.fromEntries(positions.map((p) => [p.name, p.receivedLsn])),
            laggingStandbyReceiveLsn: laggingReceive,
            positionsDiffer: parseLsn(positions[0].receivedLsn) !== parseLsn(positions[1].receivedLsn),
            promoted: chosen.name,
            rowsOnPromoted: present.length,
            differsFromCnpg: [
                "The failover quorum decision is the project's function of R, W and N (drill/lsn.ts), applied to the reachability the drill sets up; CNPG computes it in its controller from the FailoverQuorum object. The drill proves the decision is the right one: the only reachable standby lacks acknowledged commits.",
                "Promotion by hand (pg_promote on the chosen standby), standing in for the operator and for `kubectl cnpg promote`.",
                `The lagging standby is cut off by clearing its primary_conninfo (its WAL receiver stops), standing in for a network partition; 'unreachable' for the up-to-date standby is modelled, not a killed process.`,
                "The position is coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), read in each standby as the runbook's Step 3 does with `kubectl exec … psql`; `kubectl cnpg status` lists only one LSN per instance (for a standby, the replayed one) and is not used.",
            ],
        },
    };
}
