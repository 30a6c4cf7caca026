/**
 * The monitoring tier: scrape configuration, alert rules, the NetworkPolicies that let
 * Prometheus reach the metrics ports and, with `monitoring.mode = install`, the Prometheus
 * Operator stack itself with Grafana and the CloudNativePG dashboard. It knows only
 * `@pulumi/kubernetes` and `ClusterTarget`; the specs come from the pure builders next to this
 * file. See docs/monitoring.md.
 */
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as helmv4 from "@pulumi/kubernetes/helm/v4";
import * as networkingv1 from "@pulumi/kubernetes/networking/v1";
import * as pulumi from "@pulumi/pulumi";
import { ClusterTarget } from "../cloud/types";
import { FhirHaConfig } from "../config/types";
import { databaseNames } from "../names";
import { metricsNetworkPolicies } from "./network-policies";
import { installRelease } from "../charts/release";
import { monitoringReleases } from "./releases";
import { clusterRulesManifest, prometheusRuleManifest } from "./rule-manifests";
import { alertRuleGroups } from "./rules";
import { parseLabels, podMonitoringManifest, podMonitorManifest, scrapeTargets } from "./scrape";

export { alertRuleGroups, alertRunbooks, RUNBOOKS, UNPLANNED_EVENT_RUNBOOKS } from "./rules";
export { alertThresholds } from "./thresholds";

export interface FhirMonitoringArgs {
    /** The validated stack config; `monitoring.mode` decides what is rendered. */
    config: FhirHaConfig;
    target: ClusterTarget;
    /** Namespace of the FHIR server and its database. */
    namespace: pulumi.Input<string>;
}

export class FhirMonitoring extends pulumi.ComponentResource {
    /** Names of the alerts rendered, for docs and tests. */
    public readonly alerts: string[];

    constructor(name: string, args: FhirMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        const { config, target, namespace } = args;
        const m = config.monitoring;
        // Plain config decides everything; the rules are built before registration so a bad
        // combination throws first.
        const groups = alertRuleGroups(config);
        super("fhir-ha:monitoring:FhirMonitoring", name, {}, opts);
        this.alerts = groups.flatMap((g) => g.rules.map((r) => r.alert));
        const names = databaseNames(config);
        const targets = scrapeTargets({ namespace, clusters: names.clusters, engine: config.fhir.engine });

        const crdOwners: pulumi.Resource[] = [];
        if (m.mode === "install") {
            // Not restricted: node-exporter needs the host's network and PID namespace.
            const ns = new corev1.Namespace(`${name}-namespace`, { metadata: { name: m.namespace } }, { parent: this });
            const charts: Record<string, helmv4.Chart> = {};
            for (const r of monitoringReleases(m, target.storageClassName)) {
                // The dashboard waits for Grafana's sidecar; the stack for its namespace.
                charts[r.key] = installRelease(name, r, { parent: this, dependsOn: r.key === "kubePrometheusStack" ? [ns] : [ns, charts.kubePrometheusStack] });
            }
            crdOwners.push(charts.kubePrometheusStack);
        }

        const after = { parent: this, dependsOn: crdOwners };
        if (m.mode === "googleManaged") {
            for (const t of targets) {
                new apiextensions.CustomResource(`${name}-${t.job}`, podMonitoringManifest(t), after);
            }
            new apiextensions.CustomResource(`${name}-alerts`, clusterRulesManifest(groups), after);
        } else {
            const labels = parseLabels(m.labels);
            for (const t of targets) {
                new apiextensions.CustomResource(`${name}-${t.job}`, podMonitorManifest(t, m.namespace, labels), after);
            }
            new apiextensions.CustomResource(`${name}-alerts`, prometheusRuleManifest(groups, m.namespace, labels), after);
        }

        for (const policy of metricsNetworkPolicies({
            namespace,
            monitoringNamespace: m.namespace,
            clusters: names.clusters,
            engine: config.fhir.engine,
        })) {
            new networkingv1.NetworkPolicy(`${name}-${policy.metadata.name.replace(/^fhir-ha-monitoring-/, "")}-metrics-ingress`, policy, { parent: this });
        }
        this.registerOutputs({ alerts: this.alerts });
    }
}
