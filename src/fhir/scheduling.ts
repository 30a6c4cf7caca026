/**
 * Where the FHIR pods may run: spread evenly over zones (hard) and hosts (soft).
 */
import * as k8sInput from "@pulumi/kubernetes/types/input";

type TopologySpreadConstraint = k8sInput.core.v1.TopologySpreadConstraint;

export const ZONE_TOPOLOGY_KEY = "topology.kubernetes.io/zone";
export const HOST_TOPOLOGY_KEY = "kubernetes.io/hostname";

export function spreadConstraints(podLabels: Record<string, string>): TopologySpreadConstraint[] {
    const common = {
        maxSkew: 1,
        labelSelector: { matchLabels: podLabels },
        // Counted per ReplicaSet, so a rolling update spreads the new pods by themselves
        // instead of around the old ones that are about to go.
        matchLabelKeys: ["pod-template-hash"],
        // A failed node or zone carries NoSchedule taints; leaving it out of the count lets
        // replacements land in the surviving zones instead of waiting for the lost one.
        nodeTaintsPolicy: "Honor",
    };
    return [
        // Hard: losing one zone must never take more than its share of the replicas with it.
        { ...common, topologyKey: ZONE_TOPOLOGY_KEY, whenUnsatisfiable: "DoNotSchedule" },
        // Soft: prefer distinct nodes, but a small cluster with fewer nodes than replicas still runs them all.
        { ...common, topologyKey: HOST_TOPOLOGY_KEY, whenUnsatisfiable: "ScheduleAnyway" },
    ];
}
