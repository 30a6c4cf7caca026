import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { figuresLine, parseLags, rpoBoundSeconds, scenarioFigures } from "../drill/region-rpo";
import { summary } from "../drill/report";
import { copyS3rverObject, dueForReplication, listS3rverObjects, parseCopiedDelays, parseReplicatorArgs, replicatorArgs } from "../drill/replicator";
import { DRILL_ARCHIVE_TIMEOUT, policyWithArchiveTimeout, standbyDelayPolicy } from "../drill/drills/region-loss";
import { DEFAULT_STACK_FILE, drillSettings, readStackFile } from "../drill/settings";
import { descendants, parseStat } from "../drill/process-tree";
import { closedSegments, maxStage, restoredSegments, segmentObjects, segmentStages } from "../drill/wal-pipeline";

describe("region-loss RPO bound", () => {
    it("adds archive timeout, replication lag and replay poll interval", () => {
        expect(rpoBoundSeconds({ archiveTimeoutSeconds: 300, replicationLagSeconds: 900, replayPollSeconds: 5 })).toBe(1205);
        expect(rpoBoundSeconds({ archiveTimeoutSeconds: 5, replicationLagSeconds: 0.5, replayPollSeconds: 5 })).toBe(10.5);
    });

    it("refuses a negative or missing term, naming it", () => {
        expect(() => rpoBoundSeconds({ archiveTimeoutSeconds: 300, replicationLagSeconds: -1, replayPollSeconds: 5 })).toThrow(/replicationLagSeconds/);
        expect(() => rpoBoundSeconds({ archiveTimeoutSeconds: NaN, replicationLagSeconds: 0, replayPollSeconds: 5 })).toThrow(/archiveTimeoutSeconds/);
    });

    it("the drill's archive timeout is the stack's setting scaled through the validator, the rest of the policy unchanged", () => {
        const file = path.join(__dirname, "..", DEFAULT_STACK_FILE);
        const s = drillSettings(readStackFile(file), file);
        const p = policyWithArchiveTimeout(s, DRILL_ARCHIVE_TIMEOUT);
        expect(s.deployedPolicy.archiveTimeoutSeconds).toBe(300);
        expect(p.archiveTimeoutSeconds).toBe(5);
        expect(p.archiveTimeout).toBe("5s");
        expect(p.walCompression).toBe(s.policy.walCompression);
        expect(p.barmanRetentionPolicy).toBe(s.policy.barmanRetentionPolicy);
        expect(() => policyWithArchiveTimeout(s, "soon")).toThrow(/backup\.walArchiveTimeout/);
    });
    it("scales the standby's delayed replica's delay through the validator, leaving the archive timeout", () => {
        const file = path.join(__dirname, "..", DEFAULT_STACK_FILE);
        const s = drillSettings(readStackFile(file), file);
        const p = standbyDelayPolicy(s, "5s");
        expect(p.delaySeconds).toBe(5);
        expect(p.recoveryMinApplyDelay).toBe("5s");
        expect(p.archiveTimeoutSeconds).toBe(300);
        expect(() => standbyDelayPolicy(s, "later")).toThrow(/database\.delayedReplica\.delay/);
    });
});

describe("region-loss scenario figures", () => {
    const lostAt = 100_000;
    // One ack per second from t=80 s to t=99 s, ids 1..20.
    const acks = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, at: 80_000 + i * 1000 }));

    it("rows lost inside the bound are RPO, within the bound; window from the oldest lost ack", () => {
        const present = acks.filter((a) => a.id <= 14).map((a) => a.id); // ids 15..20 lost: acked at 94..99 s
        const f = scenarioFigures({ scenario: "emergency-lag-0s", lagSeconds: 0, boundSeconds: 10, acks, present, lostAt, firstWriteAt: 103_250 });
        expect(f.rowsLost).toBe(6);
        expect(f.lostWindowSeconds).toBe(6);
        expect(f.rowsAckedWithinBound).toBe(10); // acked at 90..99 s
        expect(f.rowsLostBeyondBound).toBe(0);
        expect(f.withinBound).toBe(true);
        expect(f.rtoSeconds).toBe(3.25);
        expect(f.acknowledged).toBe(20);
    });

    it("a lost row acknowledged before the bound's window breaks the bound", () => {
        const present = acks.filter((a) => a.id !== 3).map((a) => a.id); // id 3 acked at 82 s, 18 s before the loss
        const f = scenarioFigures({ scenario: "emergency-lag-10s", lagSeconds: 10, boundSeconds: 10, acks, present, lostAt, firstWriteAt: 101_000 });
        expect(f.rowsLost).toBe(1);
        expect(f.lostWindowSeconds).toBe(18);
        expect(f.rowsLostBeyondBound).toBe(1);
        expect(f.withinBound).toBe(false);
    });

    it("a planned switchover allows nothing: bound 0, one lost row fails it; none lost passes with window 0", () => {
        const oneLost = scenarioFigures({ scenario: "switchover", lagSeconds: 10, boundSeconds: 0, acks, present: acks.slice(0, 19).map((a) => a.id), lostAt, firstWriteAt: 112_000 });
        expect(oneLost.withinBound).toBe(false);
        const none = scenarioFigures({ scenario: "switchover", lagSeconds: 10, boundSeconds: 0, acks, present: acks.map((a) => a.id), lostAt, firstWriteAt: 112_000 });
        expect(none).toMatchObject({ rowsLost: 0, lostWindowSeconds: 0, withinBound: true, rtoSeconds: 12, rowsAckedWithinBound: 0 });
    });

    it("parses the lags to drill, defaulting when unset", () => {
        expect(parseLags(undefined, [0, 10])).toEqual([0, 10]);
        expect(parseLags(" 0, 5 ,30", [1])).toEqual([0, 5, 30]);
        expect(() => parseLags("ten", [0])).toThrow(/DRILL_REGION_LAGS/);
        expect(() => parseLags("-1", [0])).toThrow(/whole seconds/);
    });
});

describe("replicator", () => {
    it("selects complete objects at least the lag old, not yet copied in that version, oldest first", () => {
        const now = 1_000_000;
        const objects = [
            { key: "b/wals/3", completedAtMs: now - 2_000 },
            { key: "b/wals/1", completedAtMs: now - 30_000 },
            { key: "b/wals/2", completedAtMs: now - 12_000 },
            { key: "b/base/info", completedAtMs: now - 11_000 },
        ];
        const replicated = new Map([
            ["b/wals/1", now - 30_000], // already copied, unchanged
            ["b/base/info", now - 50_000], // copied, then written again
        ]);
        expect(dueForReplication(objects, replicated, now, 10_000).map((o) => o.key)).toEqual(["b/wals/2", "b/base/info"]);
        expect(dueForReplication(objects, new Map(), now, 0).map((o) => o.key)).toEqual(["b/wals/1", "b/wals/2", "b/base/info", "b/wals/3"]);
    });

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "replicator-test-"));
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("lists s3rver objects with their metadata written, and copies one so that it is complete in the target", () => {
        const a = path.join(tmp, "a");
        const b = path.join(tmp, "b");
        fs.mkdirSync(path.join(a, "bucket", "fhir-db", "wals"), { recursive: true });
        const done = path.join(a, "bucket", "fhir-db", "wals", "000000010000000000000002");
        fs.writeFileSync(`${done}._S3rver_object`, "segment");
        fs.writeFileSync(`${done}._S3rver_metadata.json`, "{}");
        // Content written, metadata not yet: a PUT in progress.
        fs.writeFileSync(path.join(a, "bucket", "fhir-db", "wals", "000000010000000000000003._S3rver_object"), "partial");

        const listed = listS3rverObjects(a);
        expect(listed.map((o) => o.key)).toEqual(["bucket/fhir-db/wals/000000010000000000000002"]);

        copyS3rverObject(a, b, listed[0].key, path.join(tmp, "t"));
        expect(listS3rverObjects(b).map((o) => o.key)).toEqual(["bucket/fhir-db/wals/000000010000000000000002"]);
        expect(fs.readFileSync(path.join(b, "bucket", "fhir-db", "wals", "000000010000000000000002._S3rver_object"), "utf8")).toBe("segment");
        expect(fs.readdirSync(path.join(tmp, "t"))).toEqual([]);
    });

    it("round-trips its arguments and refuses a missing or negative one", () => {
        const o = { from: "/a", to: "/b", tmp: "/t", lagSeconds: 10, pollMs: 500, maxSeconds: 300 };
        expect(parseReplicatorArgs(replicatorArgs(o))).toEqual(o);
        expect(() => parseReplicatorArgs(["--from", "/a", "--to", "/b", "--tmp", "/t", "--lag", "-5", "--poll-ms", "500", "--max-seconds", "300"])).toThrow(/--lag must be a number >= 0/);
        expect(() => parseReplicatorArgs(["--to", "/b"])).toThrow(/--from DIR is required/);
    });

    it("reads the replication delays back from its log", () => {
        const log = "replicating a -> b\ncopied bucket/x after 512 ms\nskipped bucket/y: gone\ncopied bucket/y after 10040 ms\n";
        expect(parseCopiedDelays(log)).toEqual([512, 10040]);
    });
});

describe("WAL pipeline stages", () => {
    const seg = (n: number) => `0000000100000000000000${String(n).padStart(2, "0")}`;
    const t0 = Date.parse("2026-12-07T03:25:30.000Z");

    it("reads close times from archive_status, completions from store keys and restores from the standby log", () => {
        const closed = closedSegments([
            { name: `${seg(6)}.done`, mtimeMs: t0 },
            { name: `${seg(7)}.ready`, mtimeMs: t0 + 5_000 },
            { name: `${seg(2)}.00000028.backup.done`, mtimeMs: t0 - 60_000 },
        ]);
        expect([...closed.entries()]).toEqual([
            [seg(6), t0],
            [seg(7), t0 + 5_000],
        ]);
        const inA = segmentObjects([
            { key: `fhir-backups/fhir-db/fhir-db/wals/0000000100000000/${seg(6)}`, completedAtMs: t0 + 1_500 },
            { key: "fhir-backups/fhir-db/fhir-db/base/20261207T032426/backup.info", completedAtMs: t0 },
        ]);
        expect([...inA.keys()]).toEqual([seg(6)]);
        const log = [
            `2026-12-07 03:25:35.250 UTC [19923] LOG:  restored log file "${seg(6)}" from archive`,
            `2026-12-07 03:25:36.000 UTC [19923] LOG:  restored log file "${seg(6)}" from archive`,
            "2026-12-07 03:25:37.000 UTC [19923] LOG:  received promote request",
        ].join("\n");
        const restored = restoredSegments(log);
        expect([...restored.entries()]).toEqual([[seg(6), t0 + 5_250]]);

        const stages = segmentStages(closed, inA, new Map([[seg(6), t0 + 2_000]]), restored);
        expect(stages).toEqual([
            { segment: seg(6), uploadSeconds: 1.5, replicationSeconds: 0.5, replayWaitSeconds: 3.3 },
            { segment: seg(7), uploadSeconds: undefined, replicationSeconds: undefined, replayWaitSeconds: undefined },
        ]);
        expect(maxStage(stages, "replayWaitSeconds")).toBe(3.3);
        expect(maxStage([], "uploadSeconds")).toBeUndefined();
        // A segment already in B before the standby started waited for the standby, not its poll.
        const later = segmentStages(closed, inA, new Map([[seg(6), t0 + 2_000]]), restored, t0 + 3_000);
        expect(later[0]).toEqual({ segment: seg(6), uploadSeconds: 1.5, replicationSeconds: 0.5, replayWaitSeconds: undefined });
    });
});

describe("killing a server's whole process tree", () => {
    it("finds children and grandchildren of the postmaster, not its parent or siblings", () => {
        const table = [
            { pid: 1, ppid: 0 },
            { pid: 100, ppid: 1 }, // the postmaster
            { pid: 101, ppid: 100 }, // checkpointer
            { pid: 102, ppid: 100 }, // archiver
            { pid: 103, ppid: 102 }, // sh -c archive_command
            { pid: 104, ppid: 103 }, // barman-cloud-wal-archive
            { pid: 200, ppid: 1 }, // another server
        ];
        expect(descendants(table, 100).sort((a, b) => a - b)).toEqual([101, 102, 103, 104]);
        expect(descendants(table, 104)).toEqual([]);
    });

    it("reads pid, state and ppid from /proc stat lines, also when the command has spaces and parentheses", () => {
        expect(parseStat("4242 (postgres: archiver (x)) S 4200 4242 4242 0 -1 4194560")).toEqual({ pid: 4242, state: "S", ppid: 4200 });
        expect(() => parseStat("garbage")).toThrow(/not a \/proc stat line/);
    });
});

describe("region-loss figures in the drill report", () => {
    const base = { name: "region-loss-standby-promotion", passed: true, rowsWritten: 400, rowsLost: 0, seconds: 300, details: {} };

    it("states RPO in rows and seconds against the bound, and RTO, per scenario", () => {
        const f = scenarioFigures({
            scenario: "emergency-lag-10s",
            lagSeconds: 10,
            boundSeconds: 20.5,
            acks: [
                { id: 1, at: 1_000 },
                { id: 2, at: 9_000 },
            ],
            present: [1],
            lostAt: 10_000,
            firstWriteAt: 21_500,
        });
        expect(figuresLine(f)).toBe("emergency-lag-10s: RPO 1 rows / 1 s (within the 20.5 s bound), RTO 11.5 s");
        const beyond = scenarioFigures({ scenario: "switchover-lag-10s", lagSeconds: 10, boundSeconds: 0, acks: [{ id: 1, at: 1_000 }], present: [], lostAt: 10_000, firstWriteAt: 12_000 });
        expect(figuresLine(beyond)).toContain("BEYOND (1 rows) the 0 s bound");
    });

    it("the summary prints each drill's highlights under the table; a drill without any prints none", () => {
        const text = summary([{ ...base, highlights: ["emergency-lag-0s: RPO 38 rows / 3.87 s", "switchover-lag-10s: RPO 0 rows / 0 s"] }, { ...base, name: "pitr-s3" }], 310);
        const lines = text.split("\n");
        expect(lines).toContain("region-loss-standby-promotion: emergency-lag-0s: RPO 38 rows / 3.87 s");
        expect(lines).toContain("region-loss-standby-promotion: switchover-lag-10s: RPO 0 rows / 0 s");
        expect(lines.filter((l) => l.startsWith("pitr-s3:"))).toEqual([]);
    });
});
