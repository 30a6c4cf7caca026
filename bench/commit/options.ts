/**
 * Command-line options of `npm run bench:commit`, parsed by a pure function.
 *
 *   --rtts 0,0.5,1,2      round-trip times (ms) the delay proxy adds between the primary and each
 *                         standby (default: 0, 0.5, 1, 2: the cross-zone range, docs/database.md)
 *   --clients 1,4,16      concurrent pgbench clients (default 1, 4, 16)
 *   --seconds N           seconds of inserts per cell (default 8)
 *   --stack FILE          the stack whose synchronous settings are rendered (default the local stack)
 *   --ci                  the CI regression check: RTTs 0 and 2, 4 clients, 4 s per cell; exits 1 when
 *                         a ratio check fails
 *   --out FILE            where the JSON goes (default out/bench/commit.json)
 *   --svg FILE            also write the latency figure as SVG (docs/images/commit-latency.svg)
 *   --keep                keep the temp dir
 */

import { flagValue } from "../flags";

export interface CommitBenchOptions {
    rtts: number[];
    clients: number[];
    seconds: number;
    stack: string;
    ci: boolean;
    out: string;
    svg?: string;
    keep: boolean;
}


function numbers(flag: string, text: string, ok: (n: number) => boolean, what: string): number[] {
    const list = text.split(",").map((s) => Number(s.trim()));
    if (list.length === 0 || list.some((n) => !Number.isFinite(n) || !ok(n))) throw new Error(`${flag} ${text}: expected a comma-separated list of ${what}`);
    return [...new Set(list)].sort((a, b) => a - b);
}

const KNOWN = ["--rtts", "--clients", "--seconds", "--stack", "--ci", "--out", "--svg", "--keep"];

export function parseCommitOptions(argv: string[]): CommitBenchOptions {
    for (const a of argv) if (a.startsWith("--") && !KNOWN.includes(a)) throw new Error(`unknown option ${a}; known: ${KNOWN.join(" ")}`);
    const ci = argv.includes("--ci");
    const rttsText = flagValue(argv, "--rtts");
    const clientsText = flagValue(argv, "--clients");
    const secondsText = flagValue(argv, "--seconds");
    const rtts = rttsText ? numbers("--rtts", rttsText, (n) => n >= 0 && n <= 50, "round-trip times in ms from 0 to 50") : ci ? [0, 2] : [0, 0.5, 1, 2];
    if (!rtts.includes(0)) throw new Error(`--rtts ${rttsText}: include 0 (the baseline every other RTT is compared with)`);
    const clients = clientsText ? numbers("--clients", clientsText, (n) => Number.isInteger(n) && n >= 1 && n <= 64, "client counts from 1 to 64") : ci ? [4] : [1, 4, 16];
    const seconds = secondsText ? Number(secondsText) : ci ? 4 : 8;
    if (!Number.isInteger(seconds) || seconds < 2 || seconds > 120) throw new Error(`--seconds ${secondsText}: expected a whole number of seconds from 2 to 120`);
    return {
        rtts,
        clients,
        seconds,
        stack: flagValue(argv, "--stack") ?? "stacks/Pulumi.local.yaml",
        ci,
        out: flagValue(argv, "--out") ?? "out/bench/commit.json",
        svg: flagValue(argv, "--svg"),
        keep: argv.includes("--keep"),
    };
}
