/**
 * Pure parts of `npm run bench:commit`: percentiles of pgbench's per-transaction log, the linear
 * model a synchronous commit is expected to follow (latency ≈ local commit + round-trip time to the
 * nearest standby), and the CI check, which judges ratios and slopes on this machine, never
 * absolute times.
 */

/** One cell of the grid: a replication mode, an injected RTT and a client count. */
export interface Cell {
    mode: "sync" | "async";
    /** The RTT the proxy was set to add (ms). */
    rttSetMs: number;
    /** The RTT the proxy really added, measured by a ping-pong through it (ms). */
    rttMeasuredMs: number;
    clients: number;
    transactions: number;
    commitsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
}

/** The nearest-rank percentile of sorted samples (p in 0..100). */
export function percentile(sorted: number[], p: number): number {
    if (sorted.length === 0) return NaN;
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/**
 * Latencies (ms) from pgbench's per-transaction log lines: `client_id transaction_no time
 * script_no time_epoch time_us`, where `time` is the transaction's latency in microseconds
 * (PostgreSQL docs, pgbench "Per-Transaction Logging"). Skipped transactions ("skipped") and
 * failed ones ("failed", "serialization", "deadlock") are left out.
 */
export function latenciesFromLog(text: string): number[] {
    const out: number[] = [];
    for (const line of text.split("\n")) {
        const f = line.trim().split(/\s+/);
        if (f.length < 6) continue;
        const us = Number(f[2]);
        if (Number.isFinite(us) && /^\d+$/.test(f[2])) out.push(us / 1000);
    }
    return out;
}

export interface LinearFit {
    slope: number;
    interceptMs: number;
    r2: number;
    points: { x: number; y: number }[];
}

/** Least-squares line y = slope·x + intercept, with the coefficient of determination. */
export function linearFit(points: { x: number; y: number }[]): LinearFit {
    const n = points.length;
    if (n < 2) throw new Error(`a line needs at least 2 points, got ${n}`);
    const mx = points.reduce((s, p) => s + p.x, 0) / n;
    const my = points.reduce((s, p) => s + p.y, 0) / n;
    const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
    if (sxx === 0) throw new Error("a line needs at least two different x values");
    const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
    const slope = sxy / sxx;
    const interceptMs = my - slope * mx;
    const ssTot = points.reduce((s, p) => s + (p.y - my) ** 2, 0);
    const ssRes = points.reduce((s, p) => s + (p.y - (slope * p.x + interceptMs)) ** 2, 0);
    return { slope, interceptMs, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot, points };
}

/**
 * The model: a synchronous commit's median latency with one client against the RTT the proxy
 * really added. A slope near 1 and an intercept near the asynchronous commit say that the
 * rendered `ANY 1` quorum costs one round trip to the nearest standby and nothing else.
 */
export function syncModel(cells: Cell[], clients: number): LinearFit {
    const pts = cells.filter((c) => c.mode === "sync" && c.clients === clients).map((c) => ({ x: c.rttMeasuredMs, y: c.p50Ms }));
    return linearFit(pts);
}

export interface CheckResult {
    passed: boolean;
    lines: string[];
}

/**
 * The CI regression guard, on relations only:
 *  - synchronous commits wait for a standby: at the largest RTT, the synchronous median grows by
 *    at least half the RTT the proxy really added over the synchronous median at RTT 0;
 *  - asynchronous commits do not: at the largest RTT their median stays within 1.5× of RTT 0's
 *    plus 0.5 ms (scheduling noise on a shared 2-core machine);
 *  - at RTT 0 the quorum costs little: synchronous throughput at least 0.3× asynchronous;
 *  - the proxy really adds the RTT it was set to: at least 0.8× the setting (the measured figure
 *    is what the other checks and the model use, so a proxy that adds too much only shifts them).
 */
export function commitCheck(cells: Cell[]): CheckResult {
    const lines: string[] = [];
    let passed = true;
    const clients = [...new Set(cells.map((c) => c.clients))].sort((a, b) => a - b);
    const rtts = [...new Set(cells.map((c) => c.rttSetMs))].sort((a, b) => a - b);
    const top = rtts[rtts.length - 1];
    const find = (mode: Cell["mode"], rtt: number, n: number) => cells.find((c) => c.mode === mode && c.rttSetMs === rtt && c.clients === n);
    for (const n of clients) {
        const s0 = find("sync", 0, n);
        const sTop = find("sync", top, n);
        const a0 = find("async", 0, n);
        const aTop = find("async", top, n);
        if (!s0 || !sTop || !a0 || !aTop) {
            passed = false;
            lines.push(`${n} clients: a cell is missing (need sync and async at RTT 0 and ${top} ms)`);
            continue;
        }
        if (top > 0) {
            const proxyOk = sTop.rttMeasuredMs >= 0.8 * top;
            passed &&= proxyOk;
            lines.push(`${proxyOk ? "ok  " : "FAIL"} ${n} clients: the proxy added ${sTop.rttMeasuredMs.toFixed(2)} ms for ${top} ms set (need >= 0.8×)`);
            const grew = sTop.p50Ms - s0.p50Ms;
            const ok = grew >= 0.5 * sTop.rttMeasuredMs;
            passed &&= ok;
            lines.push(`${ok ? "ok  " : "FAIL"} ${n} clients: sync p50 grew ${grew.toFixed(2)} ms from RTT 0 to ${top} ms (proxy added ${sTop.rttMeasuredMs.toFixed(2)} ms; need >= half)`);
            const asyncOk = aTop.p50Ms <= 1.5 * a0.p50Ms + 0.5;
            passed &&= asyncOk;
            lines.push(`${asyncOk ? "ok  " : "FAIL"} ${n} clients: async p50 ${a0.p50Ms.toFixed(2)} → ${aTop.p50Ms.toFixed(2)} ms at ${top} ms RTT (limit 1.5× + 0.5 ms)`);
        }
        const tpsOk = s0.commitsPerSecond >= 0.3 * a0.commitsPerSecond;
        passed &&= tpsOk;
        lines.push(`${tpsOk ? "ok  " : "FAIL"} ${n} clients: at RTT 0 sync ${s0.commitsPerSecond.toFixed(0)}/s vs async ${a0.commitsPerSecond.toFixed(0)}/s (need >= 0.3×)`);
    }
    return { passed, lines };
}

/** The printed table: one row per RTT and client count, sync and async side by side. */
export function commitTable(cells: Cell[]): string {
    const rows: string[][] = [["RTT set", "RTT measured", "clients", "sync commits/s", "sync p50", "sync p99", "async commits/s", "async p50", "async p99"]];
    const keys = [...new Set(cells.map((c) => `${c.rttSetMs}|${c.clients}`))];
    for (const key of keys) {
        const [rtt, n] = key.split("|").map(Number);
        const s = cells.find((c) => c.mode === "sync" && c.rttSetMs === rtt && c.clients === n);
        const a = cells.find((c) => c.mode === "async" && c.rttSetMs === rtt && c.clients === n);
        const ms = (v?: number) => (v === undefined ? "-" : `${v.toFixed(2)} ms`);
        const tps = (v?: number) => (v === undefined ? "-" : v.toFixed(0));
        rows.push([`${rtt} ms`, ms(s?.rttMeasuredMs ?? a?.rttMeasuredMs), String(n), tps(s?.commitsPerSecond), ms(s?.p50Ms), ms(s?.p99Ms), tps(a?.commitsPerSecond), ms(a?.p50Ms), ms(a?.p99Ms)]);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((v, i) => v.padStart(widths[i])).join("  ")).join("\n");
}
