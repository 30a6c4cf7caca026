import { describe, expect, it } from "vitest";
import { barmanInfoTime, daysAgo, expectedRetention, fakeBackupAges, rewriteBackupInfo } from "../drill/retention-plan";

const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);

describe("faked backup ages", () => {
    it("puts two backups a week apart beyond the window and the rest inside it, newest a day old", () => {
        expect(fakeBackupAges(4, 30)).toEqual([44, 37, 22, 1]);
        const ages = fakeBackupAges(6, 30);
        expect(ages.slice(0, 2)).toEqual([44, 37]);
        expect(ages.slice(2).every((a) => a >= 1 && a < 30)).toBe(true);
        expect(ages[ages.length - 1]).toBe(1);
        expect([...ages].sort((a, b) => b - a)).toEqual(ages);
    });

    it("needs at least three backups and a window of two days", () => {
        expect(() => fakeBackupAges(2, 30)).toThrow(/at least 3 backups/);
        expect(() => fakeBackupAges(4, 1)).toThrow(/too short/);
    });
});

describe("what a recovery window must keep", () => {
    const backups = fakeBackupAges(4, 30).map((age, i) => ({ id: `b${i}`, endMs: daysAgo(NOW, age) }));

    it("keeps the newest backup that ended before the window and everything newer, removes older ones", () => {
        expect(expectedRetention(backups, 30, NOW)).toEqual({ neededForWindowStart: "b1", keep: ["b1", "b2", "b3"], remove: ["b0"] });
    });

    it("keeps everything when all backups are inside the window", () => {
        expect(expectedRetention(backups.slice(2), 30, NOW)).toEqual({ neededForWindowStart: undefined, keep: ["b2", "b3"], remove: [] });
    });

    it("a longer window needs an older base backup", () => {
        expect(expectedRetention(backups, 40, NOW).neededForWindowStart).toBe("b0");
    });
});

describe("backup.info rewrite", () => {
    const info = ["backup_label='START WAL LOCATION'", "begin_time=2026-11-27 09:15:15.101010+00:00", "begin_wal=000000010000000000000003", "end_time=2026-11-27 09:15:21.202020+00:00", "status=DONE", ""].join("\n");

    it("writes times the way Barman does", () => {
        expect(barmanInfoTime(NOW)).toBe("2026-01-31 12:00:00.000000+00:00");
    });

    it("replaces begin_time and end_time and keeps every other line", () => {
        const out = rewriteBackupInfo(info, daysAgo(NOW, 37) - 60_000, daysAgo(NOW, 37));
        const lines = out.split("\n");
        expect(lines).toContain("begin_time=2025-12-25 11:59:00.000000+00:00");
        expect(lines).toContain("end_time=2025-12-25 12:00:00.000000+00:00");
        expect(lines).toContain("begin_wal=000000010000000000000003");
        expect(lines).toContain("status=DONE");
        expect(lines.length).toBe(info.split("\n").length);
    });

    it("refuses a file without the time lines", () => {
        expect(() => rewriteBackupInfo("status=DONE\n", 0, 0)).toThrow(/begin_time\/end_time/);
    });
});

describe("s3 locations", () => {
    it("splits an s3:// destination into bucket and key prefix", async () => {
        const { s3Location } = await import("../drill/drills/retention");
        expect(s3Location("s3://fhir-backups/fhir-db")).toEqual({ bucket: "fhir-backups", prefix: "fhir-db/" });
        expect(s3Location("s3://fhir-backups")).toEqual({ bucket: "fhir-backups", prefix: "" });
        expect(() => s3Location("gs://x")).toThrow(/not an s3/);
    });
});
