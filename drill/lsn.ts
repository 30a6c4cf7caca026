/**
 * WAL positions (LSNs) as PostgreSQL prints them, "16/B374D848": the high and low 32 bits in hex.
 * The failover runbook promotes the standby that has received the most WAL, which is the one
 * holding every commit a synchronous quorum acknowledged.
 */

export function parseLsn(text: string): bigint {
    const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
    if (!m) throw new Error(`not an LSN: ${JSON.stringify(text)}`);
    return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export interface StandbyPosition {
    name: string;
    /** pg_last_wal_receive_lsn(); empty when the standby has received nothing by streaming. */
    receivedLsn: string;
}

/** The standby with the highest received LSN; ties go to the first listed (lowest instance number). */
export function mostAdvanced(positions: StandbyPosition[]): StandbyPosition {
    const candidates = positions.filter((p) => p.receivedLsn.trim() !== "");
    if (candidates.length === 0) throw new Error("no standby has received any WAL: nothing is safe to promote");
    return candidates.reduce((best, p) => (parseLsn(p.receivedLsn) > parseLsn(best.receivedLsn) ? p : best));
}

/**
 * CNPG 1.30's failover quorum: promote only when the standbys that can be reached must include
 * one holding every acknowledged commit, R + W > N (R reachable standbys, W synchronous
 * acknowledgements per commit, N standbys in the quorum).
 */
export function quorumAllowsPromotion(reachable: number, synchronous: number, standbys: number): boolean {
    return reachable + synchronous > standbys;
}
