/**
 * The region-loss drill's arithmetic, pure: the stated RPO bound and the figures of one scenario
 * (rows and seconds lost, seconds to the first write in the surviving region).
 *
 * A commit acknowledged by the primary in region A reaches the standby in region B through three
 * waits, each bounded:
 *   1. its WAL segment is closed and archived to store A at most `archive_timeout`
 *      (`backup.walArchiveTimeout`) after the previous segment switch;
 *   2. the archive's cross-region replication copies the segment to store B within the
 *      replication lag (here: the replicator's lag plus its poll interval; in a cloud: the
 *      mechanism's published bound, if it has one);
 *   3. the standby's restore_command polls B every `wal_retrieve_retry_interval` for the next
 *      segment (the replay poll interval).
 * So  RPO ≤ walArchiveTimeout + replication lag + replay poll interval.
 * On promotion PostgreSQL first restores whatever B already holds (PostgreSQL docs, "Failover":
 * "any WAL immediately available in the archive or in pg_wal will be restored"), so the third
 * term is margin at promotion time: it covers the seconds barman-cloud-wal-archive takes to
 * upload the closed segment, which the first term does not count.
 */

export interface RpoTerms {
    /** backup.walArchiveTimeout in seconds (PostgreSQL archive_timeout). */
    archiveTimeoutSeconds: number;
    /** The archive's replication lag bound in seconds. */
    replicationLagSeconds: number;
    /** wal_retrieve_retry_interval of the standby, in seconds. */
    replayPollSeconds: number;
}

/** RPO ≤ walArchiveTimeout + replication lag + replay poll interval, in seconds. */
export function rpoBoundSeconds(t: RpoTerms): number {
    for (const [k, v] of Object.entries(t)) {
        if (!Number.isFinite(v) || v < 0) throw new Error(`${k} must be a number of seconds >= 0, got ${v}`);
    }
    return t.archiveTimeoutSeconds + t.replicationLagSeconds + t.replayPollSeconds;
}

export interface AckedRow {
    id: number;
    /** When COMMIT was acknowledged (epoch ms). */
    at: number;
}

export interface ScenarioInput {
    scenario: string;
    lagSeconds: number;
    /** The loss allowed: the RPO bound for an emergency promotion, 0 for a planned switchover. */
    boundSeconds: number;
    acks: AckedRow[];
    /** Ids on the promoted server. */
    present: number[];
    /** Region A lost, or (switchover) the primary demoted, epoch ms. */
    lostAt: number;
    /** First write acknowledged by the promoted server that was begun after lostAt, epoch ms. */
    firstWriteAt: number;
}

export interface ScenarioFigures {
    scenario: string;
    lagSeconds: number;
    rpoBoundSeconds: number;
    acknowledged: number;
    /** Acknowledged rows missing on the promoted server (RPO in rows). */
    rowsLost: number;
    /** From the oldest lost acknowledgement to the loss (RPO in seconds); 0 when nothing was lost. */
    lostWindowSeconds: number;
    /** Rows acknowledged in the bound's window before the loss: the most the bound allows to lose. */
    rowsAckedWithinBound: number;
    /** Lost rows acknowledged before the bound's window: each one breaks the stated RPO. */
    rowsLostBeyondBound: number;
    withinBound: boolean;
    /** Seconds from the loss to the first write acknowledged by the promoted server (RTO). */
    rtoSeconds: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function scenarioFigures(i: ScenarioInput): ScenarioFigures {
    const have = new Set(i.present);
    const lost = i.acks.filter((a) => !have.has(a.id));
    const windowStart = i.lostAt - i.boundSeconds * 1000;
    const oldestLost = lost.reduce((min, a) => Math.min(min, a.at), Infinity);
    const beyond = lost.filter((a) => a.at < windowStart).length;
    return {
        scenario: i.scenario,
        lagSeconds: i.lagSeconds,
        rpoBoundSeconds: i.boundSeconds,
        acknowledged: i.acks.length,
        rowsLost: lost.length,
        lostWindowSeconds: lost.length === 0 ? 0 : round2(Math.max(0, i.lostAt - oldestLost) / 1000),
        rowsAckedWithinBound: i.acks.filter((a) => a.at >= windowStart && a.at <= i.lostAt).length,
        rowsLostBeyondBound: beyond,
        withinBound: beyond === 0,
        rtoSeconds: round2((i.firstWriteAt - i.lostAt) / 1000),
    };
}

/** One scenario's headline for the report: RPO in rows and seconds against its bound, and RTO. */
export function figuresLine(f: ScenarioFigures): string {
    const verdict = f.withinBound ? "within" : `BEYOND (${f.rowsLostBeyondBound} rows)`;
    return `${f.scenario}: RPO ${f.rowsLost} rows / ${f.lostWindowSeconds} s (${verdict} the ${f.rpoBoundSeconds} s bound), RTO ${f.rtoSeconds} s`;
}

/** DRILL_REGION_LAGS="0,10": the replication lags (seconds) the drill runs an emergency promotion for. */
export function parseLags(text: string | undefined, fallback: number[]): number[] {
    if (text === undefined || text.trim() === "") return fallback;
    const lags = text.split(",").map((s) => Number(s.trim()));
    if (lags.some((l) => !Number.isInteger(l) || l < 0 || l > 120)) {
        throw new Error(`DRILL_REGION_LAGS=${JSON.stringify(text)}: whole seconds 0-120, comma-separated, e.g. "0,10"`);
    }
    return lags;
}
