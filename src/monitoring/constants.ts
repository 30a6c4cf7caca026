/**
 * Names and numbers the monitoring tier shares with the exporters it scrapes and the charts it
 * installs, in one place so monitors, NetworkPolicies and alert rules agree.
 */

export const PROMETHEUS_OPERATOR_API = "monitoring.coreos.com/v1";
/** Google Managed Prometheus' CRDs (PodMonitoring, ClusterRules), installed by GKE itself. */
export const GMP_API = "monitoring.googleapis.com/v1";

/** Every scrape target has a container port with this name (CNPG instances, FHIR pods, CNPG operator). */
export const METRICS_PORT_NAME = "metrics";
/** cert-manager's controller serves its metrics on the port named so in its chart (9402). */
export const CERT_MANAGER_METRICS_PORT_NAME = "http-metrics";

/** The FHIR engines' metrics paths (issue 17's contract): HAPI through Spring Boot Actuator, Aidbox its own. */
export const FHIR_METRICS_PATHS: Record<string, string> = {
    hapi: "/actuator/prometheus",
    aidbox: "/metrics",
};

/** Deployment names the operator charts create (release name + chart name, as their helpers build them). */
export const OPERATOR_DEPLOYMENT = "cnpg-cloudnative-pg";
export const PLUGIN_DEPLOYMENT = "plugin-barman-cloud";

/**
 * `job` label of each scrape target. The Prometheus Operator relabels `job` to these; Google
 * Managed Prometheus names a PodMonitoring's job after the resource, so the monitors are named
 * the same and the rules match both.
 */
export const JOBS = {
    postgres: "fhir-ha-postgres",
    fhir: "fhir-ha-fhir-server",
    operator: "fhir-ha-cnpg-operator",
    certManager: "fhir-ha-cert-manager",
};

/** The Helm release of the installed stack, and the name kube-prometheus-stack gives its objects. */
export const STACK_RELEASE = "kube-prometheus-stack";
/** Grafana's dashboard sidecar picks up ConfigMaps with this label (both charts' default). */
export const DASHBOARD_LABEL = { grafana_dashboard: "1" };
