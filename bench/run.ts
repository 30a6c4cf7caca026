/**
 * `npm run bench`: what the offline plan costs compared with the least a mock program can cost.
 *
 * For each stack: `npm run plan -- --stack S`, whole, as users run it (npm, the plan CLI and
 * everything it starts), and the bare program (`bare-program.ts`: the same provider SDK files, the
 * same number of registrations, nothing else), each run `--runs` times (default 5) after one
 * warm-up run, alternating so both see the same machine load. Wall time is spawn to exit; CPU time
 * is summed over the command's Node processes; peak memory is the largest process's RSS
 * high-water mark. The compiled plan is built first (`npm run build:plan`, as `npm install` does).
 * Then the time to import the package root and `npm run typecheck`. Prints a table and writes
 * out/bench/results.json.
 *
 *   npm run bench -- [--stack NAME]... [--runs N] [--no-tsc]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { listStacks } from "../src/plan/stack-files";
import { median, round, RunSamples, sampled, stackResult, StackResult, stackTable, table, TARGETS } from "./stats";

const ROOT = path.resolve(__dirname, "..");
const TSX = pathToFileURL(require.resolve("tsx")).href;
const HOOK = pathToFileURL(path.join(__dirname, "stats-hook.mjs")).href;

interface Measured {
    wallMs: number;
    cpuMs: number;
    peakRssMb: number;
    sdkFiles: string[];
    stdout: string;
}

/** Runs a command with the stats hook in each of its Node processes; throws when it fails. */
function measureCommand(command: string, args: string[], env: Record<string, string> = {}): Measured {
    const statsDir = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-bench-"));
    const start = process.hrtime.bigint();
    const child = spawnSync(command, args, {
        cwd: ROOT,
        env: { ...process.env, ...env, FHIR_HA_BENCH_STATS: statsDir },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${child.status}):\n${child.stderr}`);
    const all = fs.readdirSync(statsDir).map((f) => JSON.parse(fs.readFileSync(path.join(statsDir, f), "utf8")) as { maxRssKb: number; cpuMs: number; sdkFiles: string[] });
    fs.rmSync(statsDir, { recursive: true, force: true });
    return {
        wallMs,
        cpuMs: all.reduce((sum, s) => sum + s.cpuMs, 0),
        peakRssMb: Math.max(...all.map((s) => s.maxRssKb)) / 1024,
        sdkFiles: [...new Set(all.flatMap((s) => s.sdkFiles))],
        stdout: child.stdout,
    };
}

/** Runs a TypeScript file in a fresh node process with the stats hook. */
function measure(script: string, args: string[], env: Record<string, string> = {}): Measured {
    return measureCommand(process.execPath, ["--import", TSX, "--import", HOOK, script, ...args], env);
}

/** `npm run plan -- ARGS`, the whole command; the hook rides along in NODE_OPTIONS. */
function measureNpmPlan(args: string[]): Measured {
    const nodeOptions = [process.env.NODE_OPTIONS ?? "", `--import=${HOOK}`].join(" ").trim();
    return measureCommand("npm", ["run", "--silent", "plan", "--", ...args], { NODE_OPTIONS: nodeOptions });
}

function benchStack(stack: string, runs: number, workDir: string): StackResult {
    const outDir = path.join(workDir, "plan");
    const planArgs = ["--stack", stack, "--out", outDir];
    const runPlan = () => {
        // Measured as `npm install` leaves a checkout: a source edited during the bench would
        // send the command down its slower TypeScript path, and the figures would not be that.
        if (spawnSync(process.execPath, [path.join(ROOT, "scripts/plan.js"), "--compiled-is-fresh"]).status !== 0) {
            throw new Error("src/ changed during the bench: the compiled plan is stale (npm run build:plan, then bench again)");
        }
        return measureNpmPlan(planArgs);
    };
    // The warm-up plan also tells the bare program what to load and how much to register.
    const warm = runPlan();
    const resources = (JSON.parse(fs.readFileSync(path.join(outDir, `${stack}.json`), "utf8")) as { resources: unknown[] }).resources.length;
    const sdkList = path.join(workDir, `${stack}-sdk-files.json`);
    fs.writeFileSync(sdkList, JSON.stringify(warm.sdkFiles));
    const runBare = () =>
        measure(path.join(__dirname, "bare-program.ts"), [], {
            FHIR_HA_BENCH_RESOURCES: String(resources),
            FHIR_HA_BENCH_SDK_FILES: sdkList,
        });
    runBare();
    const plan: RunSamples = { wallMs: [], cpuMs: [], peakRssMb: [] };
    const bare: RunSamples = { wallMs: [], cpuMs: [], peakRssMb: [] };
    for (let i = 0; i < runs; i++) {
        for (const [run, into] of [
            [runPlan, plan],
            [runBare, bare],
        ] as const) {
            const m = run();
            into.wallMs.push(m.wallMs);
            into.cpuMs.push(m.cpuMs);
            into.peakRssMb.push(m.peakRssMb);
        }
    }
    return stackResult(stack, resources, warm.sdkFiles.length, plan, bare);
}

function benchImportRoot(runs: number) {
    const script = path.join(__dirname, "import-root.ts");
    measure(script, []);
    const samples = Array.from({ length: runs }, () => {
        const m = measure(script, []);
        return { ...(JSON.parse(m.stdout.trim().split("\n").pop()!) as { entry: string; ms: number; pulumiPackages: string[] }), wallMs: m.wallMs };
    });
    return {
        entry: samples[0].entry,
        /** Time spent in `require(entry)` alone. */
        importMs: sampled(samples.map((s) => s.ms)),
        /** Whole process, node and the TypeScript loader included. */
        processWallMs: sampled(samples.map((s) => s.wallMs)),
        pulumiPackagesLoaded: samples[0].pulumiPackages,
    };
}

/**
 * A type-check command as users run it (`npm run --silent <script>`, whole), median of 3 runs:
 * one run on a shared machine varies by a second or more. Each run records the 1-minute load
 * average at its start, since the figure means little without it.
 */
function benchTypecheck(script: string) {
    const runs = [1, 2, 3].map(() => {
        const load = round(os.loadavg()[0]);
        const start = process.hrtime.bigint();
        const child = spawnSync("npm", ["run", "--silent", script], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
        return { seconds: Number(process.hrtime.bigint() - start) / 1e9, load, child };
    });
    const seconds = round(median(runs.map((r) => r.seconds)));
    const errors = (runs[0].child.stdout.match(/error TS\d+/g) ?? []).length;
    return { script, seconds, runs: runs.map((r) => ({ seconds: round(r.seconds), loadAverage1m: r.load })), exitCode: runs[0].child.status, errors };
}

/**
 * `npm run typecheck` (the native compiler, tsgo) against the target; `npm run typecheck:tsc`
 * (TypeScript 5.9's tsc, which builds the package) beside it for comparison, with no target.
 */
function benchTsc() {
    const typecheck = benchTypecheck("typecheck");
    const tsc = benchTypecheck("typecheck:tsc");
    return { ...typecheck, meetsTarget: typecheck.seconds <= TARGETS.tscSeconds, tsc };
}

function parseArgs(argv: string[]) {
    const opts = { stacks: [] as string[], runs: 5, tsc: true };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--stack") opts.stacks.push(argv[++i]);
        else if (argv[i] === "--runs") opts.runs = Number(argv[++i]);
        else if (argv[i] === "--no-tsc") opts.tsc = false;
        else throw new Error(`unknown option ${argv[i]} (usage: npm run bench -- [--stack NAME]... [--runs N] [--no-tsc])`);
    }
    if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error("--runs must be a positive integer");
    return opts;
}

function main(): number {
    let opts: ReturnType<typeof parseArgs>;
    try {
        opts = parseArgs(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`${(e as Error).message}\n`);
        return 2;
    }
    const available = listStacks(path.join(ROOT, "stacks"));
    const stacks = opts.stacks.length > 0 ? opts.stacks : available;
    const unknown = stacks.filter((s) => !available.includes(s));
    if (unknown.length > 0) {
        process.stderr.write(`unknown stack ${unknown.join(", ")}; stacks: ${available.join(", ")}\n`);
        return 2;
    }
    // As `npm install` leaves a checkout (prepare): the plan compiled, so `npm run plan` runs it.
    process.stdout.write("bench: npm run build:plan...\n");
    const build = spawnSync("npm", ["run", "--silent", "build:plan"], { cwd: ROOT, encoding: "utf8" });
    if (build.status !== 0) {
        process.stderr.write(`npm run build:plan failed:\n${build.stdout}${build.stderr}\n`);
        return 1;
    }
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-bench-"));
    const results: StackResult[] = [];
    for (const stack of stacks) {
        process.stdout.write(`bench: ${stack} (${opts.runs} runs of plan and bare program)...\n`);
        results.push(benchStack(stack, opts.runs, workDir));
    }
    process.stdout.write("bench: import of the package root...\n");
    const importRoot = benchImportRoot(opts.runs);
    let tsc: ReturnType<typeof benchTsc> | undefined;
    if (opts.tsc) {
        process.stdout.write("bench: npm run typecheck and npm run typecheck:tsc, 3 runs each...\n");
        tsc = benchTsc();
    }
    fs.rmSync(workDir, { recursive: true, force: true });

    const report = {
        runsPerMeasurement: opts.runs,
        machine: { node: process.version, cpus: os.cpus().length, loadAverage1m: round(os.loadavg()[0]) },
        targets: TARGETS,
        stacks: results,
        importRoot,
        tsc,
    };
    const outDir = path.join(ROOT, "out/bench");
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, "results.json"), `${JSON.stringify(report, null, 2)}\n`);

    process.stdout.write(
        [
            "",
            `Plan vs bare mock program, median of ${opts.runs} runs (targets: wall ratio <= ${TARGETS.wallRatio}, memory ratio <= ${TARGETS.memoryRatio}; cpu ratio = user+system time, for comparison)`,
            "",
            stackTable(results),
            "",
            table([
                ["measure", "median"],
                [`import ${importRoot.entry}`, `${importRoot.importMs.median.toFixed(0)} ms (process ${importRoot.processWallMs.median.toFixed(0)} ms)`],
                ["  @pulumi packages it loads", importRoot.pulumiPackagesLoaded.join(" ")],
                ...(tsc
                    ? [
                          ["npm run typecheck (tsgo, median of 3)", `${tsc.seconds.toFixed(1)} s ${tsc.meetsTarget ? "ok" : "MISSED"} (target <= ${TARGETS.tscSeconds} s; ${tsc.errors} errors)`],
                          ["npm run typecheck:tsc (tsc 5.9, median of 3)", `${tsc.tsc.seconds.toFixed(1)} s (no target; ${tsc.tsc.errors} errors)`],
                          ["  load average at each run's start", `${tsc.runs.map((r) => r.loadAverage1m).join(", ")} / ${tsc.tsc.runs.map((r) => r.loadAverage1m).join(", ")}`],
                      ]
                    : []),
            ]),
            "",
            `load average during the bench: ${round(os.loadavg()[0])} on ${os.cpus().length} CPUs (timings on a shared machine vary; the ratios less so)`,
            `Wrote ${path.relative(process.cwd(), path.join(outDir, "results.json"))}`,
            "",
        ].join("\n"),
    );
    return 0;
}

process.exit(main());
