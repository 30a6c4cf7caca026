/**
 * Killing a whole PostgreSQL server the way a lost region does. Every child of the postmaster
 * runs in a session of its own (PostgreSQL 15 here: `ps -o pid,ppid,pgid,sid` shows the
 * checkpointer, archiver and the others each as their own session leader), so kill -9 of the
 * postmaster's process group leaves the children running until they notice. Most exit at once, but an archiver busy in archive_command
 * (barman-cloud-wal-archive retrying a store that is gone) lives on, holding the shared memory,
 * so the data directory cannot be rewound or started. Here the descendants are found through
 * /proc before the postmaster dies (afterwards they are re-parented) and killed by PID too.
 */
import * as fs from "fs";
import { sleep } from "./wait";

export interface ProcEntry {
    pid: number;
    ppid: number;
}

/** Every descendant of `root` (children, their children, …); `root` itself is not included. */
export function descendants(entries: ProcEntry[], root: number): number[] {
    const children = new Map<number, number[]>();
    for (const e of entries) children.set(e.ppid, [...(children.get(e.ppid) ?? []), e.pid]);
    const out: number[] = [];
    const queue = [...(children.get(root) ?? [])];
    while (queue.length > 0) {
        const pid = queue.shift()!;
        if (out.includes(pid)) continue;
        out.push(pid);
        queue.push(...(children.get(pid) ?? []));
    }
    return out;
}

/** pid and ppid from a /proc/<pid>/stat line; the command (field 2) may hold spaces and parentheses. */
export function parseStat(line: string): ProcEntry & { state: string } {
    const close = line.lastIndexOf(")");
    const rest = line.slice(close + 2).split(" ");
    const pid = Number(line.slice(0, line.indexOf(" ")));
    if (close < 0 || !Number.isInteger(pid) || rest.length < 2) throw new Error(`not a /proc stat line: ${JSON.stringify(line)}`);
    return { pid, state: rest[0], ppid: Number(rest[1]) };
}

function readStat(pid: number): (ProcEntry & { state: string }) | undefined {
    try {
        return parseStat(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
        return undefined;
    }
}

/** The processes running now, from /proc. */
export function processTable(): ProcEntry[] {
    return fs
        .readdirSync("/proc")
        .filter((d) => /^\d+$/.test(d))
        .map((d) => readStat(Number(d)))
        .filter((e): e is ProcEntry & { state: string } => e !== undefined);
}

/** SIGKILL to each pid and its process group; waits until none is left (zombies count as gone). */
export async function killPids(pids: number[], timeoutMs = 15_000): Promise<void> {
    for (const pid of pids) {
        for (const target of [-pid, pid]) {
            try {
                process.kill(target, "SIGKILL");
            } catch {
                /* already gone */
            }
        }
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const alive = pids.filter((pid) => {
            const s = readStat(pid);
            return s !== undefined && s.state !== "Z";
        });
        if (alive.length === 0) return;
        if (Date.now() > deadline) throw new Error(`processes ${alive.join(", ")} survived SIGKILL for ${timeoutMs} ms`);
        await sleep(100);
    }
}
