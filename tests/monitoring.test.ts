/**
 * The monitoring tier: its config keys and their errors, the thresholds derived from config, the
 * rule groups, and what each mode renders under the mock runtime (wiring and order included).
 * The rules' behaviour under Prometheus is tested in monitoring-rules.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { cnpgQueriesForExporter, DRILL_QUERIES, exportedMetricNames } from "../drill/alerts/queries";
import { prometheusConfig } from "../drill/alerts/prometheus";
import { checkConfig, validateConfig } from "../src/validation";
import { alertRuleGroups, RUNBOOKS, UNPLANNED_EVENT_RUNBOOKS } from "../src/monitoring/rules";
import { alertThresholds, delayedReplicaWindow, promDuration } from "../src/monitoring/thresholds";
import { FhirPlatform, FhirPlatformArgs } from "../src/platform/fhir-platform";
import { withTestApiAccess } from "./support/config";
import { render } from "./support/render";
import { shippedPlan } from "./support/shipped-plans";
import { PlanDocument } from "../src/plan/document";

const SECRETS = { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] };
const raw = (extra: Record<string, unknown> = {}) => ({ cloud: "kubernetes", kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "b" }, ...extra });
const config = (extra: Record<string, unknown> = {}) => validateConfig(raw(extra), SECRETS);
const rules = (extra: Record<string, unknown> = {}) => alertRuleGroups(config(extra)).flatMap((g) => g.rules);
const rule = (name: string, extra: Record<string, unknown> = {}) => {
    const r = rules(extra).find((x) => x.alert === name);
    if (!r) throw new Error(`no ${name}`);
    return r;
};

describe("monitoring config", () => {
    it("installs the Prometheus Operator stack with Grafana by default, in namespace monitoring", () => {
        expect(config().monitoring).toMatchObject({ mode: "install", namespace: "monitoring", grafana: true, labels: [], runbookBaseUrl: "docs/runbooks/" });
        expect(config().monitoring.chart).toEqual({ repository: "https://prometheus-community.github.io/helm-charts", version: "88.5.3" });
    });

    it("defaults the namespace to gmp-system for Google Managed Prometheus", () => {
        expect(validateConfig({ cloud: "gcp", monitoring: { mode: "googleManaged" } }, { region: "europe-west3" }).monitoring.namespace).toBe("gmp-system");
    });

    it("names the key and the allowed values on bad input", () => {
        const problems = (extra: Record<string, unknown>, cloud = "kubernetes") =>
            // Another cloud's public API endpoint needs CIDRs; a documentation range keeps that problem out of the way.
            checkConfig(cloud === "kubernetes" ? raw(extra) : withTestApiAccess({ cloud, ...extra }), { ...SECRETS, region: "r" }).problems;
        expect(problems({ monitoring: { mode: "prometheus" } })).toEqual([
            'fhir-ha:monitoring.mode = "prometheus": must be one of install | existing | googleManaged | none',
        ]);
        expect(problems({ monitoring: { mode: "googleManaged" } }, "aws")[0]).toMatch(
            /^fhir-ha:monitoring.mode = "googleManaged": Google Managed Prometheus runs on GKE only .* on aws use "install" or "existing"/,
        );
        expect(problems({ monitoring: { mode: "existing", labels: ["release"] } })).toEqual([
            'fhir-ha:monitoring.labels: "release" is not a "key=value" Kubernetes label (e.g. "release=kube-prometheus-stack")',
        ]);
        expect(problems({ monitoring: { labels: ["release=x"] } })).toEqual([
            'fhir-ha:monitoring.labels: only used with fhir-ha:monitoring.mode = "existing" (mode is "install")',
        ]);
        expect(problems({ monitoring: { runbookBaseUrl: "https://wiki/runbooks" } })).toEqual([
            'fhir-ha:monitoring.runbookBaseUrl = "https://wiki/runbooks": must end with "/" (the runbook file name is appended)',
        ]);
        expect(problems({ monitoring: { namespace: "Monitoring" } })[0]).toMatch(/^fhir-ha:monitoring.namespace = "Monitoring": must be a lowercase DNS label/);
        expect(problems({ monitoring: { mode: "existing", alertmanagerConfigSecret: "am" } })).toEqual([
            'fhir-ha:monitoring.alertmanagerConfigSecret: only used with fhir-ha:monitoring.mode = "install" (mode is "existing"); route in your own Alertmanager',
        ]);
        expect(problems({ monitoring: { grafanna: false } })).toEqual(["fhir-ha:monitoring.grafanna: unknown key; did you mean fhir-ha:monitoring.grafana?"]);
    });
});

describe("thresholds derived from config", () => {
    it("base backups: the longest gap of backup.full plus 6 h", () => {
        expect(alertThresholds(config()).baseBackupMaxAgeSeconds).toBe((7 * 24 + 6) * 3600);
        expect(alertThresholds(config({ backup: { full: "daily" } })).baseBackupMaxAgeSeconds).toBe(30 * 3600);
        // The longest month: 31 days between two first-of-month runs.
        expect(alertThresholds(config({ backup: { full: "monthly", retention: "60d" } })).baseBackupMaxAgeSeconds).toBe((31 * 24 + 6) * 3600);
    });

    it("WAL: archive_timeout, three of them for staleness; replication lag: one", () => {
        const t = alertThresholds(config({ backup: { walArchiveTimeout: "2min" } }));
        expect(t).toMatchObject({ archiveTimeoutSeconds: 120, walArchiveStaleSeconds: 360, replicationLagSeconds: 120 });
        expect(rule("FhirHaWalArchivingFailing", { backup: { walArchiveTimeout: "2min" } }).for).toBe("2m");
        expect(rule("FhirHaWalArchiveStale", { backup: { walArchiveTimeout: "2min" } }).expr).toContain("cnpg_pg_stat_archiver_seconds_since_last_archival{namespace=\"fhir\",cnpg_cluster=~\"fhir-db\"} > 360");
    });

    it("the delayed replica's window: 90 % of the delay up to the delay plus a quarter (at least 1 h)", () => {
        expect(delayedReplicaWindow(12 * 3600)).toEqual({ min: 38_880, max: 54_000 });
        expect(delayedReplicaWindow(24 * 3600)).toEqual({ min: 77_760, max: 108_000 });
        expect(delayedReplicaWindow(2 * 3600)).toEqual({ min: 6480, max: 10_800 });
        expect(rule("FhirHaDelayedReplicaOutOfWindow", { database: { delayedReplica: { delay: "24h" } } }).expr).toMatch(/< 77760 or .* > 108000/);
    });

    it("the synchronous and standby counts come from database.synchronousReplicas and instances", () => {
        expect(rule("FhirHaSynchronousStandbyMissing", { database: { instances: 3, synchronousReplicas: 2 } }).expr).toMatch(/streaming_replicas\{.*\} < 2 and/);
        expect(rules({ database: { instances: 3, synchronousReplicas: 2 } }).map((r) => r.alert)).not.toContain("FhirHaStandbyMissing");
        expect(rules({ database: { synchronousReplicas: 0 } }).map((r) => r.alert)).not.toContain("FhirHaSynchronousStandbyMissing");
        expect(rules({ zones: 2, database: { instances: 1, synchronousReplicas: 0 } }).map((r) => r.alert)).not.toContain("FhirHaReplicationLag");
        expect(rules({ database: { delayedReplica: { enabled: false } } }).map((r) => r.alert)).not.toContain("FhirHaDelayedReplicaOutOfWindow");
    });

    it("Prometheus durations", () => {
        expect([0, 45, 300, 5400, 90_000].map(promDuration)).toEqual(["0s", "45s", "5m", "1h30m", "1d1h"]);
    });
});

describe("rule groups", () => {
    it("every alert has a severity, a summary and a runbook_url under monitoring.runbookBaseUrl", () => {
        const all = rules({ monitoring: { runbookBaseUrl: "https://git.example/fhir-ha/docs/runbooks/" } });
        expect(all.length).toBeGreaterThan(15);
        for (const r of all) {
            expect(["critical", "warning", "none"]).toContain(r.labels.severity);
            // A sentence (Prometheus {{ }} templates allowed), with no JavaScript value left unrendered.
            expect(r.annotations.summary).toMatch(/^\S.{10,}/);
            expect(r.annotations.summary).not.toMatch(/\$\{|undefined|NaN/);
            expect(r.annotations.runbook_url).toMatch(new RegExp(`^https://git\\.example/fhir-ha/docs/runbooks/(${Object.values(RUNBOOKS).join("|").replace(/\./g, "\\.")})$`));
        }
        for (const runbook of UNPLANNED_EVENT_RUNBOOKS) expect(all.some((r) => r.annotations.runbook_url.endsWith(runbook)), runbook).toBe(true);
    });

    it("backup alerts read only clusters that take backups; archive alerts only those that archive", () => {
        expect(rule("FhirHaBaseBackupTooOld").expr).toContain('cnpg_cluster=~"fhir-db"}');
        expect(rule("FhirHaWalArchivingFailing").expr).not.toContain("fhir-db-delayed");
        expect(rule("FhirHaBaseBackupTooOld", { database: { restore: { enabled: true } } }).expr).toContain('cnpg_cluster=~"fhir-db|fhir-db-restore"}');
    });

    it("maxForSeconds caps for: for the drill only", () => {
        const capped = alertRuleGroups(config(), { maxForSeconds: 5 }).flatMap((g) => g.rules);
        expect(new Set(capped.map((r) => r.for))).toEqual(new Set(["5s", "0s"]));
        expect(capped.map((r) => r.expr)).toEqual(rules().map((r) => r.expr));
    });
});

const platform = (extra: Record<string, unknown> = {}): FhirPlatformArgs => ({
    config: raw(extra) as unknown as FhirPlatformArgs["config"],
    secrets: { s3AccessKeyId: pulumi.secret("k"), s3SecretAccessKey: pulumi.secret("s") },
});
const PODMONITOR = "kubernetes:monitoring.coreos.com/v1:PodMonitor";
const RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
const CHART = "kubernetes:helm.sh/v4:Chart";
const NETPOL = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

describe("what each mode renders", () => {
    it("puts Prometheus on a named StorageClass when the target has one", async () => {
        const r = await render(() => new FhirPlatform("fhir", platform({ kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "b", storageClass: "fast-ssd" } })));
        const spec = r.inputs(CHART, "fhir-monitoring-kube-prometheus-stack").values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec;
        expect(spec).toEqual({ storageClassName: "fast-ssd", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } } });
    });

    it("install: the pinned stack and dashboard charts, then monitors and rules that wait for the stack's CRDs", async () => {
        const r = await render(() => new FhirPlatform("fhir", platform()));
        const stack = r.get(CHART, "fhir-monitoring-kube-prometheus-stack");
        const values = r.inputs(CHART, "fhir-monitoring-kube-prometheus-stack");
        expect(values).toMatchObject({ chart: "kube-prometheus-stack", version: "88.5.3", namespace: "monitoring" });
        expect(values.values.prometheus.prometheusSpec).toMatchObject({ podMonitorSelectorNilUsesHelmValues: false, ruleSelectorNilUsesHelmValues: false, replicas: 2 });
        expect(values.values.prometheusOperator.admissionWebhooks.certManager.enabled).toBe(true);
        expect(values.values.alertmanager.alertmanagerSpec).toEqual({ replicas: 2 });
        // kubernetes target, kubernetes.storageClass "" (the cluster default): no class in the claim,
        // since storageClassName "" would ask for a volume of no class.
        expect(values.values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec).toEqual({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } } });
        expect(r.inputs(CHART, "fhir-monitoring-cnpg-grafana-dashboard")).toMatchObject({ chart: "cluster", version: "0.0.5", namespace: "monitoring" });
        expect(r.get(CHART, "fhir-monitoring-cnpg-grafana-dashboard").dependencies).toContain(stack.urn);
        expect(r.inputs("kubernetes:core/v1:Namespace", "fhir-monitoring-namespace").metadata.name).toBe("monitoring");
        for (const m of [...r.ofType(PODMONITOR), ...r.ofType(RULE)]) expect(m.dependencies, m.name).toContain(stack.urn);
        // The tier comes after the database and FHIR tiers.
        const monitoring = r.get("fhir-ha:monitoring:FhirMonitoring", "fhir-monitoring");
        // (the SDK expands a component in dependsOn into its children)
        expect(monitoring.dependencies).toEqual(
            expect.arrayContaining([
                r.get("kubernetes:postgresql.cnpg.io/v1:Cluster", "fhir-database-primary").urn,
                r.get("kubernetes:apps/v1:Deployment", "fhir-server-deployment").urn,
            ]),
        );
    });

    it("install: scrapes instances, FHIR pods, operator and cert-manager from the monitoring namespace", async () => {
        const r = await render(() => new FhirPlatform("fhir", platform({ fhir: { engine: "hapi" } })));
        const pg = r.inputs(PODMONITOR, "fhir-monitoring-fhir-ha-postgres");
        expect(pg.metadata.namespace).toBe("monitoring");
        expect(pg.spec.namespaceSelector).toEqual({ matchNames: ["fhir"] });
        expect(pg.spec.selector.matchExpressions).toEqual([{ key: "cnpg.io/cluster", operator: "In", values: ["fhir-db", "fhir-db-delayed"] }]);
        expect(pg.spec.podMetricsEndpoints[0].port).toBe("metrics");
        expect(pg.spec.podMetricsEndpoints[0].relabelings).toContainEqual({ action: "replace", sourceLabels: ["__meta_kubernetes_pod_label_cnpg_io_cluster"], targetLabel: "cnpg_cluster" });
        const fhir = r.inputs(PODMONITOR, "fhir-monitoring-fhir-ha-fhir-server");
        expect(fhir.spec.selector.matchLabels["app.kubernetes.io/component"]).toBe("hapi");
        expect(fhir.spec.podMetricsEndpoints[0]).toMatchObject({ port: "metrics", path: "/actuator/prometheus" });
        expect(r.inputs(PODMONITOR, "fhir-monitoring-fhir-ha-cnpg-operator").spec.namespaceSelector).toEqual({ matchNames: ["cnpg-system"] });
        expect(r.inputs(PODMONITOR, "fhir-monitoring-fhir-ha-cert-manager").spec.podMetricsEndpoints[0].port).toBe("http-metrics");
        expect(r.inputs(RULE, "fhir-monitoring-alerts").spec.groups.map((g: any) => g.name)).toEqual(["fhir-ha.database", "fhir-ha.backups", "fhir-ha.fhir"]);
    });

    it("lets only the monitoring namespace reach the metrics ports, with policies of its own", async () => {
        const r = await render(() => new FhirPlatform("fhir", platform({ monitoring: { mode: "existing", namespace: "observability", labels: ["release=prom"] } })));
        const pg = r.inputs(NETPOL, "fhir-monitoring-postgres-metrics-ingress");
        expect(pg.metadata.namespace).toBe("fhir");
        expect(pg.spec.ingress).toEqual([
            { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "observability" } } }], ports: [{ protocol: "TCP", port: 9187 }] },
        ]);
        const fhir = r.inputs(NETPOL, "fhir-monitoring-fhir-server-metrics-ingress");
        expect(fhir.spec.ingress[0].ports).toEqual([{ protocol: "TCP", port: "metrics" }]);
        // The database tier's own policies are untouched.
        expect(r.inputs(NETPOL, "fhir-database-primary-ingress").spec.ingress.flatMap((i: any) => i.from)).not.toContainEqual(
            expect.objectContaining({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "observability" } } }),
        );
    });

    it("existing: no charts and no namespace; monitors and rules carry the Prometheus' selector labels", async () => {
        const r = await render(() => new FhirPlatform("fhir", platform({ monitoring: { mode: "existing", labels: ["release=prom", "team=fhir"] } })));
        expect(r.ofType(CHART).map((c) => c.name)).not.toContain("fhir-monitoring-kube-prometheus-stack");
        expect(r.resources.map((x) => x.name)).not.toContain("fhir-monitoring-namespace");
        expect(r.inputs(RULE, "fhir-monitoring-alerts").metadata.labels).toEqual({ release: "prom", team: "fhir" });
        for (const m of r.ofType(PODMONITOR)) expect(m.dependencies ?? []).not.toContainEqual(expect.stringContaining("kube-prometheus-stack"));
    });

    it("googleManaged: PodMonitorings next to their targets and ClusterRules, scraped from gmp-system", async () => {
        const r = await render(() => new FhirPlatform("fhir", platform({ monitoring: { mode: "googleManaged" } })));
        const pm = r.ofType("kubernetes:monitoring.googleapis.com/v1:PodMonitoring").map((x) => r.inputs(x.type, x.name));
        expect(pm.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual([
            "cert-manager/fhir-ha-cert-manager",
            "cnpg-system/fhir-ha-cnpg-operator",
            "fhir/fhir-ha-fhir-server",
            "fhir/fhir-ha-postgres",
        ]);
        expect(pm.find((p) => p.metadata.name === "fhir-ha-postgres")!.spec.targetLabels).toEqual({ fromPod: [{ from: "cnpg.io/cluster", to: "cnpg_cluster" }] });
        const cr = r.inputs("kubernetes:monitoring.googleapis.com/v1:ClusterRules", "fhir-monitoring-alerts");
        expect(cr.metadata.namespace).toBeUndefined();
        expect(cr.spec.groups.flatMap((g: any) => g.rules).length).toBe(rules().length);
        expect(r.ofType(PODMONITOR)).toEqual([]);
        expect(r.inputs(NETPOL, "fhir-monitoring-postgres-metrics-ingress").spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({
            "kubernetes.io/metadata.name": "gmp-system",
        });
    });

    it("none: no monitoring tier at all", async () => {
        const r = await render(() => new FhirPlatform("fhir", platform({ monitoring: { mode: "none" } })));
        expect(r.resources.filter((x) => x.name.startsWith("fhir-monitoring"))).toEqual([]);
    });

    it("install with an Alertmanager config Secret: the stack uses it", async () => {
        const r = await render(() => new FhirPlatform("fhir", platform({ monitoring: { alertmanagerConfigSecret: "alertmanager-routes" } })));
        expect(r.inputs(CHART, "fhir-monitoring-kube-prometheus-stack").values.alertmanager.alertmanagerSpec).toEqual({
            replicas: 2,
            useExistingSecret: true,
            configSecret: "alertmanager-routes",
        });
    });

    it("install without Grafana: no dashboard chart, Grafana off in the stack", async () => {
        const r = await render(() => new FhirPlatform("fhir", platform({ monitoring: { grafana: false } })));
        expect(r.ofType(CHART).map((c) => c.name)).not.toContain("fhir-monitoring-cnpg-grafana-dashboard");
        expect(r.inputs(CHART, "fhir-monitoring-kube-prometheus-stack").values.grafana.enabled).toBe(false);
    });
});

describe("the drill's exporter queries", () => {
    const referenced = (prefix: RegExp) => [...new Set(rules().flatMap((r) => r.expr.match(/[a-z_]+(?=\{)/g) ?? []).filter((m) => prefix.test(m)))];

    it("produce every SQL-derived CNPG series the rules read, named as CloudNativePG names them", () => {
        const names = exportedMetricNames(DRILL_QUERIES);
        const sql = referenced(/^cnpg_pg_/);
        expect(sql.length).toBeGreaterThan(4);
        for (const m of sql) expect(names, m).toContain(m);
        expect(names).toContain("cnpg_collector_pg_wal_archive_status");
    });

    it("prefix CloudNativePG's own queries the way its exporter does, honouring a name override", () => {
        const q = cnpgQueriesForExporter(
            ["pg_stat_archiver:", "  query: SELECT 1 AS archived_count", "  metrics:", "    - archived_count: {usage: COUNTER, description: x}", "bgwriter_17:", "  name: pg_stat_bgwriter", "  query: SELECT 1 AS a", "  metrics: []"].join("\n"),
        );
        expect(Object.keys(q)).toEqual(["cnpg_pg_stat_archiver", "cnpg_pg_stat_bgwriter", "cnpg_collector_pg_wal"]);
        expect(exportedMetricNames(q)).toContain("cnpg_pg_stat_archiver_archived_count");
    });

    it("scrape with the labels the PodMonitor gives in the cluster", () => {
        const c = prometheusConfig({ namespace: "fhir", cluster: "fhir-db", targets: [{ pod: "fhir-db-1", port: 1234 }], ruleFile: "r.yaml", intervalSeconds: 1 });
        expect(c.scrape_configs[0]).toEqual({
            job_name: "fhir-ha-postgres",
            static_configs: [{ targets: ["127.0.0.1:1234"], labels: { namespace: "fhir", cnpg_cluster: "fhir-db", pod: "fhir-db-1" } }],
        });
        // The rendered PodMonitor (local stack) gives the same: its job, cnpg_cluster from the pod's
        // cnpg.io/cluster label, and the namespace and pod labels the Prometheus Operator adds to every target.
        const monitor = shippedPlan<PlanDocument>("local").resources.find((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PodMonitor" && (r.inputs as any).metadata.name === "fhir-ha-postgres");
        expect(monitor).toBeDefined();
        const spec = (monitor!.inputs as any).spec;
        const relabel = spec.podMetricsEndpoints[0].relabelings;
        expect(relabel.find((r: any) => r.targetLabel === "job").replacement).toBe(c.scrape_configs[0].job_name);
        expect(relabel.find((r: any) => r.targetLabel === "cnpg_cluster").sourceLabels).toEqual(["__meta_kubernetes_pod_label_cnpg_io_cluster"]);
        expect(spec.selector.matchExpressions[0]).toMatchObject({ key: "cnpg.io/cluster", operator: "In" });
        expect(spec.selector.matchExpressions[0].values).toContain(c.scrape_configs[0].static_configs[0].labels.cnpg_cluster);
        expect(spec.namespaceSelector.matchNames).toEqual([c.scrape_configs[0].static_configs[0].labels.namespace]);
    });
});
