/**
 * Ingress from the monitoring namespace to the metrics ports, as NetworkPolicies of their own:
 * policies add up, so the database and FHIR tiers' own policies stay as they are and Prometheus
 * gets exactly the metrics port, from its namespace only.
 *
 * Only namespaces whose pods are already isolated get one: the CNPG instances and the FHIR pods
 * (each tier selects them with its own policy). The operator, plugin and cert-manager namespaces
 * have no NetworkPolicy; a policy selecting their pods would isolate them and cut the API server
 * off their webhooks, so none is rendered there (docs/monitoring.md).
 */
import * as pulumi from "@pulumi/pulumi";
import { CLUSTER_LABEL, METRICS_PORT } from "../database/constants";
import { fhirPodLabels } from "../names";
import { METRICS_PORT_NAME } from "./constants";

export interface MetricsPolicyArgs {
    namespace: pulumi.Input<string>;
    monitoringNamespace: string;
    clusters: string[];
    engine: string;
}

const fromMonitoring = (ns: string) => [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } }];

export function metricsNetworkPolicies(args: MetricsPolicyArgs) {
    return [
        {
            metadata: { name: "fhir-ha-monitoring-postgres", namespace: args.namespace },
            spec: {
                podSelector: { matchExpressions: [{ key: CLUSTER_LABEL, operator: "In", values: args.clusters }] },
                policyTypes: ["Ingress"],
                ingress: [{ from: fromMonitoring(args.monitoringNamespace), ports: [{ protocol: "TCP", port: METRICS_PORT }] }],
            },
        },
        {
            metadata: { name: "fhir-ha-monitoring-fhir-server", namespace: args.namespace },
            spec: {
                podSelector: { matchLabels: fhirPodLabels(args.engine) },
                policyTypes: ["Ingress"],
                // By name: HAPI and Aidbox serve metrics on different numbers, both call the port `metrics`.
                ingress: [{ from: fromMonitoring(args.monitoringNamespace), ports: [{ protocol: "TCP", port: METRICS_PORT_NAME }] }],
            },
        },
    ];
}
