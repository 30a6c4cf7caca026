/** The rule groups as the CRD each Prometheus flavour reads. */
import { GMP_API, PROMETHEUS_OPERATOR_API } from "./constants";
import { RuleGroup } from "./rules";

export const RULES_NAME = "fhir-ha-alerts";

export function prometheusRuleManifest(groups: RuleGroup[], namespace: string, labels: Record<string, string>) {
    return {
        apiVersion: PROMETHEUS_OPERATOR_API,
        kind: "PrometheusRule",
        metadata: { name: RULES_NAME, namespace, labels },
        spec: { groups },
    };
}

/**
 * Google Managed Prometheus: ClusterRules, because the alerts read series of several namespaces
 * (the tier's, cnpg-system, cert-manager, kube-state-metrics'); a namespaced `Rules` would see
 * only its own namespace's series.
 */
export function clusterRulesManifest(groups: RuleGroup[]) {
    return {
        apiVersion: GMP_API,
        kind: "ClusterRules",
        metadata: { name: RULES_NAME },
        spec: { groups },
    };
}
