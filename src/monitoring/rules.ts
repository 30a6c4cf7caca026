/**
 * The alert rules, as plain Prometheus rule groups rendered from config: what fires, when, how
 * bad it is, and which runbook opens. The same groups go into a PrometheusRule (Prometheus
 * Operator), a ClusterRules (Google Managed Prometheus), the promtool unit tests and the drill's
 * Prometheus, so what is tested is what is deployed.
 *
 * Metric names are the exporters' own:
 * - CloudNativePG's instance exporter (:9187 `metrics`): `cnpg_pg_*` from the default monitoring
 *   queries (SQL, config/manager/default-monitoring.yaml) and `cnpg_collector_*` from the
 *   instance manager (docs/src/monitoring.md, "Predefined set of metrics");
 * - the Barman Cloud plugin, through the same endpoint: `barman_cloud_cloudnative_pg_io_*`
 *   (plugin-barman-cloud internal/cnpgi/instance/metrics.go);
 * - kube-state-metrics (`kube_deployment_*`, `kube_node_status_condition`), the kubelet
 *   (`kubelet_volume_stats_*`) and cert-manager (`certmanager_certificate_*`).
 * Every series carries `namespace` and `job`; CNPG series also `cnpg_cluster` (relabelled from the
 * pod's `cnpg.io/cluster` label; not `cluster`, which Google Managed Prometheus reserves).
 */
import { isStandby } from "../config/standby";
import { FhirHaConfig } from "../config/types";
import { databaseTopology } from "../database/topology";
import { OPERATOR_NAMESPACE } from "../database/constants";
import { FHIR_SERVER_NAME } from "../names";
import { JOBS, OPERATOR_DEPLOYMENT, PLUGIN_DEPLOYMENT } from "./constants";
import { alertThresholds, ARCHIVE_TIMEOUTS_BEFORE_STALE, BASE_BACKUP_MARGIN_SECONDS, promDuration } from "./thresholds";

export interface AlertRule {
    alert: string;
    expr: string;
    for: string;
    labels: { severity: string };
    annotations: { summary: string; description: string; runbook_url: string };
}

export interface RuleGroup {
    name: string;
    rules: AlertRule[];
}

export interface RuleRenderOptions {
    /**
     * Test and drill only: caps every `for:` at this many seconds so an alert is seen in a
     * bounded time. Deployed rules never set it; their `for:` values come from config.
     */
    maxForSeconds?: number;
}

/** The runbooks alerts open (docs/runbooks/), by file name. */
export const RUNBOOKS = {
    failover: "automatic-failover.md",
    zoneLoss: "zone-loss.md",
    regionLoss: "region-loss.md",
    backupFailure: "backup-failure.md",
    delayedReplica: "delayed-replica-rescue.md",
};

/** The runbooks of unplanned events: each must be opened by at least one alert (checklist rule). */
export const UNPLANNED_EVENT_RUNBOOKS = [RUNBOOKS.failover, RUNBOOKS.zoneLoss, RUNBOOKS.regionLoss, RUNBOOKS.backupFailure];

const sel = (labels: Record<string, string>) =>
    `{${Object.entries(labels)
        .map(([k, v]) => (v.startsWith("~") ? `${k}=~"${v.slice(1)}"` : `${k}="${v}"`))
        .join(",")}}`;
const anyOf = (names: string[]) => `~${names.join("|")}`;

export function alertRuleGroups(config: FhirHaConfig, opts: RuleRenderOptions = {}): RuleGroup[] {
    const t = alertThresholds(config);
    const topology = databaseTopology(config);
    const ns = config.namespace;
    const base = config.monitoring.runbookBaseUrl;
    const forText = (seconds: number) => promDuration(opts.maxForSeconds !== undefined ? Math.min(seconds, opts.maxForSeconds) : seconds);
    const rule = (
        alert: string,
        expr: string,
        forSeconds: number,
        severity: string,
        runbook: string,
        summary: string,
        description: string,
    ): AlertRule => ({
        alert,
        expr,
        for: forText(forSeconds),
        labels: { severity },
        annotations: { summary, description, runbook_url: `${base}${runbook}` },
    });

    const backedUp = topology.clusters.filter((c) => c.scheduledBackups).map((c) => c.name);
    const archiving = topology.clusters.filter((c) => c.archivesWal).map((c) => c.name);
    const replicated = topology.clusters.filter((c) => c.role !== "delayed");
    const delayed = topology.clusters.find((c) => c.role === "delayed");
    const pg = (clusters: string[]) => sel({ namespace: ns, cnpg_cluster: anyOf(clusters) });
    const replicatedNames = replicated.map((c) => c.name);
    const primaryOf = `on (namespace, pod) cnpg_pg_replication_in_recovery${pg(replicatedNames)} == 0`;

    const database: AlertRule[] = [
        rule(
            "FhirHaPostgresInstanceDown",
            `up${sel({ job: JOBS.postgres, namespace: ns })} == 0 or cnpg_collector_up${sel({ namespace: ns })} == 0`,
            300,
            "critical",
            RUNBOOKS.failover,
            "PostgreSQL instance {{ $labels.pod }} is down",
            "The instance's exporter or PostgreSQL itself has not answered for 5 minutes. CloudNativePG fails over a lost primary by itself; a lost standby reduces the synchronous quorum.",
        ),
    ];
    if (t.synchronousStandbys > 0) {
        database.push(
            rule(
                "FhirHaSynchronousStandbyMissing",
                `cnpg_pg_replication_streaming_replicas${pg(replicatedNames)} < ${t.synchronousStandbys} and ${primaryOf}`,
                60,
                "critical",
                RUNBOOKS.failover,
                "Writes to {{ $labels.cnpg_cluster }} are blocked: fewer than " + t.synchronousStandbys + " standby(s) stream from the primary",
                `The cluster commits only when ANY ${t.synchronousStandbys} standby confirms (dataDurability: required). With {{ $value }} streaming, every write waits: the FHIR server hangs until a standby returns.`,
            ),
        );
    }
    if (t.standbys > t.synchronousStandbys) {
        database.push(
            rule(
                "FhirHaStandbyMissing",
                `cnpg_pg_replication_streaming_replicas${pg(replicatedNames)} < ${t.standbys} and ${primaryOf}`,
                300,
                "warning",
                RUNBOOKS.zoneLoss,
                "{{ $labels.cnpg_cluster }} has {{ $value }} of " + t.standbys + " standbys streaming",
                "A standby is gone (node or zone loss): the cluster still commits, but one more loss blocks writes or leaves no failover target.",
            ),
        );
    }
    if (isStandby(config)) {
        // Every instance of a standby is in recovery, the designated primary fed from the archive
        // only: its lag is the archive's (now minus the last replayed commit, CNPG's default
        // pg_replication query), minutes by design, so FhirHaReplicationLag would always fire.
        // The least-lagging instance is the designated primary: the region pair's end-to-end lag
        // (archiving, the cloud's copy, replay), which the stated RPO bounds.
        database.push(
            rule(
                "FhirHaStandbyReplayLag",
                `min by (namespace, cnpg_cluster) (cnpg_pg_replication_lag${pg(replicatedNames)}) > ${t.standbyReplayLagSeconds}`,
                600,
                "warning",
                RUNBOOKS.regionLoss,
                "Standby {{ $labels.cnpg_cluster }} replays the other region's archive {{ $value | humanizeDuration }} late",
                `More than the stated RPO (${promDuration(t.standbyReplayLagSeconds)}: backup.walArchiveTimeout + the cloud's replication bound): a promotion now would lose more than stated. The copy in this region is late (check the other stack's replication), or replay is stuck (kubectl cnpg status). A primary without commits for as long also shows this lag.`,
            ),
        );
    } else if (t.standbys > 0) {
        database.push(
            rule(
                "FhirHaReplicationLag",
                `cnpg_pg_replication_lag${pg(replicatedNames)} > ${t.replicationLagSeconds} and on (namespace, pod) cnpg_pg_replication_in_recovery${pg(replicatedNames)} == 1`,
                300,
                "warning",
                RUNBOOKS.failover,
                "Standby {{ $labels.pod }} replays WAL {{ $value | humanizeDuration }} late",
                `More than the WAL archive timeout (${promDuration(t.replicationLagSeconds)}) behind: promoting this standby would lose more than the archive does.`,
            ),
        );
    }
    if (delayed) {
        database.push(
            rule(
                "FhirHaDelayedReplicaOutOfWindow",
                `(cnpg_pg_replication_lag${pg([delayed.name])} < ${t.delayedLagMinSeconds} or cnpg_pg_replication_lag${pg([delayed.name])} > ${t.delayedLagMaxSeconds})` +
                    ` and on (namespace, pod) cnpg_pg_replication_in_recovery${pg([delayed.name])} == 1`,
                1800,
                "warning",
                RUNBOOKS.delayedReplica,
                "The delayed replica's apply lag {{ $value | humanizeDuration }} is outside its window",
                `Configured delay ${promDuration(t.delaySeconds)}: the lag must stay between ${promDuration(t.delayedLagMinSeconds)} and ${promDuration(t.delayedLagMaxSeconds)}. Below, a mistake reaches the replica before anyone can stop it; above, it no longer replays the archive.`,
            ),
        );
    }
    database.push(
        rule(
            "FhirHaVolumeFilling",
            `kubelet_volume_stats_used_bytes${sel({ namespace: ns })} / kubelet_volume_stats_capacity_bytes${sel({ namespace: ns })} > ${t.volumeUsageRatio}`,
            600,
            "warning",
            RUNBOOKS.backupFailure,
            "Volume {{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full",
            "A full WAL volume stops writes; WAL piles up when archiving fails. Raise database.storageSize / walStorageSize (the StorageClass expands) and check archiving.",
        ),
        rule(
            "FhirHaCnpgOperatorDown",
            `kube_deployment_status_replicas_available${sel({ namespace: OPERATOR_NAMESPACE, deployment: OPERATOR_DEPLOYMENT })} < 1` +
                ` or up${sel({ job: JOBS.operator })} == 0`,
            300,
            "critical",
            RUNBOOKS.failover,
            "The CloudNativePG operator is down",
            "Without the operator there is no automatic failover, no scheduled backup and no self-healing of instances.",
        ),
        rule(
            "FhirHaBarmanPluginDown",
            `kube_deployment_status_replicas_available${sel({ namespace: OPERATOR_NAMESPACE, deployment: PLUGIN_DEPLOYMENT })} < 1`,
            300,
            "critical",
            RUNBOOKS.backupFailure,
            "The Barman Cloud plugin is down",
            "WAL archiving and backups go through the plugin: without it WAL piles up on the primary and no base backup is taken.",
        ),
    );

    const backups: AlertRule[] = [];
    if (backedUp.length > 0) {
        const plugin = (m: string) => `max by (namespace, cnpg_cluster) (barman_cloud_cloudnative_pg_io_${m}${pg(backedUp)})`;
        backups.push(
            rule(
                "FhirHaBaseBackupTooOld",
                `time() - ${plugin("last_available_backup_timestamp")} > ${t.baseBackupMaxAgeSeconds}`,
                600,
                "critical",
                RUNBOOKS.backupFailure,
                "The newest base backup of {{ $labels.cnpg_cluster }} is {{ $value | humanizeDuration }} old",
                `The full-backup schedule (${config.backup.full}) runs at least every ${promDuration(t.baseBackupMaxAgeSeconds - BASE_BACKUP_MARGIN_SECONDS)}; with ${promDuration(BASE_BACKUP_MARGIN_SECONDS)} to finish, a base backup is missing. A restore would replay ever more WAL, and retention cannot free the archive.`,
            ),
            rule(
                "FhirHaBaseBackupFailed",
                `${plugin("last_failed_backup_timestamp")} > ${plugin("last_available_backup_timestamp")}`,
                0,
                "warning",
                RUNBOOKS.backupFailure,
                "The last base backup of {{ $labels.cnpg_cluster }} failed",
                "A base backup failed after the newest successful one. The recovery window rests on the previous backup until one succeeds.",
            ),
        );
    }
    if (archiving.length > 0) {
        backups.push(
            rule(
                "FhirHaWalArchivingFailing",
                `cnpg_pg_stat_archiver_last_failed_time${pg(archiving)} > cnpg_pg_stat_archiver_last_archived_time${pg(archiving)}`,
                t.archiveTimeoutSeconds,
                "critical",
                RUNBOOKS.backupFailure,
                "WAL archiving of {{ $labels.pod }} is failing",
                `The last attempt to archive a WAL segment failed and none succeeded since, for longer than archive_timeout (${promDuration(t.archiveTimeoutSeconds)}). WAL accumulates on the primary's WAL volume; when it is full, PostgreSQL stops accepting writes.`,
            ),
            rule(
                "FhirHaWalArchiveStale",
                `cnpg_pg_stat_archiver_seconds_since_last_archival${pg(archiving)} > ${t.walArchiveStaleSeconds}` +
                    ` and on (namespace, pod) cnpg_collector_pg_wal_archive_status${sel({ namespace: ns, value: "ready" })} > 0`,
                t.archiveTimeoutSeconds,
                "critical",
                RUNBOOKS.backupFailure,
                "No WAL archived from {{ $labels.pod }} for {{ $value | humanizeDuration }} while segments wait",
                `Segments are ready for archiving but the newest archived one is older than ${promDuration(t.walArchiveStaleSeconds)} (${ARCHIVE_TIMEOUTS_BEFORE_STALE} × archive_timeout): the archiver is stuck, and a restore would lose everything after it.`,
            ),
        );
    }

    const fhir: AlertRule[] = [
        rule(
            "FhirHaFhirPodsUnavailable",
            `kube_deployment_status_replicas_available${sel({ namespace: ns, deployment: FHIR_SERVER_NAME })} < kube_deployment_spec_replicas${sel({ namespace: ns, deployment: FHIR_SERVER_NAME })}`,
            600,
            "warning",
            RUNBOOKS.zoneLoss,
            "{{ $value }} FHIR server pods available, fewer than requested",
            "Pods are not ready: a node or zone is gone, pods cannot be scheduled, or the database does not answer.",
        ),
        // A standby of a region pair runs no FHIR pods by design (src/fhir/index.ts, FhirServerArgs.standby):
        // "no pod available" is then its normal state, not the FHIR API down; the alert comes with promotion.
        ...(isStandby(config)
            ? []
            : [
                  rule(
                      "FhirHaFhirServerDown",
                      `kube_deployment_status_replicas_available${sel({ namespace: ns, deployment: FHIR_SERVER_NAME })} == 0`,
                      120,
                      "critical",
                      RUNBOOKS.regionLoss,
                      "No FHIR server pod is available",
                      "The FHIR API is down. When the whole cluster or region is affected, follow the region-loss runbook.",
                  ),
              ]),
        rule(
            "FhirHaNodeNotReady",
            `kube_node_status_condition{condition="Ready",status="true"} == 0`,
            300,
            "warning",
            RUNBOOKS.zoneLoss,
            "Node {{ $labels.node }} is not ready",
            "A node is unreachable or unhealthy; several in one zone mean the zone is lost.",
        ),
        rule(
            "FhirHaCertificateExpiring",
            `certmanager_certificate_expiration_timestamp_seconds - time() < ${t.certificateLeadSeconds}`,
            3600,
            "warning",
            RUNBOOKS.backupFailure,
            "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | humanizeDuration }}",
            `cert-manager renews a certificate at two thirds of its life; less than ${promDuration(t.certificateLeadSeconds)} left means renewal is failing. When the Barman Cloud plugin's certificates expire, the operator cannot call the plugin and backups stop.`,
        ),
        rule(
            "FhirHaWatchdog",
            "vector(1)",
            0,
            "none",
            RUNBOOKS.regionLoss,
            "Alerting works (always firing)",
            "Route this alert to a dead man's switch outside the cluster's region: when it stops arriving, the region, the cluster or its alerting is gone.",
        ),
    ];
    return [
        { name: "fhir-ha.database", rules: database },
        { name: "fhir-ha.backups", rules: backups },
        { name: "fhir-ha.fhir", rules: fhir },
    ].filter((g) => g.rules.length > 0);
}

/** Every alert with the runbook file it opens. */
export function alertRunbooks(groups: RuleGroup[]): { alert: string; runbook: string }[] {
    return groups.flatMap((g) => g.rules.map((r) => ({ alert: r.alert, runbook: r.annotations.runbook_url.split("/").pop() ?? "" })));
}
