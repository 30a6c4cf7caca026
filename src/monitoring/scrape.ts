/**
 * What Prometheus scrapes, as plain manifests: the CloudNativePG instances (port `metrics`, 9187:
 * the instance manager's exporter, which also carries the Barman Cloud plugin's metrics), the
 * FHIR pods (port `metrics`, issue 17's contract), the CNPG operator (port `metrics`, 8080 in
 * its chart) and cert-manager's controller (port `http-metrics`, 9402).
 *
 * Prometheus Operator: one PodMonitor per target in the monitoring namespace, reaching the
 * target namespace through `namespaceSelector` (a Prometheus selects monitors in its own
 * namespace at least; kube-prometheus-stack selects all). CloudNativePG recommends a PodMonitor
 * written by hand over the deprecated `spec.monitoring.enablePodMonitor`
 * (docs/src/monitoring.md, "Monitoring with the Prometheus operator").
 *
 * Google Managed Prometheus: a PodMonitoring selects pods in its own namespace only, so each
 * goes next to its target.
 */
import * as pulumi from "@pulumi/pulumi";
import { CERT_MANAGER_NAMESPACE, CLUSTER_LABEL, OPERATOR_NAMESPACE, OPERATOR_POD_NAME } from "../database/constants";
import { fhirPodLabels } from "../names";
import { CERT_MANAGER_METRICS_PORT_NAME, FHIR_METRICS_PATHS, GMP_API, JOBS, METRICS_PORT_NAME, PROMETHEUS_OPERATOR_API } from "./constants";

export interface ScrapeTarget {
    /** Monitor name and `job` label. */
    job: string;
    namespace: pulumi.Input<string>;
    selector: Record<string, unknown>;
    port: string;
    path: string;
    /** Pod labels copied onto every series: pod label -> series label. */
    podLabels: Record<string, string>;
}

/** The scrape targets of a stack. */
export function scrapeTargets(args: { namespace: pulumi.Input<string>; clusters: string[]; engine: string }): ScrapeTarget[] {
    return [
        {
            job: JOBS.postgres,
            namespace: args.namespace,
            selector: { matchExpressions: [{ key: CLUSTER_LABEL, operator: "In", values: args.clusters }] },
            port: METRICS_PORT_NAME,
            path: "/metrics",
            podLabels: { [CLUSTER_LABEL]: "cnpg_cluster" },
        },
        {
            job: JOBS.fhir,
            namespace: args.namespace,
            selector: { matchLabels: fhirPodLabels(args.engine) },
            port: METRICS_PORT_NAME,
            path: FHIR_METRICS_PATHS[args.engine],
            podLabels: {},
        },
        {
            job: JOBS.operator,
            namespace: OPERATOR_NAMESPACE,
            selector: { matchLabels: { "app.kubernetes.io/name": OPERATOR_POD_NAME } },
            port: METRICS_PORT_NAME,
            path: "/metrics",
            podLabels: {},
        },
        {
            job: JOBS.certManager,
            namespace: CERT_MANAGER_NAMESPACE,
            selector: { matchLabels: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" } },
            port: CERT_MANAGER_METRICS_PORT_NAME,
            path: "/metrics",
            podLabels: {},
        },
    ];
}

/** Prometheus' name for a pod label in service discovery (`cnpg.io/cluster` -> `__meta_kubernetes_pod_label_cnpg_io_cluster`). */
export function podLabelMeta(label: string): string {
    return `__meta_kubernetes_pod_label_${label.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

export function podMonitorManifest(target: ScrapeTarget, monitoringNamespace: string, labels: Record<string, string>) {
    return {
        apiVersion: PROMETHEUS_OPERATOR_API,
        kind: "PodMonitor",
        metadata: { name: target.job, namespace: monitoringNamespace, labels },
        spec: {
            namespaceSelector: { matchNames: [target.namespace] },
            selector: target.selector,
            podMetricsEndpoints: [
                {
                    port: target.port,
                    path: target.path,
                    relabelings: [
                        // The same job name as Google Managed Prometheus gives: the rules match both.
                        { action: "replace", targetLabel: "job", replacement: target.job },
                        ...Object.entries(target.podLabels).map(([from, to]) => ({
                            action: "replace",
                            sourceLabels: [podLabelMeta(from)],
                            targetLabel: to,
                        })),
                    ],
                },
            ],
        },
    };
}

export function podMonitoringManifest(target: ScrapeTarget) {
    return {
        apiVersion: GMP_API,
        kind: "PodMonitoring",
        metadata: { name: target.job, namespace: target.namespace },
        spec: {
            selector: target.selector,
            endpoints: [{ port: target.port, path: target.path, interval: "30s" }],
            ...(Object.keys(target.podLabels).length > 0
                ? { targetLabels: { fromPod: Object.entries(target.podLabels).map(([from, to]) => ({ from, to })) } }
                : {}),
        },
    };
}

/** "key=value" strings from config as a label map. */
export function parseLabels(pairs: string[]): Record<string, string> {
    return Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]));
}
