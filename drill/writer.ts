/**
 * A few clients that each commit rows one at a time, as fast as a fresh connection per commit
 * allows, and remember which ids the server acknowledged (several, so that commits are in flight
 * at the moment of a failure). It connects the way the FHIR server reaches
 * the `-rw` service: libpq tries every instance and keeps the one that accepts writes
 * (target_session_attrs=read-write), so after a failover it finds the new primary by itself.
 *
 * An id is counted as acknowledged only when psql exits 0, i.e. COMMIT returned; with
 * synchronous_commit=on and an ANY-n quorum that means n standbys flushed it. A failed or
 * timed-out attempt never reuses its id, because it may have committed without the answer
 * reaching us (those rows may exist; they are simply not promised).
 */
import * as path from "path";
import { run } from "./exec";
import { sleep } from "./wait";

export interface Ack {
    id: number;
    /** When the attempt began (epoch ms). */
    startedAt: number;
    /** When COMMIT was acknowledged (epoch ms). */
    at: number;
}

/** A libpq multi-host connection string that lands on whichever server is writable. */
export function readWriteConnInfo(ports: number[], connectTimeoutSeconds = 2): string {
    if (ports.length === 0) throw new Error("readWriteConnInfo needs at least one port");
    return [
        `host=${ports.map(() => "127.0.0.1").join(",")}`,
        `port=${ports.join(",")}`,
        "user=postgres",
        "dbname=postgres",
        "target_session_attrs=read-write",
        `connect_timeout=${connectTimeoutSeconds}`,
    ].join(" ");
}

export class Writer {
    readonly acks: Ack[] = [];
    attempts = 0;
    failures = 0;
    private nextId = 1;
    private running = false;
    private loops: Promise<void>[] = [];

    constructor(
        private readonly psql: string,
        private readonly env: NodeJS.ProcessEnv,
        private readonly table: string,
        /** A commit waiting longer than this (e.g. for a synchronous standby) is abandoned. */
        private readonly attemptTimeoutMs = 5_000,
        /** Pause between commits, to leave CPU to the servers on a shared machine. */
        private readonly pauseMs = 10,
    ) {}

    static forBin(bin: string, env: NodeJS.ProcessEnv, table: string): Writer {
        return new Writer(path.join(bin, "psql"), env, table);
    }

    /** Starts `clients` concurrent committers (ids are shared, so every attempt has its own id). */
    start(connInfo: string, clients = 3): void {
        if (this.running) return;
        this.running = true;
        this.loops = Array.from({ length: clients }, () => this.writeLoop(connInfo));
    }

    async stop(): Promise<void> {
        this.running = false;
        await Promise.all(this.loops);
    }

    /**
     * When the first commit begun after `since` was acknowledged. Attempts begun earlier do not
     * count: a commit already on its way to the old primary may be acknowledged a moment after
     * the kill, which says nothing about the new primary.
     */
    firstAckStartedAfter(since: number): number | undefined {
        return this.acks.find((a) => a.startedAt > since)?.at;
    }

    ackedIds(): number[] {
        return this.acks.map((a) => a.id);
    }

    private async writeLoop(connInfo: string): Promise<void> {
        while (this.running) {
            const id = this.nextId++;
            const startedAt = Date.now();
            this.attempts++;
            const r = await run(this.psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", connInfo, "-c", `INSERT INTO ${this.table} (id) VALUES (${id})`], {
                env: this.env,
                timeoutMs: this.attemptTimeoutMs,
            });
            if (r.code === 0) this.acks.push({ id, startedAt, at: Date.now() });
            else this.failures++;
            await sleep(r.code === 0 ? this.pauseMs : 50);
        }
    }
}
