/** The bench's arithmetic: medians, ratios against the targets, the table layout. */
import { describe, expect, it } from "vitest";
import { median, stackResult, table, TARGETS } from "../bench/stats";

describe("bench stats", () => {
    it("takes the middle sample, or the mean of the two middle ones", () => {
        expect(median([5, 1, 3])).toBe(3);
        expect(median([4, 1, 3, 2])).toBe(2.5);
        expect(median([])).toBeNaN();
    });

    it("divides plan medians by bare medians and checks them against the targets", () => {
        const r = stackResult(
            "s",
            10,
            3,
            { wallMs: [300, 100, 200], cpuMs: [150, 150, 150], peakRssMb: [250, 250, 250] },
            { wallMs: [100, 100, 100], cpuMs: [100, 100, 100], peakRssMb: [100, 100, 100] },
        );
        expect(r.ratio).toEqual({ wall: 2, cpu: 1.5, memory: 2.5 });
        expect(r.meetsTargets).toEqual({ wall: 2 <= TARGETS.wallRatio, memory: 2.5 <= TARGETS.memoryRatio });
        expect(r.meetsTargets).toEqual({ wall: false, memory: false });
        expect(r.plan.wallMs).toEqual({ median: 200, samples: [300, 100, 200] });
    });

    it("pads columns: first left-aligned, the others right-aligned", () => {
        expect(table([["a", "bb"], ["ccc", "d"]])).toBe("a    bb\nccc   d");
    });
});
