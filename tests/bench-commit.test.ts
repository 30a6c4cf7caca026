/**
 * The pure parts of `npm run bench:commit` (bench/commit): options, percentiles from pgbench's
 * per-transaction log, the fitted model, the CI check on ratios, and the figure. The bench itself
 * (PostgreSQL, delay proxies, pgbench) runs in .ci/run as `bench:commit --ci`.
 */
import { describe, expect, it } from "vitest";
import { Cell, commitCheck, commitTable, latenciesFromLog, linearFit, percentile, syncModel } from "../bench/commit/model";
import { parseCommitOptions } from "../bench/commit/options";
import { latencySvg } from "../bench/commit/plot";

function cell(mode: Cell["mode"], rtt: number, clients: number, p50: number, tps: number, measured = rtt): Cell {
    return { mode, rttSetMs: rtt, rttMeasuredMs: measured, clients, transactions: 1000, commitsPerSecond: tps, p50Ms: p50, p99Ms: p50 * 3 };
}

describe("bench:commit options", () => {
    it("defaults to the cross-zone grid and the short CI form with --ci", () => {
        expect(parseCommitOptions([])).toMatchObject({ rtts: [0, 0.5, 1, 2], clients: [1, 4, 16], seconds: 8, ci: false, out: "out/bench/commit.json" });
        expect(parseCommitOptions(["--ci"])).toMatchObject({ rtts: [0, 2], clients: [4], seconds: 4, ci: true });
        expect(parseCommitOptions(["--rtts", "2,0,1,1", "--clients", "8,2"])).toMatchObject({ rtts: [0, 1, 2], clients: [2, 8] });
    });

    it("refuses a grid without RTT 0, impossible client counts and unknown flags", () => {
        expect(() => parseCommitOptions(["--rtts", "1,2"])).toThrow("--rtts 1,2: include 0");
        expect(() => parseCommitOptions(["--clients", "0"])).toThrow("--clients 0: expected a comma-separated list of client counts from 1 to 64");
        expect(() => parseCommitOptions(["--seconds", "1"])).toThrow("--seconds 1: expected a whole number of seconds from 2 to 120");
        expect(() => parseCommitOptions(["--fast"])).toThrow("unknown option --fast");
    });
});

describe("bench:commit statistics", () => {
    it("takes nearest-rank percentiles", () => {
        const s = Array.from({ length: 100 }, (_, i) => i + 1);
        expect(percentile(s, 50)).toBe(50);
        expect(percentile(s, 99)).toBe(99);
        expect(percentile([4, 9], 50)).toBe(4);
        expect(percentile([], 50)).toBeNaN();
    });

    it("reads latencies in ms from pgbench's per-transaction log and leaves out skipped transactions", () => {
        const log = ["0 1 1520 0 1733540000 123456", "1 1 2875 0 1733540000 223456", "1 2 skipped 0 1733540000 323456", "garbage"].join("\n");
        expect(latenciesFromLog(log)).toEqual([1.52, 2.875]);
    });

    it("fits a line exactly through collinear points and reports a lower r² for scattered ones", () => {
        const exact = linearFit([{ x: 0, y: 1.5 }, { x: 1, y: 2.5 }, { x: 2, y: 3.5 }]);
        expect(exact.slope).toBeCloseTo(1, 10);
        expect(exact.interceptMs).toBeCloseTo(1.5, 10);
        expect(exact.r2).toBeCloseTo(1, 10);
        const scattered = linearFit([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 2 }, { x: 3, y: 5 }]);
        expect(scattered.r2).toBeGreaterThan(0);
        expect(scattered.r2).toBeLessThan(0.9);
        expect(() => linearFit([{ x: 1, y: 1 }])).toThrow("at least 2 points");
        expect(() => linearFit([{ x: 1, y: 1 }, { x: 1, y: 2 }])).toThrow("two different x values");
    });

    it("models synchronous commits of one client against the measured RTT, not the set one", () => {
        const cells = [cell("sync", 0, 1, 1.2, 800, 0.2), cell("sync", 2, 1, 3.6, 280, 2.6), cell("async", 2, 1, 1.0, 900, 2.6), cell("sync", 2, 4, 9, 400, 2.6)];
        const fit = syncModel(cells, 1);
        expect(fit.points).toEqual([{ x: 0.2, y: 1.2 }, { x: 2.6, y: 3.6 }]);
        expect(fit.slope).toBeCloseTo(1, 10);
        expect(fit.interceptMs).toBeCloseTo(1.0, 10);
    });
});

describe("bench:commit CI check", () => {
    const healthy = [cell("sync", 0, 4, 1.5, 2200, 0.2), cell("async", 0, 4, 1.1, 3000, 0.2), cell("sync", 2, 4, 4.2, 800, 2.5), cell("async", 2, 4, 1.3, 1900, 2.5)];

    it("passes when synchronous commits wait about one RTT and asynchronous ones do not", () => {
        const r = commitCheck(healthy);
        expect(r.passed).toBe(true);
        expect(r.lines).toHaveLength(4);
    });

    it("fails when synchronous commits did not wait for a standby (the quorum was not in effect)", () => {
        const r = commitCheck(healthy.map((c) => (c.mode === "sync" && c.rttSetMs === 2 ? { ...c, p50Ms: 1.6 } : c)));
        expect(r.passed).toBe(false);
        expect(r.lines.find((l) => l.startsWith("FAIL"))).toMatch(/sync p50 grew 0.10 ms from RTT 0 to 2 ms/);
    });

    it("fails when asynchronous commits slowed down with the RTT, when the proxy added too little, or a cell is missing", () => {
        expect(commitCheck(healthy.map((c) => (c.mode === "async" && c.rttSetMs === 2 ? { ...c, p50Ms: 3.5 } : c))).passed).toBe(false);
        expect(commitCheck(healthy.map((c) => (c.rttSetMs === 2 ? { ...c, rttMeasuredMs: 1.2 } : c))).lines.filter((l) => l.startsWith("FAIL"))[0]).toMatch(/proxy added 1.20 ms for 2 ms set/);
        const missing = commitCheck(healthy.filter((c) => !(c.mode === "async" && c.rttSetMs === 0)));
        expect(missing.passed).toBe(false);
        expect(missing.lines).toEqual(["4 clients: a cell is missing (need sync and async at RTT 0 and 2 ms)"]);
    });

    it("prints one row per RTT and client count with both modes side by side", () => {
        const rows = commitTable(healthy).split("\n");
        expect(rows).toHaveLength(3);
        expect(rows[2]).toMatch(/2 ms\s+2.50 ms\s+4\s+800\s+4.20 ms\s+12.60 ms\s+1900\s+1.30 ms\s+3.90 ms/);
    });
});

describe("bench:commit figure", () => {
    it("draws one line per mode and client count inside its view box, and the fitted model", () => {
        const cells = [cell("sync", 0, 1, 1.2, 800, 0.2), cell("sync", 2, 1, 3.6, 280, 2.6), cell("async", 0, 1, 1.0, 900, 0.2), cell("async", 2, 1, 1.1, 880, 2.6), cell("sync", 0, 4, 2, 1800, 0.2), cell("sync", 2, 4, 5, 700, 2.6)];
        const svg = latencySvg(cells, syncModel(cells, 1), "t");
        expect(svg.match(/<polyline /g)).toHaveLength(3);
        expect(svg).toContain("fit: 1.00 + 1.00·RTT");
        const coords = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
        expect(coords).toHaveLength(6);
        for (const [x, y] of coords) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(640);
            expect(y).toBeGreaterThanOrEqual(0);
            expect(y).toBeLessThanOrEqual(400);
        }
    });
});
