/**
 * The SQL-derived CloudNativePG metrics the alerts read, as queries for Debian's
 * prometheus-postgres-exporter, whose queries.yaml format CloudNativePG's own is derived from.
 *
 * CloudNativePG names a query's metrics `cnpg_<query>_<column>` (docs/src/monitoring.md, "User
 * defined metrics"); postgres_exporter names them `<query>_<column>`, so every query key here
 * carries the `cnpg_` prefix and the series come out named exactly as in a cluster.
 *
 * By default the drill runs the queries below, written for this project to CloudNativePG's
 * metric contract (the query names, columns and meaning of `pg_stat_archiver` and
 * `pg_replication` in the operator's config/manager/default-monitoring.yaml, the
 * `cnpg-default-monitoring` ConfigMap). Set CNPG_MONITORING_QUERIES to the `queries` text of that
 * ConfigMap (`kubectl get configmap cnpg-default-monitoring -n cnpg-system -o jsonpath='{.data.queries}'`)
 * and the drill runs the operator's own queries instead, prefixed the same way.
 *
 * One series the alerts read comes from the instance manager, not SQL:
 * `cnpg_collector_pg_wal_archive_status{value="ready"}` (it counts files in
 * pg_wal/archive_status). Its stand-in here counts the same files through SQL
 * (pg_ls_archive_statusdir(), PostgreSQL 12+, allowed to pg_monitor).
 */
import { parse } from "yaml";

export interface ExporterQuery {
    query: string;
    master?: boolean;
    metrics: Record<string, { usage: string; description: string }>[];
}

const gauge = (description: string) => ({ usage: "GAUGE", description });
const counter = (description: string) => ({ usage: "COUNTER", description });
const label = (description: string) => ({ usage: "LABEL", description });

/** Epoch seconds of a timestamp column, -1 when it is null (as CloudNativePG reports "never"). */
const epochOrNever = (column: string) => `coalesce(extract(epoch FROM ${column}), -1)`;

export const DRILL_QUERIES: Record<string, ExporterQuery> = {
    cnpg_pg_stat_archiver: {
        query: [
            "SELECT archived_count, failed_count,",
            `  coalesce(extract(epoch FROM now() - last_archived_time), -1) AS seconds_since_last_archival,`,
            `  coalesce(extract(epoch FROM now() - last_failed_time), -1) AS seconds_since_last_failure,`,
            `  ${epochOrNever("last_archived_time")} AS last_archived_time,`,
            `  ${epochOrNever("last_failed_time")} AS last_failed_time`,
            "FROM pg_catalog.pg_stat_archiver",
        ].join("\n"),
        metrics: [
            { archived_count: counter("WAL segments archived") },
            { failed_count: counter("failed attempts to archive a WAL segment") },
            { seconds_since_last_archival: gauge("seconds since the last successful archival") },
            { seconds_since_last_failure: gauge("seconds since the last failed archival") },
            { last_archived_time: gauge("epoch of the last successful archival") },
            { last_failed_time: gauge("epoch of the last failed archival") },
        ],
    },
    cnpg_pg_replication: {
        query: [
            "SELECT CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0",
            "         ELSE greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp())) END AS lag,",
            "       pg_is_in_recovery()::int AS in_recovery,",
            "       (SELECT count(*) FROM pg_stat_wal_receiver) > 0 AS is_wal_receiver_up,",
            "       (SELECT count(*) FROM pg_stat_replication) AS streaming_replicas",
        ].join("\n"),
        metrics: [
            { lag: gauge("seconds the standby's replay is behind") },
            { in_recovery: gauge("1 on a standby") },
            { is_wal_receiver_up: gauge("1 when the WAL receiver streams") },
            { streaming_replicas: gauge("standbys streaming from this instance") },
        ],
    },
    // Stand-in for the instance manager's cnpg_collector_pg_wal_archive_status{value=ready|done}.
    cnpg_collector_pg_wal: {
        query: [
            "SELECT s.value, count(f.name) AS archive_status",
            "FROM (VALUES ('ready'), ('done')) AS s(value)",
            "LEFT JOIN pg_ls_archive_statusdir() f ON f.name LIKE '%.' || s.value",
            "GROUP BY s.value",
        ].join("\n"),
        metrics: [{ value: label("ready | done") }, { archive_status: gauge("files in pg_wal/archive_status") }],
    },
};

/**
 * CloudNativePG's queries text (the ConfigMap's `queries`) with every query renamed to the name
 * CloudNativePG's exporter gives it: `cnpg_` + its `name` override or its key. The instance
 * manager's own series (cnpg_collector_*) still come from the stand-in above.
 */
export function cnpgQueriesForExporter(text: string): Record<string, unknown> {
    const doc = parse(text) as Record<string, Record<string, unknown>>;
    const out: Record<string, unknown> = {};
    for (const [key, q] of Object.entries(doc ?? {})) {
        const { name, ...rest } = q;
        out[`cnpg_${typeof name === "string" ? name : key}`] = rest;
    }
    return { ...out, cnpg_collector_pg_wal: DRILL_QUERIES.cnpg_collector_pg_wal };
}

/** Metric names a queries document produces (`<key>_<non-label column>`). */
export function exportedMetricNames(queries: Record<string, unknown>): string[] {
    return Object.entries(queries).flatMap(([key, q]) =>
        ((q as ExporterQuery).metrics ?? []).flatMap((m) =>
            Object.entries(m)
                .filter(([, spec]) => spec.usage !== "LABEL")
                .map(([column]) => `${key}_${column}`),
        ),
    );
}
