/**
 * Whether the planned cluster enforces NetworkPolicies. The API server accepts a NetworkPolicy on
 * any cluster; only the network plugin enforces it, so a policy on a cluster without an enforcing
 * plugin protects nothing. Evidence per cloud, read from the resources each target renders (the
 * same fact each target states as `ClusterTarget.networkPolicyEnforcement`):
 *
 * - EKS: the vpc-cni add-on with `enableNetworkPolicy: "true"` in its configuration (off by
 *   default; https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html).
 * - GKE: Dataplane V2 (`datapathProvider: ADVANCED_DATAPATH`), or the Calico add-on
 *   (`networkPolicy.enabled`); https://cloud.google.com/kubernetes-engine/docs/concepts/dataplane-v2.
 * - AKS: `networkProfile.networkPolicy` cilium, calico or azure
 *   (https://learn.microsoft.com/azure/aks/use-network-policies).
 * - A cluster you bring: not in the plan, so unknown.
 */
import { ofType } from "./resources";
import { CheckContext } from "./types";

export interface Enforcement {
    /** true / false, or undefined when the plan cannot tell. */
    enforced: boolean | undefined;
    evidence: string;
}

function parseJson(text: unknown): Record<string, any> | undefined {
    if (typeof text !== "string") return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

export function networkPolicyEnforcement(ctx: CheckContext): Enforcement {
    switch (ctx.cloud) {
        case "aws": {
            const cni = ofType(ctx, "aws:eks/addon:Addon").find((a) => a.inputs?.addonName === "vpc-cni");
            if (!cni) return { enforced: false, evidence: "no vpc-cni add-on in the plan" };
            const on = String(parseJson(cni.inputs?.configurationValues)?.enableNetworkPolicy) === "true";
            return on
                ? { enforced: true, evidence: `EKS add-on ${cni.name}: vpc-cni network policy agent (enableNetworkPolicy "true")` }
                : { enforced: false, evidence: `EKS add-on ${cni.name}: enableNetworkPolicy is not "true", so the vpc-cni enforces no NetworkPolicy` };
        }
        case "gcp": {
            const clusters = ofType(ctx, "gcp:container/cluster:Cluster");
            if (clusters.length === 0) return { enforced: false, evidence: "no GKE cluster in the plan" };
            const c = clusters[0];
            if (c.inputs?.datapathProvider === "ADVANCED_DATAPATH") return { enforced: true, evidence: `GKE cluster ${c.name}: Dataplane V2 (ADVANCED_DATAPATH)` };
            if (c.inputs?.networkPolicy?.enabled === true) return { enforced: true, evidence: `GKE cluster ${c.name}: networkPolicy.enabled (Calico)` };
            return { enforced: false, evidence: `GKE cluster ${c.name}: neither Dataplane V2 nor networkPolicy.enabled` };
        }
        case "azure": {
            const clusters = ofType(ctx, "azure-native:containerservice:ManagedCluster");
            if (clusters.length === 0) return { enforced: false, evidence: "no AKS cluster in the plan" };
            const c = clusters[0];
            const policy = c.inputs?.networkProfile?.networkPolicy;
            return ["cilium", "calico", "azure"].includes(policy)
                ? { enforced: true, evidence: `AKS cluster ${c.name}: networkProfile.networkPolicy ${policy}` }
                : { enforced: false, evidence: `AKS cluster ${c.name}: networkProfile.networkPolicy is ${policy === undefined ? "not set" : JSON.stringify(policy)}` };
        }
        default:
            return { enforced: undefined, evidence: "the cluster is brought by you: whether its network plugin enforces NetworkPolicies is not in the plan" };
    }
}
