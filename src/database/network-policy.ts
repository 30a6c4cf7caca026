/**
 * Ingress to a cluster's Postgres pods: the FHIR server (only for the cluster it uses), the
 * CNPG operator pods (instance status endpoint and Postgres, as in CNPG's sample policy, plus
 * metrics) and the cluster's own instances (streaming replication, pg_rewind, joining a new
 * standby; CNPG's job pods carry the cluster label too). The Barman Cloud sidecar
 * runs inside the Postgres pod and talks to it over a local socket; it needs no ingress.
 * Egress is left open: instances reach the object store, the API server and DNS.
 */
import * as pulumi from "@pulumi/pulumi";
import { CLUSTER_LABEL, METRICS_PORT, OPERATOR_NAMESPACE, OPERATOR_POD_NAME, POSTGRES_PORT, STATUS_PORT } from "./constants";

export interface NetworkPolicyArgs {
    name: string;
    namespace: pulumi.Input<string>;
    cluster: string;
    /** Labels of the FHIR server pods, when this cluster serves them. */
    fhirPodLabels?: Record<string, string>;
}

const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP", port }));

export function networkPolicySpec(args: NetworkPolicyArgs) {
    const ownInstances = { podSelector: { matchLabels: { [CLUSTER_LABEL]: args.cluster } } };
    // Namespace AND pod selector in one peer: the operator's pods, not everything in its namespace.
    const operator = {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": OPERATOR_NAMESPACE } },
        podSelector: { matchLabels: { "app.kubernetes.io/name": OPERATOR_POD_NAME } },
    };
    const ingress = [
        { from: [ownInstances], ports: tcp(POSTGRES_PORT, STATUS_PORT) },
        { from: [operator], ports: tcp(POSTGRES_PORT, STATUS_PORT, METRICS_PORT) },
        ...(args.fhirPodLabels ? [{ from: [{ podSelector: { matchLabels: args.fhirPodLabels } }], ports: tcp(POSTGRES_PORT) }] : []),
    ];
    return {
        metadata: { name: args.name, namespace: args.namespace },
        spec: {
            podSelector: { matchLabels: { [CLUSTER_LABEL]: args.cluster } },
            policyTypes: ["Ingress"],
            ingress,
        },
    };
}
