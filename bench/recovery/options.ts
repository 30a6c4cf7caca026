/**
 * Command-line options of `npm run bench:recovery`, parsed by a pure function.
 *
 *   --sizes 0.05,0.1,0.2   GB of generated data for the growth curve (default 0.05,0.1,0.2: what a
 *                          2-core machine shared by eight engineers gets through in half an hour)
 *   --stores s3,azure      object stores (default both; Azure Blob at the smallest size only)
 *   --runs N               cycles of the shipped and default profiles per size (default 1), medians reported
 *   --no-alternatives      skip the sweep of compressions and parallelism (run at the smallest size)
 *   --sweep KIND           which alternatives: compression, parallelism or all (default all)
 *   --sweep-every-size     run the sweep at every size, not only the smallest
 *   --ci                   the CI regression check: one small size, S3, up to 3 runs within --budget, no
 *                          sweep; exits 1 when it fails
 *   --budget SECONDS       start no new pair of runs after this long (default 100 under --ci, none otherwise);
 *                          at least one pair always runs
 *   --deadline SECONDS     hard limit (default 120 under --ci, none otherwise): at this time the cycle under
 *                          way is stopped and the report covers the pairs completed; a pair is not started
 *                          when the previous one shows it would not finish before the deadline
 *   --out FILE             where the JSON goes (default out/bench/recovery.json)
 *   --keep                 keep the temp dir
 */

import { flagValue } from "../flags";

export interface BenchOptions {
    sizes: number[];
    stores: string[];
    /** Sizes at which Azure Blob is measured (it shares the primary of that size). */
    azureSizes: number[];
    runs: number;
    alternatives: boolean;
    /** "compression", "parallelism" or "all". */
    sweep: string;
    sweepEverySize: boolean;
    /** WAL written by the load, as a fraction of the database size, with a floor. */
    walFraction: number;
    minWalBytes: number;
    ci: boolean;
    /** Seconds after which no new (defaults, shipped) pair starts; undefined = no limit. */
    budgetSeconds?: number;
    /** Hard limit in seconds; undefined = none. */
    deadlineSeconds?: number;
    keep: boolean;
    out: string;
}

const STORES = ["s3", "azure"];
const SWEEPS = ["compression", "parallelism", "all"];


export function parseOptions(argv: string[]): BenchOptions {
    const ci = argv.includes("--ci");
    const sizesText = flagValue(argv, "--sizes");
    const sizes = sizesText ? sizesText.split(",").map(Number) : ci ? [0.02] : [0.05, 0.1, 0.2];
    for (const s of sizes) {
        if (!Number.isFinite(s) || s <= 0 || s > 64) throw new Error(`--sizes: ${JSON.stringify(sizesText)}: each size is GB, > 0 and <= 64`);
    }
    const storesText = flagValue(argv, "--stores");
    const stores = storesText ? storesText.split(",") : ci ? ["s3"] : STORES;
    for (const s of stores) if (!STORES.includes(s)) throw new Error(`--stores: ${JSON.stringify(s)} is not one of ${STORES.join(", ")}`);
    const runsText = flagValue(argv, "--runs");
    const runs = runsText ? Number(runsText) : ci ? 3 : 1;
    if (!Number.isInteger(runs) || runs < 1 || runs > 9) throw new Error(`--runs: ${JSON.stringify(runsText)}: a whole number from 1 to 9`);
    const budgetText = flagValue(argv, "--budget");
    const budgetSeconds = budgetText ? Number(budgetText) : ci ? 100 : undefined;
    if (budgetSeconds !== undefined && !(budgetSeconds > 0)) throw new Error(`--budget: ${JSON.stringify(budgetText)}: seconds > 0`);
    const deadlineText = flagValue(argv, "--deadline");
    const deadlineSeconds = deadlineText ? Number(deadlineText) : ci ? 120 : undefined;
    if (deadlineSeconds !== undefined && !(deadlineSeconds > 0)) throw new Error(`--deadline: ${JSON.stringify(deadlineText)}: seconds > 0`);
    const sweep = flagValue(argv, "--sweep") ?? "all";
    if (!SWEEPS.includes(sweep)) throw new Error(`--sweep: ${JSON.stringify(sweep)} is not one of ${SWEEPS.join(", ")}`);
    const sorted = [...sizes].sort((a, b) => a - b);
    return {
        sizes: sorted,
        stores,
        azureSizes: [sorted[0]],
        runs,
        alternatives: !ci && !argv.includes("--no-alternatives"),
        sweep,
        sweepEverySize: argv.includes("--sweep-every-size"),
        walFraction: 0.25,
        minWalBytes: (ci ? 16 : 32) * 2 ** 20,
        ci,
        ...(budgetSeconds !== undefined ? { budgetSeconds } : {}),
        ...(deadlineSeconds !== undefined ? { deadlineSeconds } : {}),
        keep: argv.includes("--keep"),
        out: flagValue(argv, "--out") ?? "out/bench/recovery.json",
    };
}

/** WAL the write load produces at a size: a fraction of the data, at least the floor. */
export function walBytesFor(sizeGb: number, o: Pick<BenchOptions, "walFraction" | "minWalBytes">): number {
    return Math.max(o.minWalBytes, Math.round(sizeGb * 2 ** 30 * o.walFraction));
}

/** True once a run has used its --budget (a new pair of runs should not start). */
export function overBudget(o: Pick<BenchOptions, "budgetSeconds">, started: number, now = Date.now()): boolean {
    return o.budgetSeconds !== undefined && now - started > o.budgetSeconds * 1000;
}

/**
 * True when a new pair should not start: past the --budget, or the previous pair took longer than
 * what is left before the --deadline (it would be stopped half-way and count for nothing).
 */
export function noNewPair(o: Pick<BenchOptions, "budgetSeconds" | "deadlineSeconds">, started: number, lastPairMs: number, now = Date.now()): boolean {
    if (overBudget(o, started, now)) return true;
    return o.deadlineSeconds !== undefined && now - started + lastPairMs > o.deadlineSeconds * 1000;
}
