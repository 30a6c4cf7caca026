/**
 * The Helm releases of `monitoring.mode = install`, as plain data: kube-prometheus-stack
 * (Prometheus Operator, Prometheus, Alertmanager, Grafana, kube-state-metrics, node-exporter)
 * and, with Grafana, the official CloudNativePG dashboard.
 */
import * as pulumi from "@pulumi/pulumi";
import { ChartRelease } from "../charts/release";
import { CHARTS } from "../config/pins";
import { MonitoringConfig } from "../config/types";
import { STACK_RELEASE } from "./constants";

export type MonitoringRelease = ChartRelease;

/** Two Prometheus and Alertmanager replicas: alerting survives the loss of a node or zone. */
const REPLICAS = 2;

/**
 * Prometheus's volume claim on the target's StorageClass. An empty class name means the cluster
 * default, so the field is left out: `storageClassName: ""` in a claim asks for a volume of no
 * class, which a default StorageClass does not provision (Kubernetes docs, "Persistent Volumes",
 * PersistentVolumeClaims > Class), and Prometheus would stay Pending.
 */
export function prometheusVolumeClaimSpec(storageClassName: pulumi.Input<string>) {
    return pulumi.output(storageClassName).apply((sc) => ({
        ...(sc ? { storageClassName: sc } : {}),
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: "50Gi" } },
    }));
}

export function monitoringReleases(m: MonitoringConfig, storageClassName: pulumi.Input<string>): MonitoringRelease[] {
    const stack: MonitoringRelease = {
        key: "kubePrometheusStack",
        releaseName: STACK_RELEASE,
        chart: CHARTS.kubePrometheusStack.chart,
        version: m.chart.version,
        repository: m.chart.repository,
        namespace: m.namespace,
        values: {
            crds: { enabled: true },
            prometheusOperator: {
                // The operator's admission webhook gets its certificate from cert-manager (already
                // installed for the Barman Cloud plugin) instead of the chart's Helm-hook Jobs.
                admissionWebhooks: { certManager: { enabled: true } },
            },
            prometheus: {
                prometheusSpec: {
                    replicas: REPLICAS,
                    retention: "15d",
                    // Select every PodMonitor and PrometheusRule, not only those labelled with this
                    // release: the tier's monitors live in this namespace without chart labels.
                    podMonitorSelectorNilUsesHelmValues: false,
                    ruleSelectorNilUsesHelmValues: false,
                    serviceMonitorSelectorNilUsesHelmValues: false,
                    storageSpec: {
                        volumeClaimTemplate: { spec: prometheusVolumeClaimSpec(storageClassName) },
                    },
                },
            },
            alertmanager: {
                alertmanagerSpec: {
                    replicas: REPLICAS,
                    // Receivers hold credentials (pager keys, webhook URLs): they stay in a Secret
                    // the team manages, never in Pulumi state or the plan.
                    ...(m.alertmanagerConfigSecret ? { useExistingSecret: true, configSecret: m.alertmanagerConfigSecret } : {}),
                },
            },
            grafana: { enabled: m.grafana },
        },
    };
    const dashboard: MonitoringRelease = {
        key: "cnpgDashboard",
        releaseName: "cnpg-grafana-dashboard",
        chart: CHARTS.cnpgDashboard.chart,
        version: m.dashboardChart.version,
        repository: m.dashboardChart.repository,
        namespace: m.namespace,
        // Grafana's sidecar (searchNamespace ALL in kube-prometheus-stack) loads ConfigMaps
        // labelled grafana_dashboard=1, the dashboard chart's default label.
        values: {},
    };
    return m.grafana ? [stack, dashboard] : [stack];
}
