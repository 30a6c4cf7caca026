/**
 * `npm run drill`: the recovery drills of issue 8 on real PostgreSQL, barman-cloud and the
 * s3rver/Azurite emulators, all on 127.0.0.1 inside a temp dir. Writes out/drill/report.json and
 * out/drill/summary.txt and exits non-zero when a drill fails. Every process started is stopped by
 * its PID at the end of its drill, and on failure or interruption.
 *
 *   npm run drill                       all drills
 *   npm run drill -- --only pitr-s3     one drill (names as in the report)
 *   npm run drill -- --keep             keep the temp dir (data dirs and logs) afterwards
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DrillContext } from "./context";
import { killRunningCommands } from "./exec";
import { ALERTS, alertsDrill } from "./drills/alerts";
import { delayedReplicaDrill, DELAYED_RESCUE } from "./drills/delayed-replica";
import { pitrDrill } from "./drills/pitr";
import { PRIMARY_LOSS, primaryLossDrill } from "./drills/primary-loss";
import { LAGGING_STANDBY, laggingStandbyDrill } from "./drills/lagging-standby";
import { WAL_REUPLOAD, walReuploadDrill } from "./drills/wal-reupload";
import { RETENTION, retentionDrill } from "./drills/retention";
import { JDBC_STALL, jdbcStallDrill } from "./drills/jdbc-stall";
import { MAJOR_UPGRADE_DRILL, majorUpgradeDrill } from "./drills/major-upgrade";
import { REGION_LOSS, regionLossDrill } from "./drills/region-loss";
import { barmanVersion, childEnv, findPostgresBin, postgresVersion, serverUser } from "./environment";
import { startAzurite, startS3rver } from "./object-stores";
import { makeOwnedDir } from "./postgres";
import { PortAllocator } from "./ports";
import { Supervisor } from "./processes";
import { DrillResult, exitCode, failedResult, roundSeconds, summary } from "./report";
import { DEFAULT_STACK_FILE, drillSettings, readStackFile } from "./settings";

const OUT_DIR = path.join("out", "drill");
/** A drill that has not finished by then has hung; its processes are stopped and it fails. */
const DRILL_TIMEOUT_MS = 420_000;

interface Drill {
    name: string;
    run(ctx: DrillContext): Promise<DrillResult>;
    /** A drill of several scenarios may take longer than DRILL_TIMEOUT_MS. */
    timeoutMs?: number;
}

/** A fresh s3rver for one drill, with the stack's bucket and region. */
async function s3Store(ctx: DrillContext) {
    const region = ctx.settings.config.kubernetes.s3Region || "us-east-1";
    return startS3rver({ supervisor: ctx.rt.supervisor, root: ctx.rt.root, port: await ctx.ports.next(), bucket: ctx.settings.bucket, region });
}

/** In the order, and with the numbers, of docs/drills.md. */
function drills(): Drill[] {
    return [
        { name: PRIMARY_LOSS, run: primaryLossDrill },
        { name: DELAYED_RESCUE, run: async (ctx) => delayedReplicaDrill(ctx, await s3Store(ctx)) },
        {
            name: "pitr-s3",
            run: async (ctx) => pitrDrill(ctx, "pitr-s3", await s3Store(ctx)),
        },
        {
            name: "pitr-azure-blob",
            run: async (ctx) => pitrDrill(ctx, "pitr-azure-blob", await startAzurite({ supervisor: ctx.rt.supervisor, root: ctx.rt.root, port: await ctx.ports.next(), bucket: ctx.settings.bucket })),
        },
        {
            name: RETENTION,
            run: async (ctx) => retentionDrill(ctx, await s3Store(ctx)),
        },
        { name: LAGGING_STANDBY, run: laggingStandbyDrill },
        {
            name: WAL_REUPLOAD,
            run: async (ctx) => {
                const store = await s3Store(ctx);
                return walReuploadDrill(ctx, store, Number(new URL(store.endpointUrl!).port));
            },
        },
        { name: ALERTS, run: alertsDrill },
        { name: JDBC_STALL, run: jdbcStallDrill },
        { name: MAJOR_UPGRADE_DRILL, run: async (ctx) => majorUpgradeDrill(ctx, await s3Store(ctx)) },
        // Three scenarios (two lags and a switchover), each with its own two stores and two servers.
        { name: REGION_LOSS, run: regionLossDrill, timeoutMs: 720_000 },
    ];
}

/** Rejects after `ms`; the abandoned drill's later failure (its servers are stopped) is swallowed. */
function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    });
    work.catch(() => undefined);
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function argValue(flag: string): string | undefined {
    const i = process.argv.indexOf(flag);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
    const started = Date.now();
    const only = argValue("--only");
    const keep = process.argv.includes("--keep");
    const stackFile = process.env.DRILL_STACK ?? DEFAULT_STACK_FILE;
    const selected = drills().filter((d) => !only || d.name === only);
    if (selected.length === 0) throw new Error(`--only ${only}: no such drill; drills: ${drills().map((d) => d.name).join(", ")}`);

    const settings = drillSettings(readStackFile(stackFile), stackFile);
    const bin = findPostgresBin();
    const user = await serverUser();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-drill-"));
    makeOwnedDir(root, user);
    const home = path.join(root, "home");
    makeOwnedDir(home, user);
    const supervisor = new Supervisor();
    // Every line carries the seconds since start, so the log shows where a drill spends its time.
    const print = (line: string) => console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)} ${line}`);
    const ctx = new DrillContext({ bin, user, supervisor, root, env: childEnv(home) }, settings, new PortAllocator(), print);

    let interrupted = false;
    const onSignal = (signal: NodeJS.Signals) => {
        if (interrupted) return;
        interrupted = true;
        const commands = killRunningCommands();
        console.error(`\n${signal}: stopped commands ${commands.join(", ") || "(none)"}; stopping servers by PID (${supervisor.pids.join(", ")})`);
        void supervisor.stopAll().finally(() => {
            console.error(`data dirs and logs kept in ${root}`);
            process.exit(130);
        });
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);

    console.log(`fhir-ha recovery drills: ${await postgresVersion(bin)}, ${await barmanVersion()}`);
    console.log(`stack ${stackFile}: cluster ${settings.names.primaryCluster} (${settings.instances.join(", ")}), synchronous ANY ${settings.config.database.synchronousReplicas}, retention ${settings.policy.barmanRetentionPolicy}, delay ${settings.policy.recoveryMinApplyDelay} (deployed ${settings.deployedPolicy.recoveryMinApplyDelay})`);
    console.log(`working in ${root}${user ? ` (servers run as uid ${user.uid})` : ""}`);

    const results: DrillResult[] = [];
    try {
        for (const [i, drill] of selected.entries()) {
            console.log(`\n== drill ${i + 1}/${selected.length}: ${drill.name}`);
            const t0 = Date.now();
            let result: DrillResult;
            try {
                result = { ...(await withTimeout(drill.run(ctx.forDrill(drill.name)), drill.timeoutMs ?? DRILL_TIMEOUT_MS, drill.name)), seconds: roundSeconds(Date.now() - t0) };
            } catch (err) {
                result = failedResult(drill.name, roundSeconds(Date.now() - t0), err, { workDir: path.join(root, drill.name) });
            }
            // Whatever the drill left running (servers, emulators, a hung command) stops here, by PID.
            killRunningCommands();
            await supervisor.stopAll();
            results.push(result);
            console.log(`   ${result.passed ? "PASS" : "FAIL"} in ${result.seconds} s: ${result.rowsWritten} rows written, ${result.rowsLost} lost${result.passed ? "" : `: ${String(result.details.error ?? "checks failed")}`}`);
            if (interrupted) break;
        }
    } finally {
        await supervisor.stopAll();
    }

    const total = (Date.now() - started) / 1000;
    fs.mkdirSync(OUT_DIR, { recursive: true });
    fs.writeFileSync(path.join(OUT_DIR, "report.json"), JSON.stringify(results, null, 2) + "\n");
    const text = summary(results, total);
    fs.writeFileSync(path.join(OUT_DIR, "summary.txt"), text);
    console.log(`\n${text}report: ${path.join(OUT_DIR, "report.json")}`);

    const code = exitCode(results, selected.length);
    if (keep || code !== 0) console.log(`data dirs and logs kept in ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
    return code;
}

main().then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    },
);
