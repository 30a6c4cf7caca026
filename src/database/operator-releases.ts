/**
 * The three operator Helm releases the database tier needs, as plain data: cert-manager (the
 * Barman Cloud plugin's TLS with the CNPG operator), CloudNativePG and the Barman Cloud plugin,
 * the last in the operator's namespace as the plugin requires.
 */
import { ChartRelease } from "../charts/release";
import { CHARTS } from "../config/pins";
import { ChartsConfig } from "../config/types";
import { CERT_MANAGER_NAMESPACE, OPERATOR_NAMESPACE, OPERATOR_POD_NAME, ZONE_LABEL } from "./constants";

/** certManager | cloudnativePg | barmanCloud (the `fhir-ha:charts` key). */
export interface OperatorRelease extends ChartRelease {
    /** Keys of releases whose CRDs and webhooks this one needs first. */
    after: string[];
}

/** Two operator replicas (leader election) spread over zones: failover needs a live operator. */
const OPERATOR_REPLICAS = 2;

/**
 * The plugin runs ONE replica (its chart's default; plugin HA is upstream work:
 * cloudnative-pg/plugin-barman-cloud#620) and CNPG's reconcile of a Cluster that uses it waits for
 * it. Kubernetes evicts pods from an unreachable or not-ready node after 300 s by default
 * (DefaultTolerationSeconds admission); the plugin tolerates those taints for 30 s only, so it is
 * rescheduled on a live node within about 30 s of the node being marked.
 */
export const PLUGIN_TOLERATION_SECONDS = 30;

/** PriorityClass of the plugin's pod, so a full cluster preempts other pods rather than leave it Pending. */
export const PLUGIN_PRIORITY_CLASS = "fhir-ha-database-plugin";
/** Below system-cluster-critical (2000000000), above every default (0) workload. */
export const PLUGIN_PRIORITY = 1_000_000;

/** Chart values (plugin-barman-cloud chart 0.7.0 values.yaml: `tolerations`, `priorityClassName`). */
export function pluginPlacementValues() {
    const toleration = (key: string) => ({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: PLUGIN_TOLERATION_SECONDS });
    return {
        priorityClassName: PLUGIN_PRIORITY_CLASS,
        tolerations: [toleration("node.kubernetes.io/unreachable"), toleration("node.kubernetes.io/not-ready")],
    };
}

export interface OperatorFeatures {
    /**
     * Turn on cert-manager's Gateway API support (its gatewayHTTPRoute ACME solver), which the
     * FHIR tier's HTTPS gateway needs to obtain a certificate. Only when asked: cert-manager then
     * expects the Gateway API CRDs in the cluster. cert-manager docs, "HTTP01" (Gateway API
     * solver, beta since 1.15) and the chart's `config` value (a ControllerConfiguration).
     */
    gatewayApi?: boolean;
}

export function operatorReleases(charts: ChartsConfig, features: OperatorFeatures = {}): OperatorRelease[] {
    const barman = charts.barmanCloud;
    // The pinned plugin image belongs to the pinned chart version; a user-chosen chart version
    // keeps the images it ships with.
    const pluginImages =
        barman.version === CHARTS.barmanCloud.version
            ? { image: { tag: CHARTS.barmanCloud.imageTag }, sidecarImage: { tag: CHARTS.barmanCloud.imageTag } }
            : {};
    return [
        {
            key: "certManager",
            releaseName: "cert-manager",
            chart: CHARTS.certManager.chart,
            version: charts.certManager.version,
            repository: charts.certManager.repository,
            namespace: CERT_MANAGER_NAMESPACE,
            values: {
                crds: { enabled: true },
                // The chart's default lease namespace is kube-system, which some managed
                // clusters do not let workloads write to.
                global: { leaderElection: { namespace: CERT_MANAGER_NAMESPACE } },
                ...(features.gatewayApi
                    ? { config: { apiVersion: "controller.config.cert-manager.io/v1alpha1", kind: "ControllerConfiguration", enableGatewayAPI: true } }
                    : {}),
            },
            after: [],
        },
        {
            key: "cloudnativePg",
            releaseName: "cnpg",
            chart: CHARTS.cloudnativePg.chart,
            version: charts.cloudnativePg.version,
            repository: charts.cloudnativePg.repository,
            namespace: OPERATOR_NAMESPACE,
            values: {
                crds: { create: true },
                replicaCount: OPERATOR_REPLICAS,
                topologySpreadConstraints: [
                    {
                        maxSkew: 1,
                        topologyKey: ZONE_LABEL,
                        // Spread when possible, but still run on a single-zone dev cluster.
                        whenUnsatisfiable: "ScheduleAnyway",
                        labelSelector: { matchLabels: { "app.kubernetes.io/name": OPERATOR_POD_NAME } },
                    },
                ],
            },
            after: [],
        },
        {
            key: "barmanCloud",
            releaseName: "plugin-barman-cloud",
            chart: CHARTS.barmanCloud.chart,
            version: barman.version,
            repository: barman.repository,
            namespace: OPERATOR_NAMESPACE,
            values: { crds: { create: true }, ...pluginImages, ...pluginPlacementValues() },
            // Its certificates are cert-manager objects; it registers with the CNPG operator.
            after: ["certManager", "cloudnativePg"],
        },
    ];
}
