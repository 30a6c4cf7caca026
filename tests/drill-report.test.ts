import { describe, expect, it } from "vitest";
import { mostAdvanced, parseLsn } from "../drill/lsn";
import { PortAllocator } from "../drill/ports";
import { Writer } from "../drill/writer";
import { allPassed, DrillResult, exitCode, failedResult, missingIds, parseIds, roundSeconds, summary, unexpectedIds } from "../drill/report";

const result = (over: Partial<DrillResult>): DrillResult => ({ name: "d", passed: true, rowsWritten: 10, rowsLost: 0, seconds: 1.5, details: {}, ...over });

describe("counting rows", () => {
    it("counts acknowledged ids missing from the survivor as lost", () => {
        expect(missingIds([1, 2, 3, 4], [1, 2, 4, 5])).toEqual([3]);
        expect(missingIds([], [1])).toEqual([]);
    });

    it("finds rows that must not survive a restore", () => {
        expect(unexpectedIds([201, 202], [1, 2, 202])).toEqual([202]);
    });

    it("parses psql's one-id-per-line output and rejects anything else", () => {
        expect(parseIds("1\n2\n\n30\n")).toEqual([1, 2, 30]);
        expect(parseIds("")).toEqual([]);
        expect(() => parseIds("1\nERROR")).toThrow(/not an id/);
    });
});

describe("report aggregation", () => {
    it("passes only when every expected drill ran, passed and lost nothing", () => {
        const ok = [result({ name: "a" }), result({ name: "b" })];
        expect(allPassed(ok)).toBe(true);
        expect(exitCode(ok, 2)).toBe(0);
        expect(exitCode(ok, 3)).toBe(1);
        expect(exitCode([result({ rowsLost: 1 }), result({})], 2)).toBe(1);
        expect(exitCode([result({ passed: false }), result({})], 2)).toBe(1);
        expect(exitCode([], 0)).toBe(1);
    });

    it("turns a thrown drill into a failed entry carrying the error", () => {
        const failed = failedResult("pitr-s3", 12.3, new Error("restore timed out"), { workDir: "/tmp/x" });
        expect(failed).toMatchObject({ name: "pitr-s3", passed: false, seconds: 12.3, details: { workDir: "/tmp/x", error: "restore timed out" } });
    });

    it("summarises counts, totals and the reason of each failure", () => {
        const text = summary([result({ name: "primary-loss", rowsWritten: 138, seconds: 10.8 }), result({ name: "pitr-s3", passed: false, details: { error: "boom" } })], 60);
        const lines = text.split("\n");
        expect(lines[1]).toMatch(/^primary-loss\s+PASS\s+138\s+0\s+10\.8$/);
        expect(lines[2]).toMatch(/^pitr-s3\s+FAIL/);
        expect(text).toContain("1/2 drills passed, 0 rows lost, 60.0 s in total");
        expect(text).toContain("FAILED pitr-s3: boom");
    });

    it("rounds seconds to one decimal", () => {
        expect(roundSeconds(10_849)).toBe(10.8);
        expect(roundSeconds(10_850)).toBe(10.9);
    });
});

describe("choosing the standby to promote", () => {
    it("compares LSNs numerically across the high/low halves", () => {
        expect(parseLsn("1/0") > parseLsn("0/FFFFFFFF")).toBe(true);
        expect(parseLsn("0/4027520")).toBe(0x4027520n);
        expect(() => parseLsn("4027520")).toThrow(/not an LSN/);
    });

    it("promotes the standby that received the most WAL, the first one on a tie", () => {
        expect(mostAdvanced([{ name: "b", receivedLsn: "0/30" }, { name: "c", receivedLsn: "0/A0" }]).name).toBe("c");
        expect(mostAdvanced([{ name: "b", receivedLsn: "0/A0" }, { name: "c", receivedLsn: "0/A0" }]).name).toBe("b");
        expect(mostAdvanced([{ name: "b", receivedLsn: "" }, { name: "c", receivedLsn: "0/1" }]).name).toBe("c");
        expect(() => mostAdvanced([{ name: "b", receivedLsn: "" }])).toThrow(/nothing is safe to promote/);
    });
});

describe("port allocation", () => {
    it("never hands out a port twice, even when the kernel offers it again", async () => {
        const offers = [5000, 5000, 5001, 5000, 5002];
        const ports = new PortAllocator(async () => offers.shift()!);
        expect([await ports.next(), await ports.next(), await ports.next()]).toEqual([5000, 5001, 5002]);
        expect(ports.allocated).toEqual([5000, 5001, 5002]);
    });

    it("gives up when no new port turns up", async () => {
        const ports = new PortAllocator(async () => 7000);
        await ports.next();
        await expect(ports.next()).rejects.toThrow(/free port/);
    });

    it("takes real free ports from the kernel", async () => {
        const ports = new PortAllocator();
        const [a, b] = [await ports.next(), await ports.next()];
        expect(a).not.toBe(b);
        expect(a).toBeGreaterThan(0);
    });
});

describe("time to the first write on the new primary", () => {
    it("counts only commits begun after the loss, not late acknowledgements from the old primary", () => {
        const writer = new Writer("psql", {}, "t");
        writer.acks.push({ id: 1, startedAt: 900, at: 1_005 }, { id: 2, startedAt: 1_200, at: 1_750 }, { id: 3, startedAt: 1_800, at: 1_900 });
        expect(writer.firstAckStartedAfter(1_000)).toBe(1_750);
        expect(writer.firstAckStartedAfter(2_000)).toBeUndefined();
        expect(writer.ackedIds()).toEqual([1, 2, 3]);
    });
});
