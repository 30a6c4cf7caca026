/**
 * One PostgreSQL server of a drill: its own data directory, socket directory, port and log under
 * the run's temp dir, started as the unprivileged `postgres` user when the runner is root (CI),
 * and tracked by the supervisor so that it is stopped by PID whatever happens.
 */
import * as fs from "fs";
import * as path from "path";
import { run, runOk } from "./exec";
import { renderConf, Settings } from "./pg-conf";
import { sleep } from "./wait";
import { Supervised, Supervisor } from "./processes";

/** The unprivileged account servers and barman tools run as, when the runner is root. */
export interface OsUser {
    uid: number;
    gid: number;
}

export interface PgRuntime {
    /** Directory holding initdb, postgres, pg_basebackup, psql, pg_rewind of one major version. */
    bin: string;
    user?: OsUser;
    supervisor: Supervisor;
    /** The run's temp dir. */
    root: string;
    /** Environment every server and tool gets (PATH, HOME inside the temp dir, TZ=UTC). */
    env: NodeJS.ProcessEnv;
}

const DRILL_CONF = "drill.conf";

export class PgNode {
    readonly dir: string;
    readonly dataDir: string;
    readonly logFile: string;
    private proc?: Supervised;
    private settings: Settings = {};

    constructor(
        private readonly rt: PgRuntime,
        /** Named like the CNPG pod it stands for, e.g. fhir-db-1; also its application_name. */
        readonly name: string,
        readonly port: number,
    ) {
        this.dir = path.join(rt.root, name);
        this.dataDir = path.join(this.dir, "data");
        this.logFile = path.join(this.dir, "postgres.log");
        makeOwnedDir(this.dir, rt.user);
    }

    get pid(): number | undefined {
        return this.proc?.pid;
    }

    /**
     * A fresh cluster with trust auth on loopback only (nothing outside this machine can reach it).
     * No --no-instructions: PostgreSQL 13 (the major-upgrade drill's old major) does not know it,
     * and the instructions only go to the captured output.
     */
    async initdb(): Promise<void> {
        await runOk(path.join(this.rt.bin, "initdb"), ["-D", this.dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8"], this.asUser());
    }

    /** A standby's data directory copied from a running server, like CNPG's join of a new instance. */
    async basebackupFrom(source: PgNode): Promise<void> {
        await runOk(
            path.join(this.rt.bin, "pg_basebackup"),
            ["-h", "127.0.0.1", "-p", String(source.port), "-U", "postgres", "-D", this.dataDir, "-X", "stream", "-c", "fast"],
            this.asUser(),
        );
    }

    /** Makes the data directory usable after another tool filled it (barman-cloud-restore). */
    prepareRestoredDataDir(): void {
        fs.chmodSync(this.dataDir, 0o700);
    }

    /** Replaces the drill's settings (kept in an included file so postgresql.conf stays initdb's). */
    configure(settings: Settings): void {
        this.settings = { ...settings };
        this.writeFile(DRILL_CONF, renderConf(this.settings));
        const main = path.join(this.dataDir, "postgresql.conf");
        const text = fs.existsSync(main) ? fs.readFileSync(main, "utf8") : "";
        if (!text.includes(`include_if_exists = '${DRILL_CONF}'`)) {
            fs.appendFileSync(main, `\ninclude_if_exists = '${DRILL_CONF}'\n`);
            this.chown(main);
        }
        // Settings left behind by a previous life (pg_basebackup copies postgresql.auto.conf).
        const auto = path.join(this.dataDir, "postgresql.auto.conf");
        if (fs.existsSync(auto)) this.writeFile("postgresql.auto.conf", "");
    }

    /** standby.signal: start as a streaming standby (primary_conninfo) or from the archive. */
    markStandby(): void {
        this.writeFile("standby.signal", "");
    }

    /** recovery.signal: targeted recovery, then promotion (point-in-time restore). */
    markRecovery(): void {
        this.writeFile("recovery.signal", "");
    }

    /** Starts the server; `timeoutMs` bounds the wait for connections (a restore replays WAL first). */
    async start(extraEnv: Record<string, string> = {}, timeoutMs = 60_000): Promise<void> {
        if (this.proc) throw new Error(`${this.name} is already running`);
        this.proc = this.rt.supervisor.start(this.name, path.join(this.rt.bin, "postgres"), ["-D", this.dataDir], {
            env: { ...this.rt.env, ...extraEnv },
            logFile: this.logFile,
            ...(this.rt.user ?? {}),
        });
        const proc = this.proc;
        void proc.exited.then(() => {
            if (this.proc === proc) this.proc = undefined;
        });
        await this.waitAcceptingConnections(timeoutMs);
    }

    /** Fast shutdown (SIGINT), the way CNPG stops an instance it is switching over. */
    async stop(): Promise<void> {
        if (!this.proc) return;
        await this.rt.supervisor.stop(this.proc.pid, "SIGINT", 20_000);
        this.proc = undefined;
    }

    /** kill -9 of the postmaster and every backend: the node is gone, nothing is flushed or said goodbye. */
    async killHard(): Promise<void> {
        if (!this.proc) throw new Error(`${this.name} is not running`);
        const proc = this.proc;
        this.rt.supervisor.killHard(proc.pid);
        await proc.exited;
        this.proc = undefined;
    }

    /** One statement in autocommit; returns unaligned, tuples-only output. */
    async sql(query: string, timeoutMs = 30_000): Promise<string> {
        return (await runOk(path.join(this.rt.bin, "psql"), [...this.psqlArgs(), "-c", query], { env: this.rt.env, timeoutMs })).trim();
    }

    /** A script where every statement commits on its own (psql autocommit), stopping at the first error. */
    async script(text: string, timeoutMs = 60_000): Promise<string> {
        return (await runOk(path.join(this.rt.bin, "psql"), [...this.psqlArgs(), "-f", "-"], { env: this.rt.env, input: text, timeoutMs })).trim();
    }

    /** Polls a query until it returns `expected`; returns how long that took in ms. */
    async waitFor(query: string, expected: string, timeoutMs: number, what: string): Promise<number> {
        const start = Date.now();
        let last = "";
        for (;;) {
            const r = await run(path.join(this.rt.bin, "psql"), [...this.psqlArgs(), "-c", query], { env: this.rt.env, timeoutMs: 5_000 });
            last = r.code === 0 ? r.stdout.trim() : r.stderr.trim();
            if (r.code === 0 && last === expected) return Date.now() - start;
            if (Date.now() - start > timeoutMs) throw new Error(`${this.name}: ${what} not reached after ${timeoutMs} ms (last: ${last})`);
            // Each poll is a psql process: poll gently, the machine is shared.
            await sleep(200);
        }
    }

    /** Runs a PostgreSQL tool (pg_rewind) as the server's user; returns what it printed. */
    async tool(name: string, args: string[]): Promise<string> {
        const r = await run(path.join(this.rt.bin, name), args, { ...this.asUser(), timeoutMs: 120_000 });
        if (r.code !== 0) throw new Error(`${name} ${args.join(" ")} exited ${r.code}: ${r.stderr.trim().slice(-2000)}`);
        return r.stdout + r.stderr;
    }

    private psqlArgs(): string[] {
        return ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(this.port), "-U", "postgres", "-d", "postgres"];
    }

    private async waitAcceptingConnections(timeoutMs: number): Promise<void> {
        const start = Date.now();
        for (;;) {
            const r = await run(path.join(this.rt.bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(this.port), "-U", "postgres", "-d", "postgres", "-t", "1"], { env: this.rt.env, timeoutMs: 5_000 });
            if (r.code === 0) return;
            if (!this.proc) throw new Error(`${this.name} exited while starting; see ${this.logFile}:\n${tail(this.logFile)}`);
            if (Date.now() - start > timeoutMs) throw new Error(`${this.name} not accepting connections after ${timeoutMs} ms; see ${this.logFile}`);
            await sleep(150);
        }
    }

    private asUser(): { env: NodeJS.ProcessEnv; uid?: number; gid?: number } {
        return { env: this.rt.env, ...(this.rt.user ?? {}) };
    }

    private writeFile(name: string, text: string): void {
        const file = path.join(this.dataDir, name);
        fs.writeFileSync(file, text, { mode: 0o600 });
        this.chown(file);
    }

    private chown(file: string): void {
        if (this.rt.user) fs.chownSync(file, this.rt.user.uid, this.rt.user.gid);
    }
}

/** A directory the server's user owns (the runner may be root; PostgreSQL refuses to run as root). */
export function makeOwnedDir(dir: string, user?: OsUser): void {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (user) fs.chownSync(dir, user.uid, user.gid);
}

function tail(file: string, lines = 20): string {
    try {
        return fs.readFileSync(file, "utf8").trim().split("\n").slice(-lines).join("\n");
    } catch {
        return "(no log)";
    }
}
