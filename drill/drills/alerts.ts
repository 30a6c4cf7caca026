/**
 * Drill 6: the alerts fire on real PostgreSQL, and clear. A primary archiving to s3rver with two
 * streaming standbys (the stack's synchronous quorum), each scraped by Debian's
 * prometheus-postgres-exporter running CloudNativePG's metric queries (./alerts/queries.ts), and a
 * real Prometheus evaluating the monitoring tier's rules as rendered for this stack:
 * - the object store is stopped: FhirHaWalArchivingFailing (and FhirHaWalArchiveStale) fire; it
 *   returns: they clear;
 * - both standbys are stopped: FhirHaSynchronousStandbyMissing fires; they return: it clears.
 * The rules are rendered from the stack's config with walArchiveTimeout scaled to DRILL_ARCHIVE_TIMEOUT
 * (through the same validator, as the delayed replica's delay is) and every `for:` capped at
 * DRILL_MAX_FOR_SECONDS; everything else is the deployed expression.
 */
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { validateConfig } from "../../src/validation";
import { alertRuleGroups } from "../../src/monitoring/rules";
import { ActiveAlert, firing, parseAlerts, prometheusConfig, ruleFile } from "../alerts/prometheus";
import { cnpgQueriesForExporter, DRILL_QUERIES } from "../alerts/queries";
import { DrillContext } from "../context";
import { startS3rver } from "../object-stores";
import { primaryConnInfo } from "../pg-conf";
import { makeOwnedDir, PgNode } from "../postgres";
import { waitForPort } from "../ports";
import { DrillResult } from "../report";
import { clusterArchive, synchronousNamesFor } from "../settings";
import { sleep } from "../wait";
import { archivingSettings } from "./pitr";

export const ALERTS = "alerts-fire-and-clear";
/** archive_timeout for the drill: the WAL alerts' thresholds are multiples of it. */
export const DRILL_ARCHIVE_TIMEOUT = "10s";
/** Every rule's `for:` is capped at this in the drill (deployed rules keep the config's values). */
export const DRILL_MAX_FOR_SECONDS = 5;
/** Scrape and evaluation interval of the drill's Prometheus. */
const INTERVAL_SECONDS = 1;
/** How long an alert may take to fire or clear before the check fails. */
const ALERT_TIMEOUT_MS = 90_000;

function asObject(value: unknown): Record<string, unknown> {
    if (typeof value === "string" && value.trim().startsWith("{")) return JSON.parse(value) as Record<string, unknown>;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The stack's config with only walArchiveTimeout scaled down, validated like any config. */
export function drillAlertConfig(ctx: DrillContext) {
    const raw = ctx.settings.stack.raw;
    const scaled = { ...raw, backup: { ...asObject(raw.backup), walArchiveTimeout: DRILL_ARCHIVE_TIMEOUT } };
    return validateConfig(scaled, { region: ctx.settings.stack.region, secretsSet: ctx.settings.stack.secretsSet });
}

interface Transition {
    alert: string;
    event: string;
    firedAfterSeconds?: number;
    clearedAfterSeconds?: number;
}

export async function alertsDrill(ctx: DrillContext): Promise<DrillResult> {
    const s = ctx.settings;
    if (s.instances.length < 3) throw new Error(`fhir-ha:database.instances is ${s.instances.length}; this drill needs a primary and 2 standbys`);
    if (s.config.database.synchronousReplicas < 1) throw new Error("fhir-ha:database.synchronousReplicas is 0: there is no synchronous standby alert to drill");
    const rt = ctx.rt;
    const config = drillAlertConfig(ctx);
    const namespace = config.namespace;
    const cluster = s.names.primaryCluster;

    // The object store, restartable on the same port and data dir.
    const storePort = await ctx.ports.next();
    const region = s.config.kubernetes.s3Region || "us-east-1";
    const startStore = async () => {
        const before = new Set(rt.supervisor.pids);
        const store = await startS3rver({ supervisor: rt.supervisor, root: rt.root, port: storePort, bucket: s.bucket, region });
        const pid = rt.supervisor.pids.find((p) => !before.has(p));
        if (pid === undefined) throw new Error("s3rver started without a PID");
        return { store, pid };
    };
    let { store, pid: storePid } = await startStore();
    const archive = clusterArchive(s, store, cluster);

    // Primary and standbys, with the stack's synchronous quorum and the scaled archive timeout.
    const nodes: PgNode[] = [];
    for (const name of s.instances) nodes.push(await ctx.node(name));
    const [primary, ...standbys] = nodes;
    const settingsFor = (node: PgNode) => ({
        ...archivingSettings(ctx, node, archive),
        archive_timeout: DRILL_ARCHIVE_TIMEOUT,
        synchronous_standby_names: synchronousNamesFor(s, node.name),
    });
    await primary.initdb();
    primary.configure(settingsFor(primary));
    await primary.start(store.env);
    for (const standby of standbys) {
        await standby.basebackupFrom(primary);
        standby.configure({ ...settingsFor(standby), primary_conninfo: primaryConnInfo(primary.port, standby.name) });
        standby.markStandby();
        await standby.start(store.env);
    }
    await primary.waitFor("SELECT count(*) FROM pg_stat_replication", String(standbys.length), 30_000, "standbys streaming");
    await primary.sql("CREATE TABLE drill_alerts (id serial PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())");
    ctx.log(`primary ${primary.name} archives to ${archive.store.destinationPath} (archive_timeout ${DRILL_ARCHIVE_TIMEOUT}); standbys ${standbys.map((n) => n.name).join(", ")} stream`);

    // Exporters: one per instance, like CNPG's exporter in every pod.
    const dir = path.join(rt.root, "monitoring");
    makeOwnedDir(dir, rt.user);
    const override = process.env.CNPG_MONITORING_QUERIES;
    const queries = override ? cnpgQueriesForExporter(fs.readFileSync(override, "utf8")) : DRILL_QUERIES;
    const queriesFile = path.join(dir, "queries.yaml");
    fs.writeFileSync(queriesFile, stringify(queries));
    const targets: { pod: string; port: number }[] = [];
    for (const node of nodes) {
        const port = await ctx.ports.next();
        rt.supervisor.start(
            `exporter-${node.name}`,
            "prometheus-postgres-exporter",
            [
                `--web.listen-address=127.0.0.1:${port}`,
                `--extend.query-path=${queriesFile}`,
                "--disable-default-metrics",
                "--disable-settings-metrics",
                "--no-collector.database",
                "--no-collector.bgwriter",
                "--log.level=warn",
            ],
            {
                env: { ...rt.env, DATA_SOURCE_NAME: `host=127.0.0.1 port=${node.port} user=postgres dbname=postgres sslmode=disable` },
                logFile: path.join(dir, `exporter-${node.name}.log`),
                ...(rt.user ?? {}),
            },
        );
        targets.push({ pod: node.name, port });
    }
    for (const t of targets) await waitForPort(t.port, 30_000);

    // Prometheus with the rules as this stack renders them (archive timeout scaled, for: capped).
    const groups = alertRuleGroups(config, { maxForSeconds: DRILL_MAX_FOR_SECONDS });
    const rules = path.join(dir, "rules.yaml");
    fs.writeFileSync(rules, stringify(ruleFile(groups, INTERVAL_SECONDS)));
    const promConfig = path.join(dir, "prometheus.yml");
    fs.writeFileSync(promConfig, stringify(prometheusConfig({ namespace, cluster, targets, ruleFile: rules, intervalSeconds: INTERVAL_SECONDS })));
    const tsdb = path.join(dir, "tsdb");
    makeOwnedDir(tsdb, rt.user);
    const promPort = await ctx.ports.next();
    rt.supervisor.start(
        "prometheus",
        "prometheus",
        [`--config.file=${promConfig}`, `--storage.tsdb.path=${tsdb}`, `--web.listen-address=127.0.0.1:${promPort}`, "--log.level=warn"],
        { env: rt.env, logFile: path.join(dir, "prometheus.log"), ...(rt.user ?? {}) },
    );
    await waitForPort(promPort, 60_000);
    const alerts = async (): Promise<ActiveAlert[]> => {
        const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/alerts`);
        return parseAlerts(await res.json());
    };
    const scraped = async () => {
        const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent('count(cnpg_pg_stat_archiver_last_archived_time{pod="' + primary.name + '"} > 0)')}`);
        const body = (await res.json()) as { data?: { result?: unknown[] } };
        return (body.data?.result ?? []).length > 0;
    };
    const until = async (what: string, cond: (a: ActiveAlert[]) => boolean, tick?: () => Promise<void>) => {
        const t0 = Date.now();
        for (;;) {
            if (tick) await tick();
            if (cond(await alerts())) return Math.round((Date.now() - t0) / 100) / 10;
            if (Date.now() - t0 > ALERT_TIMEOUT_MS) throw new Error(`${what}: not seen within ${ALERT_TIMEOUT_MS / 1000} s; alerts: ${JSON.stringify(await alerts())}`);
            await sleep(500);
        }
    };
    // WAL keeps coming: one commit and a segment switch per tick, as a busy FHIR server would make.
    const writeWal = async () => {
        await primary.sql("INSERT INTO drill_alerts DEFAULT VALUES; SELECT pg_switch_wal();");
    };

    const t0 = Date.now();
    await writeWal();
    while (!(await scraped())) {
        if (Date.now() - t0 > ALERT_TIMEOUT_MS) throw new Error("Prometheus never scraped an archived segment from the primary's exporter");
        await sleep(500);
    }
    const quietBefore = (await alerts()).filter((a) => a.state === "firing" && a.name !== "FhirHaWatchdog").map((a) => a.name);
    ctx.log(`Prometheus on 127.0.0.1:${promPort} scrapes ${targets.length} exporters every ${INTERVAL_SECONDS} s; ${groups.flatMap((g) => g.rules).length} rules; firing before the faults: ${quietBefore.join(", ") || "none"}`);

    const transitions: Transition[] = [];
    const walAlerts = ["FhirHaWalArchivingFailing", "FhirHaWalArchiveStale"];

    ctx.log(`object store stopped (s3rver PID ${storePid}); one commit and a WAL switch per half second`);
    await rt.supervisor.stop(storePid);
    const stoppedAt = Date.now();
    const fired: Record<string, number> = {};
    await until(`${walAlerts.join(" and ")} firing`, (a) => {
        for (const name of walAlerts) if (fired[name] === undefined && firing(a, name).length > 0) fired[name] = Math.round((Date.now() - stoppedAt) / 100) / 10;
        return walAlerts.every((n) => fired[n] !== undefined);
    }, writeWal);
    const failedCount = await primary.sql("SELECT failed_count FROM pg_stat_archiver");
    ctx.log(`fired: ${walAlerts.map((n) => `${n} after ${fired[n]} s`).join(", ")}; pg_stat_archiver.failed_count = ${failedCount}`);

    ({ store, pid: storePid } = await startStore());
    const returnedAt = Date.now();
    ctx.log(`object store back (s3rver PID ${storePid}, same port and data)`);
    await until(`${walAlerts.join(" and ")} cleared`, (a) => walAlerts.every((n) => firing(a, n).length === 0), writeWal);
    const walCleared = Math.round((Date.now() - returnedAt) / 100) / 10;
    for (const n of walAlerts) transitions.push({ alert: n, event: "object store stopped, then back", firedAfterSeconds: fired[n], clearedAfterSeconds: walCleared });
    ctx.log(`cleared after ${walCleared} s`);

    const syncAlert = "FhirHaSynchronousStandbyMissing";
    ctx.log(`standbys ${standbys.map((n) => n.name).join(", ")} stopped (fast shutdown); writes now wait for the quorum`);
    for (const standby of standbys) await standby.stop();
    const standbysStoppedAt = Date.now();
    await until(`${syncAlert} firing`, (a) => firing(a, syncAlert).length > 0);
    const syncFired = Math.round((Date.now() - standbysStoppedAt) / 100) / 10;
    const blocked = await primary.sql("SELECT count(*) FROM pg_stat_replication");
    ctx.log(`${syncAlert} fired after ${syncFired} s (streaming standbys: ${blocked})`);

    const standbysBackAt = Date.now();
    for (const standby of standbys) await standby.start(store.env);
    await until(`${syncAlert} cleared`, (a) => firing(a, syncAlert).length === 0);
    const syncCleared = Math.round((Date.now() - standbysBackAt) / 100) / 10;
    transitions.push({ alert: syncAlert, event: "both standbys stopped, then started", firedAfterSeconds: syncFired, clearedAfterSeconds: syncCleared });
    ctx.log(`${syncAlert} cleared ${syncCleared} s after the standbys were started (start included)`);

    const firingAtEnd = (await alerts()).filter((a) => a.state === "firing" && a.name !== "FhirHaWatchdog").map((a) => `${a.name}{pod=${a.labels.pod ?? ""}}`);
    const rows = Number(await primary.sql("SELECT count(*) FROM drill_alerts"));
    for (const n of nodes) await n.stop();

    return {
        name: ALERTS,
        passed: transitions.length === 3 && quietBefore.length === 0,
        rowsWritten: rows,
        rowsLost: 0,
        seconds: 0,
        details: {
            transitions,
            firingBeforeFaults: quietBefore,
            firingAtEnd,
            failedArchiveAttempts: Number(failedCount),
            rulesEvaluated: groups.flatMap((g) => g.rules.map((r) => r.alert)),
            queries: override ? `CloudNativePG's own (${override}), prefixed cnpg_` : "drill/alerts/queries.ts (CloudNativePG's metric contract)",
            archiveTimeout: DRILL_ARCHIVE_TIMEOUT,
            maxForSeconds: DRILL_MAX_FOR_SECONDS,
            differsFromCnpg: [
                "Debian's prometheus-postgres-exporter stands in for CloudNativePG's instance manager exporter; the SQL-derived series (cnpg_pg_stat_archiver_*, cnpg_pg_replication_*) have the same names, columns and meaning.",
                "cnpg_collector_pg_wal_archive_status{value=\"ready\"} comes from the instance manager in the cluster (a directory listing); here the same count comes from pg_ls_archive_statusdir() over SQL.",
                "Series carry namespace / cnpg_cluster / pod as static scrape labels, as the PodMonitor's relabelling gives them in the cluster.",
                `archive_timeout is ${DRILL_ARCHIVE_TIMEOUT} instead of the stack's ${s.config.backup.walArchiveTimeout}, and every for: is capped at ${DRILL_MAX_FOR_SECONDS} s; the expressions are the deployed ones.`,
            ],
        },
    };
}
