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
    /** false: the cluster already runs this operator (`fhir-ha:charts.<key>.install`); not installed, only waited for. */
    install: boolean;
}

/** Two operator replicas (leader election) spread over zones: failover needs a live operator. */
export const OPERATOR_REPLICAS = 2;

/**
 * The plugin runs ONE replica (its chart's default; plugin HA is upstream work:
 * cloudnative-pg/plugin-barman-cloud#620) and CNPG's reconcile of a Cluster that uses it waits for
 * it. Kubernetes evicts pods from an unreachable or not-ready node after 300 s by default
 * (DefaultTolerationSeconds admission); the plugin tolerates those taints for 30 s only, so it is
 * rescheduled on a live node within about 30 s of the node being marked.
 */
export const PLUGIN_TOLERATION_SECONDS = 30;
/** The CNPG operator's pods tolerate an unreachable or not-ready node as briefly as the plugin's. */
export const OPERATOR_TOLERATION_SECONDS = PLUGIN_TOLERATION_SECONDS;

/** PriorityClass of the CNPG operator's pods (same priority as the plugin's). */
export const OPERATOR_PRIORITY_CLASS = "fhir-ha-database-operator";

/** PriorityClass of the plugin's pod, so a full cluster preempts other pods rather than leave it Pending. */
export const PLUGIN_PRIORITY_CLASS = "fhir-ha-database-plugin";
/** Below system-cluster-critical (2000000000), above every default (0) workload. */
export const PLUGIN_PRIORITY = 1_000_000;

/** NoExecute tolerations of an unreachable or not-ready node for `seconds` (instead of the default 300 s). */
function shortTolerations(seconds: number) {
    const toleration = (key: string) => ({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: seconds });
    return [toleration("node.kubernetes.io/unreachable"), toleration("node.kubernetes.io/not-ready")];
}

/** Chart values (plugin-barman-cloud chart 0.7.0 values.yaml: `tolerations`, `priorityClassName`). */
export function pluginPlacementValues() {
    return { priorityClassName: PLUGIN_PRIORITY_CLASS, tolerations: shortTolerations(PLUGIN_TOLERATION_SECONDS) };
}

/**
 * The CNPG operator's placement (cloudnative-pg chart 0.29.0 values.yaml: `replicaCount`,
 * `priorityClassName`, `topologySpreadConstraints`, `tolerations`; the chart has no PDB, see
 * operators.ts). Without an operator no failover happens, so its two replicas must not share a
 * zone, and a lost node's replica must be replaced in about 30 s, not 300 s.
 *
 * Zone spread is hard (`DoNotSchedule`) with `maxSkew: 1`. Skew is a domain's matching pods
 * minus the least of any eligible domain (Kubernetes docs, "Pod Topology Spread Constraints"):
 * with one zone that is always 0, so a single-zone cluster still schedules both replicas; with
 * three zones the two replicas land in two zones. `nodeTaintsPolicy: Honor` leaves out nodes
 * whose taints the pod does not tolerate, such as a lost zone's `unreachable` nodes once the
 * 30 s have passed, so that zone no longer counts as an empty domain that would hold the
 * replacement Pending on a two-zone cluster (KEP-3094, NodeInclusionPolicyInPodTopologySpread,
 * beta and on by default since Kubernetes 1.26).
 */
export function operatorPlacementValues() {
    return {
        replicaCount: OPERATOR_REPLICAS,
        priorityClassName: OPERATOR_PRIORITY_CLASS,
        tolerations: shortTolerations(OPERATOR_TOLERATION_SECONDS),
        topologySpreadConstraints: [
            {
                maxSkew: 1,
                topologyKey: ZONE_LABEL,
                whenUnsatisfiable: "DoNotSchedule",
                nodeTaintsPolicy: "Honor",
                labelSelector: { matchLabels: { "app.kubernetes.io/name": OPERATOR_POD_NAME } },
            },
        ],
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
            install: charts.certManager.install,
        },
        {
            key: "cloudnativePg",
            releaseName: "cnpg",
            chart: CHARTS.cloudnativePg.chart,
            version: charts.cloudnativePg.version,
            repository: charts.cloudnativePg.repository,
            namespace: OPERATOR_NAMESPACE,
            values: { crds: { create: true }, ...operatorPlacementValues() },
            after: [],
            install: charts.cloudnativePg.install,
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
            install: true,
        },
    ];
}
