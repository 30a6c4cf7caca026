/**
 * `npm run check:mutations`: the constants that carry a safety margin must each be pinned by a
 * test. For every entry of MUTATIONS the constant is set to an unsafe value in a temporary copy of
 * the tree (the checkout itself is never touched), the test files that should notice are run, and
 * the check fails unless at least one test fails. The tests are first run unchanged: a test that
 * fails anyway would prove nothing.
 *
 *   npm run check:mutations -- [--only NAME]... [--list]
 *
 * Prints which test caught each mutation; exit 1 when any survived (or the unchanged run failed).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { copyCheckout } from "./checkout-copy";

const ROOT = path.resolve(__dirname, "..");

export interface Mutation {
    file: string;
    name: string;
    /** The value to write instead (TypeScript source). */
    unsafe: string;
    /** What goes wrong in a cluster with that value. */
    harm: string;
    tests: string[];
}

export const MUTATIONS: Mutation[] = [
    { file: "src/fhir/pod-spec.ts", name: "HEAP_PERCENT", unsafe: "100", harm: "the JVM heap fills the container limit: OOM kill", tests: ["tests/fhir-security.test.ts"] },
    { file: "src/fhir/pod-spec.ts", name: "PRE_STOP_SLEEP_SECONDS", unsafe: "0", harm: "pods leave endpoints after they stop serving: failed requests on every rollout", tests: ["tests/fhir-security.test.ts"] },
    { file: "src/fhir/pod-spec.ts", name: "SHUTDOWN_MARGIN_SECONDS", unsafe: "0", harm: "SIGKILL before the server finishes in-flight requests", tests: ["tests/fhir-security.test.ts"] },
    { file: "src/fhir/env.ts", name: "POOL_CONNECTION_TIMEOUT_MS", unsafe: "600_000", harm: "requests hang 10 min for a pool connection instead of failing fast", tests: ["tests/fhir-security.test.ts"] },
    { file: "src/fhir/env.ts", name: "JDBC_CONNECT_TIMEOUT_SECONDS", unsafe: "0", harm: "pgjdbc waits forever to connect to a lost primary", tests: ["tests/fhir-security.test.ts"] },
    { file: "src/fhir/env.ts", name: "DEFAULT_JDBC_SOCKET_TIMEOUT_SECONDS", unsafe: "0", harm: "a read from a dead primary never times out (0 = no timeout)", tests: ["tests/fhir-security.test.ts", "tests/fhir-builders.test.ts", "tests/config.test.ts"] },
    { file: "src/fhir/connection-budget.ts", name: "SURGE_PODS", unsafe: "0", harm: "the rollout's surge pod exceeds the database's max_connections", tests: ["tests/fhir-server.test.ts", "tests/fhir-security.test.ts", "tests/config.test.ts"] },
    { file: "src/database/operator-releases.ts", name: "PLUGIN_TOLERATION_SECONDS", unsafe: "3000", harm: "WAL archiving stops for 50 min after its node is lost", tests: ["tests/database-flows.test.ts", "tests/database-policy.test.ts"] },
    { file: "src/database/operator-releases.ts", name: "OPERATOR_REPLICAS", unsafe: "1", harm: "one node loss stops the operators (failover, webhooks)", tests: ["tests/database-policy.test.ts", "tests/database-flows.test.ts"] },
    { file: "src/clouds/azure/retention.ts", name: "PROTECTION_MARGIN_DAYS", unsafe: "0", harm: "soft delete ends with the retention: no time to notice a deletion", tests: ["tests/azure-units.test.ts"] },
    { file: "src/clouds/azure/node-pools.ts", name: "UPGRADE_SURGE_NODES", unsafe: "0", harm: "node upgrades drain without a spare node", tests: ["tests/azure-units.test.ts", "tests/azure-day2.test.ts"] },
    { file: "src/clouds/gcp/bucket-policy.ts", name: "NONCURRENT_MARGIN_DAYS", unsafe: "0", harm: "overwritten backup objects vanish with the retention, no margin", tests: ["tests/gcp-units.test.ts"] },
    { file: "src/clouds/aws/lifecycle.ts", name: "NONCURRENT_MARGIN_DAYS", unsafe: "0", harm: "overwritten backup objects vanish with the retention, no margin", tests: ["tests/aws-units.test.ts", "tests/aws-platform.test.ts"] },
    { file: "src/monitoring/thresholds.ts", name: "VOLUME_USAGE_RATIO", unsafe: "0.99", harm: "the disk-full alert fires when Postgres has already stopped", tests: ["tests/monitoring-rules.test.ts"] },
];

/** A vitest run of the given files in `dir`; failed test names, or the failure of a whole file. */
interface TestRun {
    ok: boolean;
    failed: string[];
    seconds: number;
}

/** Per run: the tests of a mutation on a loaded 2-core machine take about a minute. */
const RUN_TIMEOUT_MS = 6 * 60_000;

/**
 * The tests' own config with a lighter global setup: promtool (the alert rule tests need it, as in
 * tests/global-setup.ts) and the shipped stacks' plans made ONCE, from the unchanged tree, before
 * any mutation (tests/global-setup.ts plans them on every run). A test that reads those plans
 * therefore never counts as catching a mutation; the tests listed for each one render in-process.
 */
const VITEST_CONFIG = `import { defineConfig } from "vitest/config";
export default defineConfig({ test: { include: ["tests/**/*.test.ts"], globalSetup: ["mutation.global-setup.ts"], pool: "forks", isolate: false, testTimeout: 60_000, hookTimeout: 120_000 } });
`;
const GLOBAL_SETUP = `import * as path from "node:path";
import type { TestProject } from "vitest/node";
import { ensurePromtool } from "./tests/support/promtool";
export default function setup(project: TestProject): void {
    ensurePromtool();
    project.provide("shippedPlanDir", path.join(__dirname, "out", "shipped-plans"));
}
`;

function runTests(dir: string, files: string[]): TestRun {
    const report = path.join(dir, "out", `vitest-${process.hrtime.bigint()}.json`);
    fs.mkdirSync(path.dirname(report), { recursive: true });
    const start = Date.now();
    const child = spawnSync(
        process.execPath,
        [path.join(dir, "node_modules/vitest/vitest.mjs"), "run", "--config", "mutation.vitest.config.mts", "--reporter=json", `--outputFile=${report}`, ...files],
        { cwd: dir, encoding: "utf8", timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
    );
    const seconds = Math.round((Date.now() - start) / 1000);
    if (!fs.existsSync(report)) return { ok: false, failed: [`vitest did not finish (${child.error?.message ?? `exit ${child.status}`})`], seconds };
    const json = JSON.parse(fs.readFileSync(report, "utf8")) as {
        testResults: { name: string; status: string; message?: string; assertionResults: { fullName: string; status: string }[] }[];
    };
    const failed = json.testResults.flatMap((file) => {
        const tests = file.assertionResults.filter((t) => t.status === "failed").map((t) => `${path.relative(dir, file.name)}: ${t.fullName}`);
        if (tests.length > 0 || file.status !== "failed") return tests;
        return [`${path.relative(dir, file.name)}: the file failed (${(file.message ?? "").split("\n")[0]})`];
    });
    return { ok: child.status === 0 && failed.length === 0, failed, seconds };
}

/** The checkout copied to a temporary folder (copyCheckout), with the plans of the unchanged tree. */
function copyTree(): string {
    const dir = copyCheckout(ROOT, "fhir-ha-mutation-");
    fs.writeFileSync(path.join(dir, "mutation.vitest.config.mts"), VITEST_CONFIG);
    fs.writeFileSync(path.join(dir, "mutation.global-setup.ts"), GLOBAL_SETUP);
    const plan = spawnSync(process.execPath, [path.join(dir, "scripts/plan.js"), "--out", path.join(dir, "out", "shipped-plans")], { cwd: dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (plan.status !== 0) throw new Error(`the plan of the shipped stacks failed (exit ${plan.status}):\n${plan.stderr}`);
    return dir;
}

/** The source with `export const NAME = ...;` set to `value`; throws unless it occurs exactly once. */
export function mutate(source: string, name: string, value: string): string {
    const pattern = new RegExp(`^(export const ${name}(?:: [^=]+)? = )([^;]+);`, "gm");
    const matches = source.match(pattern) ?? [];
    if (matches.length !== 1) throw new Error(`expected one \`export const ${name} = ...;\`, found ${matches.length}`);
    return source.replace(pattern, `$1${value};`);
}

function main(argv: string[]): number {
    const only = argv.flatMap((a, i) => (argv[i - 1] === "--only" ? [a] : []));
    const selected = MUTATIONS.filter((m) => only.length === 0 || only.includes(m.name));
    if (argv.includes("--list")) {
        for (const m of selected) process.stdout.write(`${m.file} ${m.name} -> ${m.unsafe}: ${m.harm} (${m.tests.join(", ")})\n`);
        return 0;
    }
    if (selected.length === 0) {
        process.stderr.write(`no mutation named ${only.join(", ")}\n`);
        return 2;
    }
    const dir = copyTree();
    try {
        const allTests = [...new Set(selected.flatMap((m) => m.tests))];
        process.stdout.write(`mutation check: unchanged run of ${allTests.join(" ")}...\n`);
        const baseline = runTests(dir, allTests);
        if (!baseline.ok) {
            process.stderr.write(`mutation check: the tests fail without any mutation, so a failure would prove nothing:\n  ${baseline.failed.join("\n  ")}\n`);
            return 1;
        }
        const rows: string[][] = [["constant", "unsafe value", "caught by", "s"]];
        let survived = 0;
        for (const m of selected) {
            const file = path.join(dir, m.file);
            const original = fs.readFileSync(file, "utf8");
            fs.writeFileSync(file, mutate(original, m.name, m.unsafe));
            process.stdout.write(`mutation check: ${m.file} ${m.name} = ${m.unsafe}...\n`);
            const run = runTests(dir, m.tests);
            fs.writeFileSync(file, original);
            if (run.failed.length === 0) survived++;
            rows.push([`${m.file} ${m.name}`, m.unsafe, run.failed.length > 0 ? `${run.failed[0]}${run.failed.length > 1 ? ` (+${run.failed.length - 1} more)` : ""}` : `SURVIVED (${m.harm}; no test of ${m.tests.join(", ")} failed)`, String(run.seconds)]);
        }
        const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
        process.stdout.write(`\n${rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n")}\n\n`);
        process.stdout.write(survived === 0 ? `Every mutation (${selected.length}) made a test fail.\n` : `${survived} of ${selected.length} mutations survived: pin those values in a test.\n`);
        return survived === 0 ? 0 : 1;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
