import { describe, expect, it } from "vitest";
import { maxIntervalHours } from "../src/config/cron";
import { parseQuantity } from "../src/config/quantity";
import { rebuildRestoreSeconds, regionLossNote, regionLossRpoSeconds, standbyPromotionRtoSeconds } from "../src/cloud/replica";
import { parseDuration } from "../src/config/duration";
import { shippedConfig, validated } from "./support/replacement-matrix";

describe("region loss: the stated RTO", () => {
    it("promoting a standby: 20 s of promotion plus 216 s per GB of WAL not yet replayed", () => {
        expect(standbyPromotionRtoSeconds(0)).toBe(20);
        // 20 + 1.5 × 216 = 20 + 324
        expect(standbyPromotionRtoSeconds(1.5)).toBe(344);
    });
    it("rebuilding: 6.8 s per GB of database plus 216 s per GB of WAL since the base backup", () => {
        // 100 × 6.8 + 2 × 216 = 680 + 432
        expect(rebuildRestoreSeconds(100, 2)).toBeCloseTo(1112, 6);
        expect(() => rebuildRestoreSeconds(-1, 0)).toThrow(/databaseGb must be a number >= 0/);
    });
    it("a larger database.storageSize gives a larger rebuild RTO in the note", () => {
        const rebuildSeconds = (storageSize: string) => Number(/= (\d+) s \+/.exec(regionLossNote("aws", "eu-west-1", "5min", 300, { storageSize, storageBytes: parseQuantity(storageSize)!, full: "weekly", fullIntervalHours: 168 })!)![1]);
        expect(rebuildSeconds("200Gi")).toBeGreaterThan(rebuildSeconds("100Gi"));
    });
    it("a shorter backup.walArchiveTimeout gives a smaller RPO and a smaller window of WAL left to replay", () => {
        expect(regionLossRpoSeconds("aws", 60)!).toBeLessThan(regionLossRpoSeconds("aws", 300)!);
        expect(regionLossNote("gcp", "europe-west1", "1min", 60)).toMatch(/stated RPO 16 min .*not yet replayed \(at most the last 16 min's\)/);
    });
    it("the note for aws-prod's config (stacks/Pulumi.aws-prod.yaml) states the RPO and both RTO paths with its figures", () => {
        const config = validated(shippedConfig("aws-prod"))!;
        const b = config.backup;
        const note = regionLossNote(config.cloud, b.replica.region, b.walArchiveTimeout, parseDuration(b.walArchiveTimeout)!, {
            storageSize: config.database.storageSize,
            storageBytes: parseQuantity(config.database.storageSize)!,
            full: b.full,
            fullIntervalHours: maxIntervalHours(b.full),
        });
        // aws-prod: walArchiveTimeout 5min, S3 RTC 15 min -> RPO 5 + 15 = 20 min; storageSize 100Gi
        // = 100 GB (GiB, as the bench counts) × 6.8 s/GB = 680 s; backup.full weekly -> 7 × 24 = 168 h.
        expect(note).toContain("copied to eu-west-1");
        expect(note).toContain("stated RPO 20 min = fhir-ha:backup.walArchiveTimeout (5min) + 15 min replication bound");
        expect(note).toContain("promoting a standby there 20 s + 216 s/GB of WAL not yet replayed (at most the last 20 min's)");
        expect(note).toContain("100Gi (fhir-ha:database.storageSize) × 6.8 s/GB = 680 s + 216 s/GB of WAL since the last full backup (at most 168 h, fhir-ha:backup.full weekly)");
        expect(note).toContain("each + your decision time");
    });
    it("without the database size the note gives the rebuild's rates only", () => {
        const note = regionLossNote("azure", "northeurope", "5min", 300);
        expect(note).toContain("rebuilding there, once the stack is built, 6.8 s/GB of database + 216 s/GB of WAL since the last full backup;");
    });
});
