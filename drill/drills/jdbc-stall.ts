/**
 * Drill: a database connection that stops answering does not hold a FHIR request forever. When a
 * primary's node is lost, its TCP connections get no reset, and a query on one waits for an answer
 * that never comes. The FHIR tier bounds that wait with pgjdbc's `socketTimeout`
 * (docs/fhir-server.md, "Pools, timeouts and the connection budget"). Here, with the real driver
 * (Debian's libpostgresql-jdbc-java) and the JDBC URL the package renders for HAPI
 * (`jdbcUrl` of src/fhir/hapi-env.ts):
 * - the backend serving the connection is frozen (SIGSTOP): the kernel still holds the socket
 *   open, but nothing answers, as with a peer that vanished;
 * - with the timeout, the query fails after it, and a new connection (what the pool opens next)
 *   works once the server answers again;
 * - without it (`socketTimeout=0`, pgjdbc's "no limit"), the same query is still waiting at three
 *   times the timeout, and returns only when the backend is resumed: the bound is the setting's.
 */
import { ChildProcessWithoutNullStreams, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import { jdbcUrl } from "../../src/fhir/hapi-env";
import { DrillContext } from "../context";
import { run } from "../exec";
import { baseSettings } from "../pg-conf";
import { DrillResult } from "../report";

export const JDBC_STALL = "jdbc-socket-timeout-bounds-a-stalled-query";
/** The drill's socket timeout, in seconds: short, so the drill is quick; the deployed default is 120. */
export const DRILL_SOCKET_TIMEOUT_SECONDS = 3;
/** Debian's pgjdbc (package libpostgresql-jdbc-java). */
export const PGJDBC_JAR = "/usr/share/java/postgresql.jar";
const CLIENT_SOURCE = path.join(__dirname, "..", "jdbc", "StallClient.java");

/** One pgjdbc connection in a JVM, queried line by line (drill/jdbc/StallClient.java). */
class JdbcClient {
    private readonly lines: string[] = [];
    private waiter?: () => void;
    private stderr = "";
    /** Set once the JVM has exited and its output is read to the end ('close', after stdout's last line). */
    private closed = false;
    /** The server process serving this connection (pg_backend_pid()), once connected. */
    backendPid = 0;

    private constructor(private readonly child: ChildProcessWithoutNullStreams) {
        child.stderr.on("data", (d: Buffer) => (this.stderr += d.toString()));
        readline.createInterface({ input: child.stdout }).on("line", (line) => {
            this.lines.push(line);
            this.waiter?.();
        });
        child.on("close", () => {
            this.closed = true;
            this.waiter?.();
        });
    }

    static async connect(url: string): Promise<JdbcClient> {
        const client = new JdbcClient(spawn("java", ["-cp", PGJDBC_JAR, CLIENT_SOURCE, url], { stdio: ["pipe", "pipe", "pipe"] }));
        // A cold JVM compiles the client first: allow a minute.
        const first = await client.answer(60_000);
        const pid = /^pid (\d+)$/.exec(first ?? "");
        if (!pid) {
            client.close();
            throw new Error(`StallClient did not connect (${url}): ${first ?? "no answer"} ${client.stderr.trim().slice(-1500)}`);
        }
        client.backendPid = Number(pid[1]);
        return client;
    }

    /** Sends one query; its answer comes from `answer`. */
    query(): void {
        this.child.stdin.write("SELECT 1\n");
    }

    /** The next line the client printed, or undefined when none came within `ms`. */
    async answer(ms: number): Promise<string | undefined> {
        const deadline = Date.now() + ms;
        while (!this.lines.length && Date.now() < deadline && !this.closed) {
            await new Promise<void>((resolve) => {
                this.waiter = resolve;
                setTimeout(resolve, Math.min(100, Math.max(1, deadline - Date.now())));
            });
        }
        return this.lines.shift();
    }

    close(): void {
        this.child.stdin.end();
        this.child.kill("SIGKILL");
    }
}

/** Milliseconds from a reported answer line ("ok 12", "error 3004 08006 ..."). */
function answerMs(line: string | undefined): number | undefined {
    const m = /^(?:ok|error) (\d+)/.exec(line ?? "");
    return m ? Number(m[1]) : undefined;
}

function signal(pid: number, sig: NodeJS.Signals): void {
    try {
        process.kill(pid, sig);
    } catch {
        /* the backend is gone already */
    }
}

export async function jdbcStallDrill(ctx: DrillContext): Promise<DrillResult> {
    if (!fs.existsSync(PGJDBC_JAR)) throw new Error(`${PGJDBC_JAR} missing: run drill/install-deps.sh (Debian libpostgresql-jdbc-java)`);
    const node = await ctx.node(ctx.settings.instances[0]);
    await node.initdb();
    node.configure(baseSettings(node.port));
    await node.start();
    const timeoutMs = DRILL_SOCKET_TIMEOUT_SECONDS * 1000;
    const bounded = jdbcUrl("127.0.0.1", node.port, "postgres", DRILL_SOCKET_TIMEOUT_SECONDS);
    const unbounded = jdbcUrl("127.0.0.1", node.port, "postgres", 0);
    const clients: JdbcClient[] = [];
    const frozen = new Set<number>();
    const freeze = (pid: number) => {
        frozen.add(pid);
        signal(pid, "SIGSTOP");
    };
    const thaw = (pid: number) => {
        frozen.delete(pid);
        signal(pid, "SIGCONT");
    };
    try {
        ctx.log(`JDBC URL (the package's jdbcUrl, socket timeout ${DRILL_SOCKET_TIMEOUT_SECONDS} s): ${bounded}`);
        const a = await JdbcClient.connect(bounded);
        clients.push(a);
        a.query();
        const healthy = await a.answer(10_000);
        freeze(a.backendPid);
        a.query();
        const stalled = await a.answer(timeoutMs + 10_000);
        thaw(a.backendPid);
        ctx.log(`backend ${a.backendPid} frozen: the query answered "${stalled ?? "(nothing)"}"`);

        const b = await JdbcClient.connect(bounded);
        clients.push(b);
        b.query();
        const reconnected = await b.answer(10_000);
        ctx.log(`new connection after the backend resumed: "${reconnected ?? "(nothing)"}"`);

        const c = await JdbcClient.connect(unbounded);
        clients.push(c);
        freeze(c.backendPid);
        c.query();
        const waitedMs = 3 * timeoutMs;
        const stillWaiting = (await c.answer(waitedMs)) === undefined;
        thaw(c.backendPid);
        const afterResume = await c.answer(10_000);
        ctx.log(`socketTimeout=0: ${stillWaiting ? "still waiting" : "ANSWERED"} after ${waitedMs / 1000} s; after SIGCONT: "${afterResume ?? "(nothing)"}"`);

        const failedAfter = answerMs(stalled);
        const boundedOk = stalled?.startsWith("error ") === true && failedAfter !== undefined && failedAfter >= timeoutMs * 0.9 && failedAfter <= timeoutMs + 5_000;
        const pgjdbc = await run("dpkg-query", ["-W", "-f", "${Version}", "libpostgresql-jdbc-java"], { timeoutMs: 10_000 });
        return {
            name: JDBC_STALL,
            passed: healthy?.startsWith("ok ") === true && boundedOk && reconnected?.startsWith("ok ") === true && stillWaiting && afterResume?.startsWith("ok ") === true,
            rowsWritten: 0,
            rowsLost: 0,
            seconds: 0,
            details: {
                jdbcUrl: bounded,
                pgjdbc: pgjdbc.code === 0 ? `Debian libpostgresql-jdbc-java ${pgjdbc.stdout.trim()}` : "unknown",
                socketTimeoutSeconds: DRILL_SOCKET_TIMEOUT_SECONDS,
                stalledQuery: stalled ?? null,
                stalledQueryFailedAfterMs: failedAfter ?? null,
                newConnectionAfterResume: reconnected ?? null,
                withoutTimeout: { waitedMs, stillWaiting, afterResume: afterResume ?? null },
                differsFromTheCluster: [
                    `Socket timeout ${DRILL_SOCKET_TIMEOUT_SECONDS} s instead of the deployed fhir.dbSocketTimeout (default 120 s), so the drill is quick; the setting and the URL are the package's.`,
                    "The backend process is frozen with SIGSTOP on one machine: its kernel keeps the TCP connection open and acknowledges data, but nothing answers. A lost node also answers nothing (the client's kernel retransmits instead), and the read waits the same way; the socket timeout is what ends both.",
                    "Debian's pgjdbc 42.5 stands in for the 42.7 line the HAPI image bundles; socketTimeout has the same meaning in both (seconds, 0 = no limit). Aidbox receives the same parameter as AIDBOX_DB_PARAM_SOCKET_TIMEOUT, which this drill cannot run (no Aidbox image here).",
                ],
            },
        };
    } finally {
        for (const pid of frozen) signal(pid, "SIGCONT");
        for (const client of clients) client.close();
        await node.stop();
    }
}
