/**
 * The alert rules under Prometheus's own rule engine: `promtool check rules` on the rules every
 * shipped stack renders, and `promtool test rules` with synthetic series named exactly as the
 * exporters name them, each alert once firing and once not. The rules are those of the default
 * config with their production `for:` durations.
 */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/validation";
import { alertRuleGroups, RuleGroup } from "../src/monitoring/rules";
import { alertThresholds } from "../src/monitoring/thresholds";
import { promtool, promtoolMissing } from "./support/promtool";
import { shippedPlan } from "./support/shipped-plans";

const config = validateConfig(
    { cloud: "kubernetes", kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "fhir-backups" } },
    { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] },
);
const groups = alertRuleGroups(config);
const t = alertThresholds(config);
const RUNBOOK = (file: string) => `docs/runbooks/${file}`;

type Labels = Record<string, string>;
const series = (name: string, labels: Labels, values: string) => ({
    series: `${name}{${Object.entries(labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(",")}}`,
    values,
});
const pg = (pod: string, cluster = "fhir-db"): Labels => ({ namespace: "fhir", job: "fhir-ha-postgres", cnpg_cluster: cluster, pod });
const deployment = (namespace: string, name: string): Labels => ({ namespace, deployment: name, job: "kube-state-metrics" });

interface Case {
    alert: string;
    /** What the series show. */
    what: string;
    interval: string;
    input: ReturnType<typeof series>[];
    evalTime: string;
    /** Labels of the firing alert (severity included), or [] when it must not fire. */
    fires: Labels[];
    /** Spans days: evaluated every 5 minutes (its sample interval) instead of every 30 s, in a file of its own. */
    long?: boolean;
}

/** Runbook of an alert as rendered, so each expectation names the runbook it checks. */
const runbookOf = (alert: string) =>
    groups.flatMap((g) => g.rules).find((r) => r.alert === alert)?.annotations.runbook_url ?? `(no alert ${alert})`;

const CASES: Case[] = [
    {
        alert: "FhirHaPostgresInstanceDown",
        what: "the exporter of fhir-db-2 does not answer for 10 minutes",
        interval: "1m",
        input: [series("up", pg("fhir-db-2"), "0x10"), series("up", pg("fhir-db-1"), "1x10")],
        evalTime: "10m",
        fires: [{ severity: "critical", ...pg("fhir-db-2") }],
    },
    {
        alert: "FhirHaPostgresInstanceDown",
        what: "every exporter answers",
        interval: "1m",
        input: [series("up", pg("fhir-db-1"), "1x10"), series("cnpg_collector_up", { ...pg("fhir-db-1"), cluster: "fhir-db" }, "1x10")],
        evalTime: "10m",
        fires: [],
    },
    {
        alert: "FhirHaSynchronousStandbyMissing",
        what: "the primary has no streaming standby",
        interval: "30s",
        input: [
            series("cnpg_pg_replication_streaming_replicas", pg("fhir-db-1"), "0x10"),
            series("cnpg_pg_replication_in_recovery", pg("fhir-db-1"), "0x10"),
        ],
        evalTime: "5m",
        fires: [{ severity: "critical", ...pg("fhir-db-1") }],
    },
    {
        alert: "FhirHaSynchronousStandbyMissing",
        what: "one standby streams (the quorum is ANY 1); standbys themselves report 0 streaming",
        interval: "30s",
        input: [
            series("cnpg_pg_replication_streaming_replicas", pg("fhir-db-1"), "1x10"),
            series("cnpg_pg_replication_in_recovery", pg("fhir-db-1"), "0x10"),
            series("cnpg_pg_replication_streaming_replicas", pg("fhir-db-2"), "0x10"),
            series("cnpg_pg_replication_in_recovery", pg("fhir-db-2"), "1x10"),
        ],
        evalTime: "5m",
        fires: [],
    },
    {
        alert: "FhirHaStandbyMissing",
        what: "one of two standbys streams",
        interval: "1m",
        input: [
            series("cnpg_pg_replication_streaming_replicas", pg("fhir-db-1"), "1x10"),
            series("cnpg_pg_replication_in_recovery", pg("fhir-db-1"), "0x10"),
        ],
        evalTime: "10m",
        fires: [{ severity: "warning", ...pg("fhir-db-1") }],
    },
    {
        alert: "FhirHaStandbyMissing",
        what: "both standbys stream",
        interval: "1m",
        input: [
            series("cnpg_pg_replication_streaming_replicas", pg("fhir-db-1"), "2x10"),
            series("cnpg_pg_replication_in_recovery", pg("fhir-db-1"), "0x10"),
        ],
        evalTime: "10m",
        fires: [],
    },
    {
        alert: "FhirHaReplicationLag",
        what: `a standby replays ${t.replicationLagSeconds + 100} s behind (threshold: archive_timeout ${t.replicationLagSeconds} s)`,
        interval: "1m",
        input: [
            series("cnpg_pg_replication_lag", pg("fhir-db-2"), `${t.replicationLagSeconds + 100}x10`),
            series("cnpg_pg_replication_in_recovery", pg("fhir-db-2"), "1x10"),
        ],
        evalTime: "10m",
        fires: [{ severity: "warning", ...pg("fhir-db-2") }],
    },
    {
        alert: "FhirHaReplicationLag",
        what: `a standby ${t.replicationLagSeconds - 60} s behind, just inside archive_timeout`,
        interval: "1m",
        input: [
            series("cnpg_pg_replication_lag", pg("fhir-db-2"), `${t.replicationLagSeconds - 60}x10`),
            series("cnpg_pg_replication_in_recovery", pg("fhir-db-2"), "1x10"),
        ],
        evalTime: "10m",
        fires: [],
    },
    {
        alert: "FhirHaDelayedReplicaOutOfWindow",
        what: `the delayed replica applies ${t.delayedLagMaxSeconds + 600} s late (window ends at ${t.delayedLagMaxSeconds} s)`,
        interval: "5m",
        input: [
            series("cnpg_pg_replication_lag", pg("fhir-db-delayed-1", "fhir-db-delayed"), `${t.delayedLagMaxSeconds + 600}x12`),
            series("cnpg_pg_replication_in_recovery", pg("fhir-db-delayed-1", "fhir-db-delayed"), "1x12"),
        ],
        evalTime: "1h",
        fires: [{ severity: "warning", ...pg("fhir-db-delayed-1", "fhir-db-delayed") }],
    },
    {
        alert: "FhirHaDelayedReplicaOutOfWindow",
        what: "the delayed replica applies WAL 10 minutes late instead of 12 hours",
        interval: "5m",
        input: [
            series("cnpg_pg_replication_lag", pg("fhir-db-delayed-1", "fhir-db-delayed"), "600x12"),
            series("cnpg_pg_replication_in_recovery", pg("fhir-db-delayed-1", "fhir-db-delayed"), "1x12"),
        ],
        evalTime: "1h",
        fires: [{ severity: "warning", ...pg("fhir-db-delayed-1", "fhir-db-delayed") }],
    },
    {
        alert: "FhirHaDelayedReplicaOutOfWindow",
        what: "the delayed replica applies the configured delay plus ten minutes late",
        interval: "5m",
        input: [
            series("cnpg_pg_replication_lag", pg("fhir-db-delayed-1", "fhir-db-delayed"), `${t.delaySeconds + 600}x12`),
            series("cnpg_pg_replication_in_recovery", pg("fhir-db-delayed-1", "fhir-db-delayed"), "1x12"),
        ],
        evalTime: "1h",
        fires: [],
    },
    {
        alert: "FhirHaVolumeFilling",
        what: "the WAL volume of fhir-db-1 is 85 % full",
        interval: "1m",
        input: [
            series("kubelet_volume_stats_used_bytes", { namespace: "fhir", persistentvolumeclaim: "fhir-db-1-wal", job: "kubelet" }, "85x15"),
            series("kubelet_volume_stats_capacity_bytes", { namespace: "fhir", persistentvolumeclaim: "fhir-db-1-wal", job: "kubelet" }, "100x15"),
        ],
        evalTime: "15m",
        fires: [{ severity: "warning", namespace: "fhir", persistentvolumeclaim: "fhir-db-1-wal", job: "kubelet" }],
    },
    {
        alert: "FhirHaVolumeFilling",
        what: "the volume is 75 % full",
        interval: "1m",
        input: [
            series("kubelet_volume_stats_used_bytes", { namespace: "fhir", persistentvolumeclaim: "fhir-db-1", job: "kubelet" }, "75x15"),
            series("kubelet_volume_stats_capacity_bytes", { namespace: "fhir", persistentvolumeclaim: "fhir-db-1", job: "kubelet" }, "100x15"),
        ],
        evalTime: "15m",
        fires: [],
    },
    {
        alert: "FhirHaCnpgOperatorDown",
        what: "no operator replica is available",
        interval: "1m",
        input: [series("kube_deployment_status_replicas_available", deployment("cnpg-system", "cnpg-cloudnative-pg"), "0x10")],
        evalTime: "10m",
        fires: [{ severity: "critical", ...deployment("cnpg-system", "cnpg-cloudnative-pg") }],
    },
    {
        alert: "FhirHaCnpgOperatorDown",
        what: "both operator replicas are available and scraped",
        interval: "1m",
        input: [
            series("kube_deployment_status_replicas_available", deployment("cnpg-system", "cnpg-cloudnative-pg"), "2x10"),
            series("up", { job: "fhir-ha-cnpg-operator", namespace: "cnpg-system", pod: "cnpg-cloudnative-pg-abc" }, "1x10"),
        ],
        evalTime: "10m",
        fires: [],
    },
    {
        alert: "FhirHaBarmanPluginDown",
        what: "the plugin's Deployment has no available replica",
        interval: "1m",
        input: [series("kube_deployment_status_replicas_available", deployment("cnpg-system", "plugin-barman-cloud"), "0x10")],
        evalTime: "10m",
        fires: [{ severity: "critical", ...deployment("cnpg-system", "plugin-barman-cloud") }],
    },
    {
        alert: "FhirHaBarmanPluginDown",
        what: "the plugin runs",
        interval: "1m",
        input: [series("kube_deployment_status_replicas_available", deployment("cnpg-system", "plugin-barman-cloud"), "1x10")],
        evalTime: "10m",
        fires: [],
    },
    {
        alert: "FhirHaBaseBackupTooOld",
        what: `the newest base backup is from the epoch and it is now ${t.baseBackupMaxAgeSeconds / 3600 + 2} h later`,
        interval: "5m",
        input: [series("barman_cloud_cloudnative_pg_io_last_available_backup_timestamp", pg("fhir-db-1"), `0x${(t.baseBackupMaxAgeSeconds / 3600 + 3) * 12}`)],
        evalTime: `${t.baseBackupMaxAgeSeconds / 3600 + 2}h`,
        fires: [{ severity: "critical", namespace: "fhir", cnpg_cluster: "fhir-db" }],
        long: true,
    },
    {
        alert: "FhirHaBaseBackupTooOld",
        what: "the newest base backup is 2 h younger than the schedule's gap plus margin",
        interval: "5m",
        input: [
            series(
                "barman_cloud_cloudnative_pg_io_last_available_backup_timestamp",
                pg("fhir-db-1"),
                `${4 * 3600}x${(t.baseBackupMaxAgeSeconds / 3600 + 3) * 12}`,
            ),
        ],
        evalTime: `${t.baseBackupMaxAgeSeconds / 3600 + 2}h`,
        fires: [],
        long: true,
    },
    {
        alert: "FhirHaBaseBackupFailed",
        what: "a backup failed after the newest successful one",
        interval: "1m",
        input: [
            series("barman_cloud_cloudnative_pg_io_last_available_backup_timestamp", pg("fhir-db-1"), "1000x5"),
            series("barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp", pg("fhir-db-1"), "2000x5"),
        ],
        evalTime: "2m",
        fires: [{ severity: "warning", namespace: "fhir", cnpg_cluster: "fhir-db" }],
    },
    {
        alert: "FhirHaBaseBackupFailed",
        what: "a backup succeeded after the last failure; the delayed replica's own store has none (not backed up)",
        interval: "1m",
        input: [
            series("barman_cloud_cloudnative_pg_io_last_available_backup_timestamp", pg("fhir-db-1"), "3000x5"),
            series("barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp", pg("fhir-db-1"), "2000x5"),
            series("barman_cloud_cloudnative_pg_io_last_available_backup_timestamp", pg("fhir-db-delayed-1", "fhir-db-delayed"), "0x5"),
            series("barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp", pg("fhir-db-delayed-1", "fhir-db-delayed"), "5x5"),
        ],
        evalTime: "2m",
        fires: [],
    },
    {
        alert: "FhirHaWalArchivingFailing",
        what: "the last archive attempt failed and none succeeded since, for longer than archive_timeout",
        interval: "1m",
        input: [
            series("cnpg_pg_stat_archiver_last_archived_time", pg("fhir-db-1"), "1000x15"),
            series("cnpg_pg_stat_archiver_last_failed_time", pg("fhir-db-1"), "1060+60x15"),
        ],
        evalTime: "10m",
        fires: [{ severity: "critical", ...pg("fhir-db-1") }],
    },
    {
        alert: "FhirHaWalArchivingFailing",
        what: "a segment was archived after the last failure",
        interval: "1m",
        input: [
            series("cnpg_pg_stat_archiver_last_archived_time", pg("fhir-db-1"), "2000x15"),
            series("cnpg_pg_stat_archiver_last_failed_time", pg("fhir-db-1"), "1060x15"),
        ],
        evalTime: "10m",
        fires: [],
    },
    {
        alert: "FhirHaWalArchiveStale",
        what: `no WAL archived for ${t.walArchiveStaleSeconds + 100} s while 3 segments are .ready`,
        interval: "1m",
        input: [
            series("cnpg_pg_stat_archiver_seconds_since_last_archival", pg("fhir-db-1"), `${t.walArchiveStaleSeconds + 100}+60x15`),
            series("cnpg_collector_pg_wal_archive_status", { ...pg("fhir-db-1"), value: "ready" }, "3x15"),
        ],
        evalTime: "10m",
        fires: [{ severity: "critical", ...pg("fhir-db-1") }],
    },
    {
        alert: "FhirHaWalArchiveStale",
        what: "an idle database: nothing archived for long, but no segment waits either",
        interval: "1m",
        input: [
            series("cnpg_pg_stat_archiver_seconds_since_last_archival", pg("fhir-db-1"), `${t.walArchiveStaleSeconds + 100}+60x15`),
            series("cnpg_collector_pg_wal_archive_status", { ...pg("fhir-db-1"), value: "ready" }, "0x15"),
        ],
        evalTime: "10m",
        fires: [],
    },
    {
        alert: "FhirHaFhirPodsUnavailable",
        what: "1 of 3 FHIR pods available",
        interval: "1m",
        input: [
            series("kube_deployment_status_replicas_available", deployment("fhir", "fhir-server"), "1x15"),
            series("kube_deployment_spec_replicas", deployment("fhir", "fhir-server"), "3x15"),
        ],
        evalTime: "15m",
        fires: [{ severity: "warning", ...deployment("fhir", "fhir-server") }],
    },
    {
        alert: "FhirHaFhirPodsUnavailable",
        what: "3 of 3 FHIR pods available",
        interval: "1m",
        input: [
            series("kube_deployment_status_replicas_available", deployment("fhir", "fhir-server"), "3x15"),
            series("kube_deployment_spec_replicas", deployment("fhir", "fhir-server"), "3x15"),
        ],
        evalTime: "15m",
        fires: [],
    },
    {
        alert: "FhirHaFhirServerDown",
        what: "no FHIR pod available",
        interval: "1m",
        input: [series("kube_deployment_status_replicas_available", deployment("fhir", "fhir-server"), "0x5")],
        evalTime: "5m",
        fires: [{ severity: "critical", ...deployment("fhir", "fhir-server") }],
    },
    {
        alert: "FhirHaFhirServerDown",
        what: "one FHIR pod available",
        interval: "1m",
        input: [series("kube_deployment_status_replicas_available", deployment("fhir", "fhir-server"), "1x5")],
        evalTime: "5m",
        fires: [],
    },
    {
        alert: "FhirHaNodeNotReady",
        what: "a node is not Ready for 10 minutes",
        interval: "1m",
        input: [series("kube_node_status_condition", { node: "node-a", condition: "Ready", status: "true", job: "kube-state-metrics" }, "0x10")],
        evalTime: "10m",
        fires: [{ severity: "warning", node: "node-a", condition: "Ready", status: "true", job: "kube-state-metrics" }],
    },
    {
        alert: "FhirHaNodeNotReady",
        what: "the node is Ready",
        interval: "1m",
        input: [series("kube_node_status_condition", { node: "node-a", condition: "Ready", status: "true", job: "kube-state-metrics" }, "1x10")],
        evalTime: "10m",
        fires: [],
    },
    {
        alert: "FhirHaCertificateExpiring",
        what: "the plugin's server certificate expires 10 days after the epoch",
        interval: "1m",
        input: [
            series(
                "certmanager_certificate_expiration_timestamp_seconds",
                { namespace: "cnpg-system", name: "barman-cloud-server", job: "fhir-ha-cert-manager" },
                `${10 * 86_400}x120`,
            ),
        ],
        evalTime: "2h",
        fires: [{ severity: "warning", namespace: "cnpg-system", name: "barman-cloud-server", job: "fhir-ha-cert-manager" }],
    },
    {
        alert: "FhirHaCertificateExpiring",
        what: "the certificate has 60 days left",
        interval: "1m",
        input: [
            series(
                "certmanager_certificate_expiration_timestamp_seconds",
                { namespace: "cnpg-system", name: "barman-cloud-server", job: "fhir-ha-cert-manager" },
                `${60 * 86_400}x120`,
            ),
        ],
        evalTime: "2h",
        fires: [],
    },
    {
        alert: "FhirHaWatchdog",
        what: "always",
        interval: "1m",
        input: [],
        evalTime: "1m",
        fires: [{ severity: "none" }],
    },
];

/** promtool compares annotations too; the test file expects each alert's runbook_url only, so the rules under test carry just that. */
function runbookOnly(gs: RuleGroup[]) {
    return { groups: gs.map((g) => ({ ...g, rules: g.rules.map((r) => ({ ...r, annotations: { runbook_url: r.annotations.runbook_url } })) })) };
}

function testFile(cases: Case[], evaluationInterval = "30s", ruleFile = "rules.yaml", runbook: (alert: string) => string = runbookOf) {
    return {
        rule_files: [ruleFile],
        evaluation_interval: evaluationInterval,
        tests: cases.map((c) => ({
            name: `${c.alert}: ${c.what}`,
            interval: c.interval,
            input_series: c.input,
            alert_rule_test: [
                {
                    eval_time: c.evalTime,
                    alertname: c.alert,
                    exp_alerts: c.fires.map((labels) => ({ exp_labels: labels, exp_annotations: { runbook_url: runbook(c.alert) } })),
                },
            ],
        })),
    };
}

describe("alert rules under promtool", () => {
    const missing = promtoolMissing();
    if (missing) console.error(`monitoring-rules: ${missing}`);

    it("promtool is installed (the rule tests below need it; no silent skip)", () => {
        expect(missing, missing).toBeUndefined();
    });

    it("every alert has a firing and a not-firing case", () => {
        const alerts = groups.flatMap((g) => g.rules.map((r) => r.alert));
        for (const a of alerts) {
            expect(CASES.some((c) => c.alert === a && c.fires.length > 0), `${a} firing case`).toBe(true);
            expect(CASES.some((c) => c.alert === a && c.fires.length === 0) || a === "FhirHaWatchdog", `${a} quiet case`).toBe(true);
        }
        expect(new Set(CASES.map((c) => c.alert))).toEqual(new Set(alerts));
    });

    it.skipIf(missing !== undefined)(`promtool test rules: ${CASES.length} cases pass with the production for: durations`, () => {
        const r = promtool(["test", "rules", "short.yaml", "long.yaml"], {
            "rules.yaml": runbookOnly(groups),
            // Days of evaluation: only the group under test, so promtool does not evaluate every rule 2,000 times.
            "long-rules.yaml": runbookOnly(groups.filter((g) => g.rules.some((r) => CASES.some((c) => c.long && c.alert === r.alert)))),
            "short.yaml": testFile(CASES.filter((c) => !c.long)),
            "long.yaml": testFile(CASES.filter((c) => c.long), "5m", "long-rules.yaml"),
        });
        expect(r.output, r.output).not.toMatch(/FAILED/);
        expect(r.output.match(/SUCCESS/g), r.output).toHaveLength(2);
        expect(r.code, r.output).toBe(0);
    });

    it.skipIf(missing !== undefined)("promtool test rules fails a case whose expectation is wrong (the harness can fail)", () => {
        const wrong = CASES.filter((c) => c.alert === "FhirHaWalArchivingFailing").map((c) => ({ ...c, fires: c.fires.length ? [] : [pg("fhir-db-1")] }));
        const r = promtool(["test", "rules", "tests.yaml"], { "rules.yaml": runbookOnly(groups), "tests.yaml": testFile(wrong) });
        expect(r.code).not.toBe(0);
        expect(r.output).toMatch(/FhirHaWalArchivingFailing/);
    });

    for (const stack of ["local", "aws-prod", "aws-dr", "gcp-prod", "azure-prod"]) {
        it.skipIf(missing !== undefined)(`promtool check rules accepts the rules stack ${stack} renders, annotations included`, () => {
            const plan = shippedPlan<{ resources: { type: string; inputs: any }[] }>(stack);
            const rendered = plan.resources.filter((r) => /:(PrometheusRule|ClusterRules)$/.test(r.type));
            expect(rendered).toHaveLength(1);
            const r = promtool(["check", "rules", "rules.yaml"], { "rules.yaml": { groups: rendered[0].inputs.spec.groups } });
            expect(r.code, r.output).toBe(0);
            expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
        });
    }
});

describe("a standby of a region pair (aws-dr): FhirHaStandbyReplayLag under promtool", () => {
    const missing = promtoolMissing();
    const plan = shippedPlan<{ resources: { type: string; inputs: any }[] }>("aws-dr");
    const standbyGroups: RuleGroup[] = plan.resources.find((r) => /:PrometheusRule$/.test(r.type))!.inputs.spec.groups;
    const rules = standbyGroups.flatMap((g) => g.rules);
    const dr = (pod: string) => pg(pod, "fhir-db-dr");
    const laggingCase = (what: string, designated: number, other: number, fires: Labels[]): Case => ({
        alert: "FhirHaStandbyReplayLag",
        what,
        interval: "1m",
        input: [
            series("cnpg_pg_replication_lag", dr("fhir-db-dr-1"), `${designated}x20`),
            series("cnpg_pg_replication_lag", dr("fhir-db-dr-2"), `${other}x20`),
            series("cnpg_pg_replication_in_recovery", dr("fhir-db-dr-1"), "1x20"),
            series("cnpg_pg_replication_in_recovery", dr("fhir-db-dr-2"), "1x20"),
        ],
        evalTime: "20m",
        fires,
    });

    it("renders the standby's lag alert at the stated RPO (5 min archive timeout + 15 min S3 RTC = 1200 s) instead of FhirHaReplicationLag", () => {
        const lag = rules.find((r) => r.alert === "FhirHaStandbyReplayLag");
        expect(lag?.expr).toContain("> 1200");
        expect(lag?.annotations.runbook_url).toMatch(/region-loss\.md$/);
        expect(rules.map((r) => r.alert)).not.toContain("FhirHaReplicationLag");
        const primaryRules = shippedPlan<{ resources: { type: string; inputs: any }[] }>("aws-prod")
            .resources.find((r) => /:PrometheusRule$/.test(r.type))!
            .inputs.spec.groups.flatMap((g: RuleGroup) => g.rules.map((r) => r.alert));
        expect(primaryRules).toContain("FhirHaReplicationLag");
        expect(primaryRules).not.toContain("FhirHaStandbyReplayLag");
    });

    it.skipIf(missing !== undefined)("fires when even the least-lagging instance is past 1200 s, and not while the designated primary is within it", () => {
        const cases = [
            laggingCase("the designated primary 1300 s behind, its replica 1400 s", 1300, 1400, [{ severity: "warning", namespace: "fhir", cnpg_cluster: "fhir-db-dr" }]),
            laggingCase("the designated primary 600 s behind (within the RPO), a stuck replica 5000 s", 600, 5000, []),
        ];
        const file = testFile(cases, "30s", "rules.yaml", (alert) => rules.find((r) => r.alert === alert)!.annotations.runbook_url);
        const r = promtool(["test", "rules", "tests.yaml"], { "rules.yaml": runbookOnly(standbyGroups), "tests.yaml": file });
        expect(r.output, r.output).not.toMatch(/FAILED/);
        expect(r.code, r.output).toBe(0);
    });
});
