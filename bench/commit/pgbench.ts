/**
 * The workload of `npm run bench:commit`: pgbench with a one-statement script, a single-row
 * INSERT that commits on its own (autocommit), from N clients for a fixed time, with
 * per-transaction logging so the percentiles come from every commit, not pgbench's average.
 */
import * as fs from "fs";
import * as path from "path";
import { runOk } from "../../drill/exec";
import { PgNode, PgRuntime, makeOwnedDir } from "../../drill/postgres";
import { latenciesFromLog, percentile } from "./model";

export const BENCH_TABLE = "commit_bench";

/** A FHIR-shaped row: a resource id, a version and a JSON body of about 600 bytes. */
export const CREATE_TABLE = `CREATE TABLE ${BENCH_TABLE} (id bigserial PRIMARY KEY, resource_id uuid NOT NULL, txid bigint NOT NULL, ts timestamptz NOT NULL DEFAULT now(), resource jsonb NOT NULL)`;
const INSERT = `INSERT INTO ${BENCH_TABLE} (resource_id, txid, resource) VALUES (gen_random_uuid(), txid_current(), jsonb_build_object('resourceType', 'Observation', 'status', 'final', 'note', repeat('x', 512)));`;

export interface WorkloadResult {
    transactions: number;
    commitsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
}

export async function runInserts(rt: PgRuntime, primary: PgNode, dir: string, clients: number, seconds: number): Promise<WorkloadResult> {
    makeOwnedDir(dir, rt.user);
    const script = path.join(dir, "insert.sql");
    fs.writeFileSync(script, INSERT + "\n");
    const jobs = Math.min(clients, 2);
    const out = await runOk(
        path.join(rt.bin, "pgbench"),
        ["-n", "-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-c", String(clients), "-j", String(jobs), "-T", String(seconds), "-f", script, "-l", `--log-prefix=${path.join(dir, "tx")}`, "postgres"],
        { env: rt.env, cwd: dir, timeoutMs: (seconds + 60) * 1000 },
    );
    const latencies = fs
        .readdirSync(dir)
        .filter((f) => f.startsWith("tx."))
        .flatMap((f) => latenciesFromLog(fs.readFileSync(path.join(dir, f), "utf8")))
        .sort((a, b) => a - b);
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    if (!tps) throw new Error(`pgbench printed no tps line:\n${out.slice(-1000)}`);
    if (latencies.length === 0) throw new Error("pgbench logged no transaction");
    return { transactions: latencies.length, commitsPerSecond: Number(tps[1]), p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
