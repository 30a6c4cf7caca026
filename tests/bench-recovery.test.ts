import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { ClusterArchive } from "../drill/barman";
import { loadSegments } from "../bench/recovery/cycle";
import { noNewPair, overBudget, parseOptions, walBytesFor } from "../bench/recovery/options";
import { alternatives, BARMAN_DEFAULTS, profile, Profile, SHIPPED } from "../bench/recovery/profiles";
import { completePairs, favoured, Measurement, median, regressionCheck, rtoSeconds, summarize, Summary, table, withRatios } from "../bench/recovery/report";
import { compressionArgs, cpuFromStderr, parseRestoreCalls, parseTimesLine, sumCpuLog, timedCommand, walArchiveScript, walRestoreScript } from "../bench/recovery/wal-scripts";
import { insertBatch, rowsFor } from "../bench/recovery/workload";
import { PlanDocument } from "../src/plan/document";
import { shippedPlan } from "./support/shipped-plans";

const GB = 1024 ** 3;
const MB = 1024 ** 2;

function measurement(p: Profile, o: { restore: number; backup?: number; cpu?: number; archiveMBps?: number; store?: string; sizeGb?: number; walStored?: number }): Measurement {
    const walBytes = 256 * MB;
    const drainSeconds = walBytes / MB / (o.archiveMBps ?? 10);
    return {
        store: o.store ?? "s3",
        sizeGb: o.sizeGb ?? 1,
        profile: p,
        dbBytes: GB,
        backup: { seconds: o.backup ?? 10, cpuSeconds: 5, storedBytes: 300 * MB },
        archive: { walBytes, loadSeconds: 5, drainSeconds, peakReady: 3, peakOldestAgeSeconds: 4, cpuSeconds: (o.cpu ?? 0.5) * drainSeconds, ...(o.walStored ? { storedBytes: o.walStored } : {}), samples: [] },
        restore: { downloadSeconds: o.restore * 0.75, replaySeconds: o.restore * 0.25, cpuSeconds: (o.cpu ?? 0.5) * o.restore, walBytes },
    };
}

describe("recovery bench: profiles", () => {
    it("measures as 'shipped' what the local stack's ObjectStores render, against an ObjectStore without those fields", () => {
        const stores = shippedPlan<PlanDocument>("local").resources.filter((r) => r.type === "kubernetes:barmancloud.cnpg.io/v1:ObjectStore");
        expect(stores.length).toBeGreaterThan(0);
        for (const store of stores) {
            const { wal, data } = (store.inputs as any).spec.configuration;
            // An unset compression is barman's default: uncompressed.
            expect({ walCompression: wal.compression ?? "none", dataCompression: data.compression ?? "none", walMaxParallel: wal.maxParallel, dataJobs: data.jobs }).toEqual({
                walCompression: SHIPPED.walCompression,
                dataCompression: SHIPPED.dataCompression,
                walMaxParallel: SHIPPED.walMaxParallel,
                dataJobs: SHIPPED.dataJobs,
            });
        }
        expect(BARMAN_DEFAULTS).toMatchObject({ walCompression: "none", dataCompression: "none", walMaxParallel: 1, dataJobs: 2 });
    });

    it("varies one setting at a time and never repeats a measured profile", () => {
        const base = profile({ walCompression: "gzip", dataCompression: "gzip", walMaxParallel: 4, dataJobs: 2 });
        const alts = alternatives(base, ["none", "gzip", "snappy"], [1, 2, 4, 8]);
        const names = alts.map((a) => a.name);
        expect(new Set(names).size).toBe(names.length);
        expect(names).toContain("none wal×4 jobs×2");
        expect(names).toContain("snappy wal×4 jobs×2");
        expect(names).not.toContain("gzip wal×4 jobs×2"); // the base itself
        expect(alts.filter((a) => a.walCompression === "gzip" && a.dataJobs === 2).map((a) => a.walMaxParallel)).toEqual([1, 2, 8]);
        expect(alts.filter((a) => a.walCompression === "gzip" && a.walMaxParallel === 4).map((a) => a.dataJobs)).toEqual([1, 4, 8]);
        expect(alts.every((a) => a.walCompression === a.dataCompression)).toBe(true);
    });
});

describe("recovery bench: arithmetic", () => {
    it("takes medians of odd and even counts and refuses none", () => {
        expect(median([3, 1, 2])).toBe(2);
        expect(median([4, 1, 3, 2])).toBe(2.5);
        expect(() => median([])).toThrow(/no values/);
    });

    it("summarises runs by median and gives ratios against barman's defaults of the same store and size", () => {
        const shipped = { ...SHIPPED, name: "shipped" };
        const rows = summarize(
            [
                measurement(BARMAN_DEFAULTS, { restore: 20, backup: 10, archiveMBps: 10 }),
                measurement(BARMAN_DEFAULTS, { restore: 40, backup: 10, archiveMBps: 10 }),
                measurement(BARMAN_DEFAULTS, { restore: 30, backup: 10, archiveMBps: 10 }),
                measurement(shipped, { restore: 15, backup: 20, archiveMBps: 20, walStored: 64 * MB }),
                measurement(shipped, { restore: 100, backup: 20, archiveMBps: 20, walStored: 64 * MB }),
                measurement(shipped, { restore: 12, backup: 20, archiveMBps: 20, walStored: 64 * MB }),
                measurement(shipped, { restore: 50, store: "azure" }),
            ],
            BARMAN_DEFAULTS.name,
        );
        const s3 = rows.find((r) => r.profile === "shipped" && r.store === "s3")!;
        expect(s3.runs).toBe(3);
        expect(s3.restoreSeconds).toBe(15); // the outlier of 100 s does not move the median
        expect(s3.restoreRatio).toBeCloseTo(0.5);
        expect(s3.backupRatio).toBeCloseTo(2);
        expect(s3.archiveRatio).toBeCloseTo(2);
        expect(s3.restoreSecondsPerGb).toBeCloseTo(15);
        expect(s3.downloadSecondsPerGb).toBeCloseTo(11.25);
        expect(s3.replaySecondsPerWalGb).toBeCloseTo(3.75 * 4);
        expect(s3.restoreCores).toBeCloseTo(0.5);
        expect(s3.restoreCpuSeconds).toBeCloseTo(7.5);
        expect(s3.restoreCpuRatio).toBeCloseTo(0.5);
        expect(s3.walStoredFraction).toBeCloseTo(0.25);
        // No defaults measured on Azure: no ratio rather than a ratio against another store.
        const azure = rows.find((r) => r.store === "azure")!;
        expect(azure.restoreRatio).toBeUndefined();
        expect(rows.find((r) => r.profile === BARMAN_DEFAULTS.name)!.restoreRatio).toBe(1);
    });

    it("prints one aligned row per store, size and profile, with a header", () => {
        const rows = summarize([measurement(BARMAN_DEFAULTS, { restore: 20 }), measurement({ ...SHIPPED, name: "shipped" }, { restore: 10 })], BARMAN_DEFAULTS.name);
        const lines = table(rows).trimEnd().split("\n");
        expect(lines).toHaveLength(3);
        expect(lines[0]).toMatch(/^store\s+GB\s+profile\s+runs\s+backup s/);
        expect(lines[2]).toMatch(/^s3\s+1\.00\s+shipped\s+1\s+10\.0/);
        expect(lines[2]).toMatch(/\s0\.50\s/); // restore ratio
        // Columns line up: every row's restore-ratio cell ends where the header's does.
        const end = lines[0].indexOf("restore×") + "restore×".length;
        expect(end).toBeGreaterThan("restore×".length);
        for (const line of lines) {
            expect(line[end - 1]).not.toBe(" ");
            expect(line[end] === undefined || line[end] === " ").toBe(true);
        }
    });
});

describe("recovery bench: CI regression check", () => {
    const row = (restoreRatio: number | undefined, cores = 0.5): Summary =>
        ({ store: "s3", sizeGb: 0.05, dbGb: 0.06, profile: "shipped", restoreRatio, restoreCores: cores, archiveCores: cores }) as Summary;

    it("passes when the shipped restore is within the factor of barman's defaults and within the CPU budget", () => {
        const r = regressionCheck([row(1.2)], "shipped", 1.5, 1);
        expect(r.passed).toBe(true);
        expect(r.lines[0]).toMatch(/restore 1\.20× barman defaults \(limit 1\.5×\) ok/);
    });

    it("fails when slower than the factor, over the CPU budget, or not compared at all", () => {
        expect(regressionCheck([row(1.6)], "shipped", 1.5, 1)).toMatchObject({ passed: false, lines: [expect.stringMatching(/TOO SLOW/)] });
        expect(regressionCheck([row(0.9, 1.4)], "shipped", 1.5, 1)).toMatchObject({ passed: false, lines: [expect.stringMatching(/OVER BUDGET/)] });
        expect(regressionCheck([row(undefined)], "shipped", 1.5, 1).passed).toBe(false);
        expect(regressionCheck([], "shipped", 1.5, 1)).toMatchObject({ passed: false, lines: [expect.stringMatching(/no measurement/)] });
    });
});

describe("recovery bench: complete pairs", () => {
    it("keeps the first n runs of each profile per store and size, n the smaller count", () => {
        const ms = [
            measurement(BARMAN_DEFAULTS, { restore: 10 }),
            measurement(SHIPPED, { restore: 11 }),
            measurement(BARMAN_DEFAULTS, { restore: 30 }), // its shipped partner was stopped by the deadline
            measurement(BARMAN_DEFAULTS, { restore: 12, sizeGb: 2 }), // no partner at all
        ];
        const kept = completePairs(ms, BARMAN_DEFAULTS.name, SHIPPED.name);
        expect(kept.map((m) => [m.profile.name, m.sizeGb, m.restore.downloadSeconds / 0.75])).toEqual([
            [BARMAN_DEFAULTS.name, 1, 10],
            [SHIPPED.name, 1, 11],
        ]);
        expect(summarize(kept, BARMAN_DEFAULTS.name).find((r) => r.profile === SHIPPED.name)?.restoreRatio).toBeCloseTo(1.1);
    });
});

describe("recovery bench: settings the figures favour", () => {
    const r = (profile: string, restoreSeconds: number, storedMb: number, cores = 0.5, archiveMBps = 10): Summary =>
        ({ profile, restoreSeconds, storedMb, restoreCores: cores, archiveCores: cores, archiveMBps }) as Summary;

    it("picks the fastest restore within the CPU budget", () => {
        expect(favoured([r("a", 30, 100), r("b", 20, 100), r("c", 10, 100, 1.5)], 1)?.profile).toBe("b");
    });

    it("breaks near-ties by the smaller backup, then by archive throughput", () => {
        expect(favoured([r("none", 20, 400), r("snappy", 21, 150), r("gzip", 30, 90)], 1)?.profile).toBe("snappy");
        expect(favoured([r("x", 20, 100, 0.5, 5), r("y", 20, 100, 0.5, 9)], 1)?.profile).toBe("y");
    });

    it("favours nothing when every profile is over the budget", () => {
        expect(favoured([r("a", 10, 10, 2)], 1)).toBeUndefined();
    });
});

describe("recovery bench: RTO estimate", () => {
    it("adds the fixed cost, the base backup per GB and the WAL replay per GB", () => {
        expect(rtoSeconds({ dbGb: 100, walGb: 20, restoreSecondsPerGb: 30, replaySecondsPerGb: 60, fixedSeconds: 120 })).toBe(120 + 3000 + 1200);
        expect(rtoSeconds({ dbGb: 0, walGb: 0, restoreSecondsPerGb: 30, replaySecondsPerGb: 60, fixedSeconds: 0 })).toBe(0);
    });

    it("refuses negative or missing inputs, naming them", () => {
        expect(() => rtoSeconds({ dbGb: -1, walGb: 0, restoreSecondsPerGb: 1, replaySecondsPerGb: 1, fixedSeconds: 0 })).toThrow(/dbGb must be a number >= 0/);
        expect(() => rtoSeconds({ dbGb: 1, walGb: NaN, restoreSecondsPerGb: 1, replaySecondsPerGb: 1, fixedSeconds: 0 })).toThrow(/walGb/);
    });
});

describe("recovery bench: options and workload", () => {
    it("runs the growth curve by default and a small, repeated, S3-only check under --ci", () => {
        expect(parseOptions([])).toMatchObject({ sizes: [0.05, 0.1, 0.2], stores: ["s3", "azure"], runs: 1, alternatives: true, ci: false, azureSizes: [0.05], out: "out/bench/recovery.json" });
        expect(parseOptions(["--ci"])).toMatchObject({ sizes: [0.02], stores: ["s3"], runs: 3, alternatives: false, ci: true, budgetSeconds: 100, minWalBytes: 16 * MB });
        expect(parseOptions([]).budgetSeconds).toBeUndefined();
        expect(parseOptions(["--ci", "--budget", "60"]).budgetSeconds).toBe(60);
        expect(parseOptions(["--ci"]).deadlineSeconds).toBe(120);
        expect(parseOptions([]).deadlineSeconds).toBeUndefined();
        expect(parseOptions(["--sweep", "compression", "--sweep-every-size"])).toMatchObject({ sweep: "compression", sweepEverySize: true });
        expect(parseOptions([])).toMatchObject({ sweep: "all", sweepEverySize: false });
        expect(parseOptions(["--sizes", "2,0.5", "--runs", "2", "--no-alternatives"])).toMatchObject({ sizes: [0.5, 2], runs: 2, alternatives: false });
    });

    it("rejects bad flags with the flag's name", () => {
        expect(() => parseOptions(["--sizes", "0,1"])).toThrow(/--sizes/);
        expect(() => parseOptions(["--stores", "gcs"])).toThrow(/--stores: "gcs" is not one of s3, azure/);
        expect(() => parseOptions(["--runs", "0"])).toThrow(/--runs/);
        expect(() => parseOptions(["--runs"])).toThrow(/--runs needs a value/);
        expect(() => parseOptions(["--budget", "-1"])).toThrow(/--budget/);
        expect(() => parseOptions(["--deadline", "0"])).toThrow(/--deadline/);
        expect(() => parseOptions(["--sweep", "xz"])).toThrow(/--sweep: "xz" is not one of compression, parallelism, all/);
    });

    it("stops starting new pairs once the budget is used, and never without a budget", () => {
        expect(overBudget({ budgetSeconds: 150 }, 0, 149_000)).toBe(false);
        expect(overBudget({ budgetSeconds: 150 }, 0, 151_000)).toBe(true);
        expect(overBudget({}, 0, 10 ** 9)).toBe(false);
    });

    it("starts no pair that the last one shows would not finish before the deadline", () => {
        expect(noNewPair({ deadlineSeconds: 170 }, 0, 60_000, 100_000)).toBe(false);
        expect(noNewPair({ deadlineSeconds: 170 }, 0, 80_000, 100_000)).toBe(true);
        expect(noNewPair({ budgetSeconds: 50, deadlineSeconds: 170 }, 0, 10_000, 60_000)).toBe(true);
        expect(noNewPair({}, 0, 10 ** 9, 10 ** 9)).toBe(false);
    });

    it("rounds the write load up to whole WAL segments, at least one", () => {
        expect(loadSegments(64 * MB, 16 * MB)).toBe(4);
        expect(loadSegments(64 * MB + 1, 16 * MB)).toBe(5);
        expect(loadSegments(1, 16 * MB)).toBe(1);
        expect(loadSegments(0, 16 * MB)).toBe(1);
        expect(() => loadSegments(MB, 0)).toThrow(/segment size/);
    });

    it("writes WAL in proportion to the size, with a floor", () => {
        expect(walBytesFor(1, { walFraction: 0.25, minWalBytes: 64 * MB })).toBe(256 * MB);
        expect(walBytesFor(0.01, { walFraction: 0.25, minWalBytes: 64 * MB })).toBe(64 * MB);
    });

    it("generates FHIR Observation rows in one statement and sizes batches from bytes per row", () => {
        expect(insertBatch(10)).toMatch(/'resourceType', 'Observation'/);
        expect(insertBatch(10)).toMatch(/generate_series\(1, 10\)/);
        expect(() => insertBatch(0)).toThrow(/rows must be a whole number >= 1/);
        expect(rowsFor(8 * MB, 1024)).toBe(8192);
        expect(rowsFor(10, 1024)).toBe(1);
        expect(() => rowsFor(10, 0)).toThrow(/bytes per row/);
    });
});

// These run bash and python processes: on a loaded machine they take longer than vitest's default 5 s.
describe("recovery bench: CPU accounting", { timeout: 60_000 }, () => {
    it("reads bash's times line (user + system of the children)", () => {
        expect(parseTimesLine("0m1.250s 0m0.250s")).toBeCloseTo(1.5);
        expect(parseTimesLine("2m0.000s 0m1.000s")).toBeCloseTo(121);
        expect(() => parseTimesLine("1.5")).toThrow(/not a bash times line/);
        expect(cpuFromStderr("some warning\n0m0.500s 0m0.100s\n")).toBeCloseTo(0.6);
        expect(sumCpuLog("0m0.500s 0m0.100s\n\n0m1.000s 0m0.000s\n")).toBeCloseTo(1.6);
    });

    it("reads the restore_command call log: fetches, not found, spool hits and the time waited", () => {
        const calls = parseRestoreCalls("000000010000000000000003 0 100.250000 102.750000\n00000002.history 1 103.000000 104.500000\n000000010000000000000004 spool 105.000000 105.010000\n");
        expect(calls).toEqual({ fetched: 2, missing: 1, fromSpool: 1, seconds: expect.closeTo(4.01, 5) });
        expect(parseRestoreCalls("")).toEqual({ fetched: 0, missing: 0, fromSpool: 0, seconds: 0 });
        expect(() => parseRestoreCalls("000000010000000000000003 0 100,25 101,5")).toThrow(/not a restore call line/);
    });

    it("measures a command's children through bash", () => {
        const r = spawnSync("bash", timedCommand("python3", ["-c", "sum(range(3 * 10**6))"]), { encoding: "utf8" });
        expect(r.status).toBe(0);
        expect(cpuFromStderr(r.stderr)).toBeGreaterThan(0);
    });
});

describe("recovery bench: parallel WAL scripts (run with a stub barman-cloud)", { timeout: 60_000 }, () => {
    const archive: ClusterArchive = { store: { kind: "s3", destinationPath: "s3://b/bench", endpointUrl: "http://127.0.0.1:1", env: {} }, serverName: "c1" };

    function sandbox() {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-wal-"));
        const bin = path.join(dir, "bin");
        const store = path.join(dir, "store");
        const spool = path.join(dir, "spool");
        const data = path.join(dir, "data");
        for (const d of [bin, store, spool, path.join(data, "pg_wal", "archive_status")]) fs.mkdirSync(d, { recursive: true });
        const calls = path.join(dir, "calls.log");
        // Stubs record each call and copy files to/from the "store" directory.
        fs.writeFileSync(path.join(bin, "barman-cloud-wal-archive"), `#!/bin/bash\nsrc=\${@: -1}; echo "archive $(basename $src) $*" >> ${calls}; cp "$src" ${store}/\n`, { mode: 0o755 });
        fs.writeFileSync(path.join(bin, "barman-cloud-wal-restore"), `#!/bin/bash\nw=\${@: -2:1}; d=\${@: -1}; echo "restore $w" >> ${calls}; [ -e ${store}/$w ] || exit 1; cp ${store}/$w "$d"\n`, { mode: 0o755 });
        const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
        const read = () => (fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n") : []);
        return { dir, store, spool, data, env, read, cpuLog: path.join(dir, "cpu.log"), callLog: path.join(dir, "restore-calls.log") };
    }

    it("archives the requested segment plus maxParallel-1 ready ones, then answers those from the spool", () => {
        const s = sandbox();
        const segs = ["000000010000000000000003", "000000010000000000000004", "000000010000000000000005", "000000010000000000000006"];
        for (const w of segs) {
            fs.writeFileSync(path.join(s.data, "pg_wal", w), w);
            fs.writeFileSync(path.join(s.data, "pg_wal", "archive_status", `${w}.ready`), "");
        }
        const script = path.join(s.dir, "archive.sh");
        fs.writeFileSync(script, walArchiveScript({ archive, compression: "snappy", maxParallel: 3, spoolDir: s.spool, cpuLog: s.cpuLog }), { mode: 0o755 });
        const call = (w: string) => spawnSync(script, [`pg_wal/${w}`, w], { cwd: s.data, env: s.env, encoding: "utf8" });

        expect(call(segs[0]).status).toBe(0);
        expect(fs.readdirSync(s.store).sort()).toEqual(segs.slice(0, 3));
        expect(fs.readdirSync(s.spool).sort()).toEqual(segs.slice(1, 3));
        expect(s.read().find((l) => l.startsWith(`archive ${segs[0]}`))).toMatch(/--snappy s3:\/\/b\/bench c1 pg_wal\/000000010000000000000003$/);
        // PostgreSQL then asks for 4: already archived, no upload, spool entry consumed.
        expect(call(segs[1]).status).toBe(0);
        expect(s.read()).toHaveLength(3);
        expect(fs.readdirSync(s.spool)).toEqual([segs[2]]);
        expect(fs.readFileSync(s.cpuLog, "utf8").trim().split("\n")).toHaveLength(1); // the spool hit ran nothing
        // The one line is bash's `times` for the children (user and system), which sumCpuLog reads.
        expect(fs.readFileSync(s.cpuLog, "utf8").trim()).toMatch(/^\d+m[\d.]+s \d+m[\d.]+s$/);
        expect(() => sumCpuLog(fs.readFileSync(s.cpuLog, "utf8"))).not.toThrow();
        fs.rmSync(s.dir, { recursive: true, force: true });
    });

    it("fails the call when the requested segment cannot be archived", () => {
        const s = sandbox();
        const script = path.join(s.dir, "archive.sh");
        fs.writeFileSync(script, walArchiveScript({ archive, compression: "none", maxParallel: 1, spoolDir: s.spool, cpuLog: s.cpuLog }), { mode: 0o755 });
        expect(spawnSync(script, ["pg_wal/000000010000000000000009", "000000010000000000000009"], { cwd: s.data, env: s.env }).status).toBe(1);
        fs.rmSync(s.dir, { recursive: true, force: true });
    });

    it("prefetches the next segments (across a log boundary) and serves them from the spool", () => {
        const s = sandbox();
        const segs = ["0000000100000002000000FE", "0000000100000002000000FF", "000000010000000300000000"];
        for (const w of segs) fs.writeFileSync(path.join(s.store, w), w);
        const script = path.join(s.dir, "restore.sh");
        fs.writeFileSync(script, walRestoreScript({ archive, maxParallel: 4, spoolDir: s.spool, cpuLog: s.cpuLog, callLog: s.callLog }), { mode: 0o755 });
        const out = path.join(s.dir, "RECOVERYXLOG");
        const call = (w: string) => spawnSync(script, [w, out], { env: s.env, encoding: "utf8" });

        expect(call(segs[0]).status).toBe(0);
        expect(fs.readFileSync(out, "utf8")).toBe(segs[0]);
        expect(s.read().sort()).toEqual(["restore 000000010000000300000000", "restore 000000010000000300000001", ...segs.slice(0, 2).map((w) => `restore ${w}`)].sort());
        // The missing fourth segment leaves nothing behind; the two found wait in the spool.
        expect(fs.readdirSync(s.spool).sort()).toEqual(segs.slice(1));
        expect(call(segs[1]).status).toBe(0);
        expect(fs.readFileSync(out, "utf8")).toBe(segs[1]);
        expect(s.read()).toHaveLength(4);
        // A segment not in the archive is "not found" (exit 1), as PostgreSQL expects at the end of WAL.
        expect(call("000000010000000300000005").status).toBe(1);
        // History files are fetched alone.
        fs.writeFileSync(path.join(s.store, "00000002.history"), "h");
        expect(call("00000002.history").status).toBe(0);
        expect(s.read().filter((l) => l.includes("history"))).toHaveLength(1);
        // Every call is in the call log: three fetched by barman (one found nothing), one from the spool.
        const log = fs.readFileSync(s.callLog, "utf8");
        expect(log.trim().split("\n").map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual([
            `${segs[0]} 0`,
            `${segs[1]} spool`,
            "000000010000000300000005 1",
            "00000002.history 0",
        ]);
        const calls = parseRestoreCalls(log);
        expect(calls).toMatchObject({ fetched: 3, missing: 1, fromSpool: 1 });
        expect(calls.seconds).toBeGreaterThan(0);
        fs.rmSync(s.dir, { recursive: true, force: true });
    });

    it("rejects a parallelism below 1 and knows 'none' as no compression flag", () => {
        expect(() => walRestoreScript({ archive, maxParallel: 0, spoolDir: "/s", cpuLog: "/c", callLog: "/l" })).toThrow(/maxParallel/);
        expect(compressionArgs("none")).toEqual([]);
        expect(compressionArgs("gzip")).toEqual(["--gzip"]);
        expect(() => compressionArgs("zstd")).toThrow(/not supported by the barman-cloud tools installed here/);
    });
});
