/**
 * Ingress to the FHIR pods: the API port, only from the exposure path (the gateway's proxies,
 * or the load balancer's client ranges) and from the client namespaces listed in config.
 * Nothing else in the cluster reaches patient data. Other policies may add peers (NetworkPolicies
 * are additive: a connection is allowed if any policy that selects the pod allows it), which is
 * how the monitoring namespace is admitted to the metrics port, without this policy knowing.
 * Egress stays open: the server reaches Postgres, DNS and, for Aidbox, its license server.
 * Probes come from the kubelet on the node, which the common CNIs (Calico, Cilium, the clouds'
 * own) do not subject to NetworkPolicy.
 */
import { HTTP_PORT_NAME } from "./engines";

export interface FhirNetworkPolicyInput {
    podLabels: Record<string, string>;
    /** Namespaces whose pods may call the API. */
    clientNamespaces: string[];
    /** Namespaces of the exposure path's pods (a gateway's proxies). */
    exposureNamespaces: string[];
    /** Address ranges the exposure path's traffic arrives from (load balancer clients, cloud gateway proxies). */
    exposureCidrs: string[];
}

const namespaceSelector = (names: string[]) => ({
    namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [...names] }] },
});

export function fhirNetworkPolicySpec(input: FhirNetworkPolicyInput) {
    const namespaces = [...new Set([...input.clientNamespaces, ...input.exposureNamespaces])].sort();
    const from = [
        ...(namespaces.length > 0 ? [namespaceSelector(namespaces)] : []),
        ...input.exposureCidrs.map((cidr) => ({ ipBlock: { cidr } })),
    ];
    return {
        podSelector: { matchLabels: input.podLabels },
        policyTypes: ["Ingress"],
        // No peers at all = a policy that selects the pods and admits nothing: deny by default.
        ingress: from.length > 0 ? [{ from, ports: [{ protocol: "TCP", port: HTTP_PORT_NAME }] }] : [],
    };
}
