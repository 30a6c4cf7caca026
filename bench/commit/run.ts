/**
 * `npm run bench:commit`: what synchronous commit costs. A primary and two standbys of real
 * PostgreSQL on 127.0.0.1, each standby streaming through a delay proxy (delay_proxy.py: this
 * kernel has no netem qdisc), the primary's `synchronous_standby_names` as the database tier
 * renders it for the stack (CNPG's `ANY 1 ("…-2","…-3")` from `postgresql.synchronous`, with
 * `synchronous_commit` at PostgreSQL's default `on`, which the tier leaves alone), and pgbench
 * single-row inserts from N clients at each injected round-trip time, against the same workload
 * with asynchronous replication (`synchronous_standby_names` empty, the standbys still streaming
 * through the same proxies). Writes out/bench/commit.json, prints a table and the fitted model;
 * see options.ts for the flags. Every server and proxy is stopped by PID on exit; every run is
 * bounded in time.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DrillContext } from "../../drill/context";
import { childEnv, findPostgresBin, postgresVersion, serverUser } from "../../drill/environment";
import { killRunningCommands } from "../../drill/exec";
import { baseSettings, primaryConnInfo } from "../../drill/pg-conf";
import { makeOwnedDir } from "../../drill/postgres";
import { PortAllocator } from "../../drill/ports";
import { Supervisor } from "../../drill/processes";
import { drillSettings, readStackFile, synchronousNamesFor } from "../../drill/settings";
import { Cell, commitCheck, commitTable, LinearFit, syncModel } from "./model";
import { CommitBenchOptions, parseCommitOptions } from "./options";
import { BENCH_TABLE, CREATE_TABLE, runInserts } from "./pgbench";
import { latencySvg } from "./plot";
import { pingPong, setDelay, startDelayProxy, startEcho } from "./proxy";

/** Seconds of set-up and measurement per cell besides pgbench's own time, for the hard deadline. */
const CELL_OVERHEAD_S = 6;
const SETUP_S = 90;

function round(n: number, digits = 3): number {
    const f = 10 ** digits;
    return Math.round(n * f) / f;
}

async function bench(o: CommitBenchOptions, supervisor: Supervisor, root: string, log: (l: string) => void): Promise<{ cells: Cell[]; fit?: LinearFit; meta: Record<string, unknown> }> {
    const settings = drillSettings(readStackFile(o.stack), o.stack);
    if (settings.instances.length < 3) throw new Error(`${o.stack}: fhir-ha:database.instances is ${settings.instances.length}; the bench needs a primary and two standbys`);
    const bin = findPostgresBin();
    const user = await serverUser();
    const home = path.join(root, "home");
    makeOwnedDir(home, user);
    const ctx = new DrillContext({ bin, user, supervisor, root, env: childEnv(home) }, settings, new PortAllocator(), log);
    const [primaryName, ...standbyNames] = settings.instances.slice(0, 3);
    const syncNames = synchronousNamesFor(settings, primaryName);
    if (!syncNames) throw new Error(`${o.stack}: fhir-ha:database.synchronousReplicas is 0; there is no synchronous quorum to measure`);
    const maxSeconds = SETUP_S + o.rtts.length * o.clients.length * 2 * (o.seconds + CELL_OVERHEAD_S) + 60;

    const primary = await ctx.node(primaryName);
    await primary.initdb();
    // max_connections above the largest client count; shared_buffers large enough that the
    // inserts are not evicting pages (the bench measures commits, not the buffer cache).
    const serverSettings = (port: number) => ({ ...baseSettings(port), max_connections: Math.max(30, Math.max(...o.clients) + 15), shared_buffers: "128MB" });
    primary.configure({ ...serverSettings(primary.port), synchronous_standby_names: syncNames });
    await primary.start();

    const delayFile = path.join(root, "rtt-ms");
    await setDelay(delayFile, 0);
    const proxyDir = path.join(root, "proxies");
    fs.mkdirSync(proxyDir, { recursive: true });
    for (const name of standbyNames) {
        const proxy = await startDelayProxy({ supervisor, ports: ctx.ports, dir: proxyDir, name: `proxy-${name}`, targetPort: primary.port, delayFile, maxSeconds });
        const standby = await ctx.node(name);
        await standby.basebackupFrom(primary);
        standby.configure({ ...serverSettings(standby.port), primary_conninfo: primaryConnInfo(proxy.port, name) });
        standby.markStandby();
        await standby.start();
    }
    await primary.waitFor("SELECT count(*) FROM pg_stat_replication WHERE sync_state IN ('quorum', 'sync')", "2", 60_000, "both standbys in the quorum");
    await primary.sql(CREATE_TABLE);
    log(`primary ${primaryName}, standbys ${standbyNames.join(", ")} through delay proxies; synchronous_standby_names = ${syncNames}`);

    const echo = await startEcho(ctx.ports);
    const echoProxy = await startDelayProxy({ supervisor, ports: ctx.ports, dir: proxyDir, name: "proxy-echo", targetPort: echo.port, delayFile, maxSeconds });
    const cells: Cell[] = [];
    const rttSamples: { set: number; direct: number; proxied: number; added: number }[] = [];
    try {
        for (const rtt of o.rtts) {
            await setDelay(delayFile, rtt);
            const direct = await pingPong(echo.port);
            const proxied = await pingPong(echoProxy.port);
            const added = Math.max(0, proxied - direct);
            rttSamples.push({ set: rtt, direct: round(direct), proxied: round(proxied), added: round(added) });
            log(`RTT set ${rtt} ms: ping-pong ${direct.toFixed(3)} ms direct, ${proxied.toFixed(3)} ms through a proxy: ${added.toFixed(3)} ms added`);
            for (const [i, clients] of o.clients.entries()) {
                // Alternate which mode runs first, so neither always gets the warmer machine.
                const modes: Cell["mode"][] = i % 2 === 0 ? ["sync", "async"] : ["async", "sync"];
                for (const mode of modes) {
                    await primary.sql(`ALTER SYSTEM SET synchronous_standby_names = '${mode === "sync" ? syncNames.replace(/'/g, "''") : ""}'`);
                    await primary.sql("SELECT pg_reload_conf()");
                    const expected = mode === "sync" ? "2" : "0";
                    await primary.waitFor("SELECT count(*) FROM pg_stat_replication WHERE sync_state IN ('quorum', 'sync')", expected, 30_000, `${mode} replication in effect`);
                    await primary.waitFor("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'", "2", 30_000, "both standbys streaming");
                    await primary.sql("CHECKPOINT", 60_000);
                    const r = await runInserts(ctx.rt, primary, path.join(root, "pgbench", `${mode}-${rtt}-${clients}`), clients, o.seconds);
                    cells.push({ mode, rttSetMs: rtt, rttMeasuredMs: round(added), clients, transactions: r.transactions, commitsPerSecond: round(r.commitsPerSecond, 1), p50Ms: round(r.p50Ms), p99Ms: round(r.p99Ms) });
                    log(`  ${mode.padEnd(5)} ${String(clients).padStart(2)} clients: ${r.commitsPerSecond.toFixed(0)} commits/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms (${r.transactions} commits)`);
                }
            }
        }
    } finally {
        echo.close();
    }
    const rows = Number(await primary.sql(`SELECT count(*) FROM ${BENCH_TABLE}`));
    const fitClients = o.clients.includes(1) ? 1 : o.clients[0];
    const fit = o.rtts.length >= 2 ? syncModel(cells, fitClients) : undefined;
    return {
        cells,
        fit,
        meta: { postgres: await postgresVersion(bin), synchronousStandbyNames: syncNames, synchronousCommit: await primary.sql("SHOW synchronous_commit"), rowsInserted: rows, rtt: rttSamples, fitClients },
    };
}

async function main(): Promise<number> {
    const o = parseCommitOptions(process.argv.slice(2));
    const started = Date.now();
    const supervisor = new Supervisor();
    const user = await serverUser();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-bench-commit-"));
    makeOwnedDir(root, user);
    const log = (line: string) => console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)} ${line}`);
    const stop = async (code: number) => {
        killRunningCommands();
        await supervisor.stopAll();
        if (!o.keep) fs.rmSync(root, { recursive: true, force: true });
        else console.log(`kept ${root}`);
        return code;
    };
    const onSignal = (signal: NodeJS.Signals) => {
        console.error(`\n${signal}: stopping servers and proxies by PID (${supervisor.pids.join(", ")})`);
        void stop(130).then((c) => process.exit(c));
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    // A hard bound on the whole run: set-up plus every cell with its overhead, twice over.
    const limitS = 2 * (SETUP_S + o.rtts.length * o.clients.length * 2 * (o.seconds + CELL_OVERHEAD_S));
    const deadline = setTimeout(() => {
        console.error(`bench:commit: no result after ${limitS} s; stopping`);
        void stop(1).then((c) => process.exit(c));
    }, limitS * 1000);

    const machine = { cpus: os.cpus().length, loadavg: os.loadavg().map((l) => round(l, 2)) };
    console.log(`fhir-ha commit bench: RTTs ${o.rtts.join(", ")} ms; clients ${o.clients.join(", ")}; ${o.seconds} s per cell; ${machine.cpus} CPUs (load ${machine.loadavg.join(" ")})`);
    try {
        const { cells, fit, meta } = await bench(o, supervisor, root, log);
        const check = commitCheck(cells);
        const table = commitTable(cells);
        const report = { machine, options: o, seconds: Math.round((Date.now() - started) / 1000), ...meta, fit: fit && { slope: round(fit.slope), interceptMs: round(fit.interceptMs), r2: round(fit.r2, 4) }, table: table.split("\n"), check, cells };
        fs.mkdirSync(path.dirname(o.out), { recursive: true });
        fs.writeFileSync(o.out, JSON.stringify(report, null, 2) + "\n");
        if (o.svg) {
            fs.mkdirSync(path.dirname(o.svg), { recursive: true });
            fs.writeFileSync(o.svg, latencySvg(cells, fit, `Commit latency, ${meta.synchronousStandbyNames} vs asynchronous`));
        }
        console.log(`\n${table}\n`);
        if (fit) console.log(`model (synchronous, ${meta.fitClients} client${meta.fitClients === 1 ? "" : "s"}): p50 ≈ ${fit.interceptMs.toFixed(3)} ms + ${fit.slope.toFixed(3)} × RTT (r² ${fit.r2.toFixed(4)})`);
        console.log(check.lines.join("\n"));
        console.log(`report: ${o.out}`);
        return await stop(o.ci && !check.passed ? 1 : 0);
    } catch (err) {
        console.error(err instanceof Error ? err.message : err);
        return await stop(1);
    } finally {
        clearTimeout(deadline);
    }
}

main().then((code) => process.exit(code));
