/**
 * Runs a short-lived command (psql, initdb, barman-cloud-*) to completion and captures its
 * output. A command that overruns its timeout is killed by its PID, so no helper outlives the run.
 */
import { spawn } from "child_process";

/** Commands running right now, so an interrupted run can stop them by PID too. */
const active = new Set<number>();

/** SIGKILL to every command still running (on interruption; servers are the supervisor's job). */
export function killRunningCommands(): number[] {
    const pids = [...active];
    for (const pid of pids) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            /* already gone */
        }
    }
    return pids;
}

export interface RunOptions {
    env?: NodeJS.ProcessEnv;
    uid?: number;
    gid?: number;
    cwd?: string;
    input?: string;
    timeoutMs?: number;
}

export interface RunResult {
    code: number | null;
    stdout: string;
    stderr: string;
    timedOut: boolean;
}

export function run(command: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return new Promise((resolve) => {
        const child = spawn(command, args, {
            env: opts.env ?? process.env,
            cwd: opts.cwd,
            stdio: ["pipe", "pipe", "pipe"],
            ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
            ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
        });
        let stdout = "";
        let stderr = "";
        let timedOut = false;
        const pid = child.pid;
        if (pid !== undefined) active.add(pid);
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
        }, opts.timeoutMs ?? 120_000);
        child.once("error", (err) => {
            clearTimeout(timer);
            if (pid !== undefined) active.delete(pid);
            resolve({ code: null, stdout, stderr: stderr + String(err), timedOut });
        });
        child.once("close", (code) => {
            clearTimeout(timer);
            if (pid !== undefined) active.delete(pid);
            resolve({ code, stdout, stderr, timedOut });
        });
        child.stdin.on("error", () => undefined);
        child.stdin.end(opts.input ?? "");
    });
}

/** Like `run`, but a non-zero exit is an error that carries the command line and its stderr. */
export async function runOk(command: string, args: string[], opts: RunOptions = {}): Promise<string> {
    const r = await run(command, args, opts);
    if (r.code !== 0) {
        const why = r.timedOut ? "timed out" : `exited ${r.code}`;
        throw new Error(`${command} ${args.join(" ")} ${why}: ${(r.stderr || r.stdout).trim().slice(-2000)}`);
    }
    return r.stdout;
}
