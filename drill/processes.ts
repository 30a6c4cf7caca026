/**
 * Every long-running process a drill starts (PostgreSQL servers, s3rver, Azurite) goes through
 * this supervisor, which records its PID and stops it by that PID at the end, also when a drill
 * throws or the run is interrupted. Nothing is ever stopped by name: the machine is shared.
 *
 * Children are started in their own process group (detached), so that "kill -9 the primary"
 * takes the postmaster and all its backends down at once, the way a lost node would, and so a
 * Ctrl-C in the terminal reaches only this runner, which then shuts the children down in order.
 */
import { ChildProcess, spawn, SpawnOptions } from "child_process";
import * as fs from "fs";
import { sleep } from "./wait";

export interface Supervised {
    name: string;
    pid: number;
    child: ChildProcess;
    exited: Promise<number | null>;
}

export interface StartOptions {
    env?: NodeJS.ProcessEnv;
    uid?: number;
    gid?: number;
    cwd?: string;
    /** Where stdout and stderr go (appended); the drill logs stay in the temp dir for post-mortems. */
    logFile: string;
}

export class Supervisor {
    private readonly running = new Map<number, Supervised>();

    start(name: string, command: string, args: string[], opts: StartOptions): Supervised {
        const log = fs.openSync(opts.logFile, "a");
        const spawnOptions: SpawnOptions = {
            env: opts.env ?? process.env,
            cwd: opts.cwd,
            detached: true,
            stdio: ["ignore", log, log],
        };
        if (opts.uid !== undefined) spawnOptions.uid = opts.uid;
        if (opts.gid !== undefined) spawnOptions.gid = opts.gid;
        const child = spawn(command, args, spawnOptions);
        fs.closeSync(log);
        if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
        const pid = child.pid;
        const exited = new Promise<number | null>((resolve) => {
            child.once("exit", (code) => {
                this.running.delete(pid);
                resolve(code);
            });
            child.once("error", () => {
                this.running.delete(pid);
                resolve(null);
            });
        });
        const supervised: Supervised = { name, pid, child, exited };
        this.running.set(pid, supervised);
        return supervised;
    }

    /** SIGKILL to the whole process group of one child: the drill's "node lost". */
    killHard(pid: number): void {
        signalGroup(pid, "SIGKILL");
    }

    /** Stops one child: `signal` to its group, then SIGKILL after `graceMs`. */
    async stop(pid: number, signal: NodeJS.Signals = "SIGTERM", graceMs = 10_000): Promise<void> {
        const proc = this.running.get(pid);
        if (!proc) return;
        signalGroup(pid, signal);
        const done = await Promise.race([proc.exited.then(() => true), sleep(graceMs).then(() => false)]);
        if (!done) {
            signalGroup(pid, "SIGKILL");
            await proc.exited;
        }
    }

    /** Stops every child still running, newest first (servers before the stores they archive to). */
    async stopAll(): Promise<void> {
        const pids = [...this.running.keys()].reverse();
        for (const pid of pids) await this.stop(pid);
    }

    /** PIDs still running, for the final check that nothing is left behind. */
    get pids(): number[] {
        return [...this.running.keys()];
    }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-pid, signal);
    } catch {
        // The group may already be gone; fall back to the process itself.
        try {
            process.kill(pid, signal);
        } catch {
            /* already exited */
        }
    }
}
