/** Pure helpers of the bench: medians, ratios against targets, the printed table. */

export const TARGETS = {
    /** `npm run plan -- --stack S`, whole, over the bare program's wall time (issue 29: at most 1.3). */
    wallRatio: 1.3,
    /** Plan peak memory over the bare program's. */
    memoryRatio: 2,
    /** `npm run typecheck` (tsgo --noEmit -p .), seconds, median of 3 (issue 29: at most 10). */
    tscSeconds: 10,
};

export function median(samples: number[]): number {
    if (samples.length === 0) return NaN;
    const s = [...samples].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface Sampled {
    median: number;
    samples: number[];
}

export function sampled(samples: number[]): Sampled {
    return { median: round(median(samples)), samples: samples.map(round) };
}

export function round(n: number, digits = 2): number {
    const f = 10 ** digits;
    return Math.round(n * f) / f;
}

/** Samples of one side (plan or bare program), one entry per run. */
export interface RunSamples {
    wallMs: number[];
    cpuMs: number[];
    peakRssMb: number[];
}

export interface StackResult {
    stack: string;
    resources: number;
    sdkFiles: number;
    plan: { wallMs: Sampled; cpuMs: Sampled; peakRssMb: Sampled };
    bare: { wallMs: Sampled; cpuMs: Sampled; peakRssMb: Sampled };
    /** Plan median over bare median; `cpu` is informational (no target), steadier than `wall` under load. */
    ratio: { wall: number; cpu: number; memory: number };
    meetsTargets: { wall: boolean; memory: boolean };
}

function summary(r: RunSamples) {
    return { wallMs: sampled(r.wallMs), cpuMs: sampled(r.cpuMs), peakRssMb: sampled(r.peakRssMb) };
}

export function stackResult(stack: string, resources: number, sdkFiles: number, plan: RunSamples, bare: RunSamples): StackResult {
    const ratio = (pick: (r: RunSamples) => number[]) => round(median(pick(plan)) / median(pick(bare)));
    const wall = ratio((r) => r.wallMs);
    const memory = ratio((r) => r.peakRssMb);
    return {
        stack,
        resources,
        sdkFiles,
        plan: summary(plan),
        bare: summary(bare),
        ratio: { wall, cpu: ratio((r) => r.cpuMs), memory },
        meetsTargets: { wall: wall <= TARGETS.wallRatio, memory: memory <= TARGETS.memoryRatio },
    };
}

/** Columns padded to their widest cell; the first column left-aligned, the rest right-aligned. */
export function table(rows: string[][]): string {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
    return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd()).join("\n");
}

export function stackTable(results: StackResult[]): string {
    const mark = (ok: boolean) => (ok ? "ok" : "MISSED");
    return table([
        ["stack", "resources", "plan ms", "bare ms", "wall ratio", "cpu ratio", "plan MB", "bare MB", "memory ratio"],
        ...results.map((r) => [
            r.stack,
            String(r.resources),
            r.plan.wallMs.median.toFixed(0),
            r.bare.wallMs.median.toFixed(0),
            `${r.ratio.wall.toFixed(2)} ${mark(r.meetsTargets.wall)}`,
            r.ratio.cpu.toFixed(2),
            r.plan.peakRssMb.median.toFixed(0),
            r.bare.peakRssMb.median.toFixed(0),
            `${r.ratio.memory.toFixed(2)} ${mark(r.meetsTargets.memory)}`,
        ]),
    ]);
}
