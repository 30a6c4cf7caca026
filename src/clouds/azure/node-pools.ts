/**
 * Node pools. The system pool (CoreDNS, CSI drivers, metrics) spans every zone and is tainted so
 * only critical add-ons run there. Workloads get one user pool PER ZONE: Postgres volumes are
 * zonal Azure disks, and the cluster autoscaler can only add a node in the zone a pending pod's
 * disk lives in when that zone has its own pool (a pool spanning zones scales wherever it likes).
 */
import * as pulumi from "@pulumi/pulumi";
import type { containerservice } from "@pulumi/azure-native/types/input";
import { ClusterConfig } from "../../config/types";

export const SYSTEM_POOL_NAME = "system";

/** Label on every workload node, for node selectors that must avoid the system pool. */
export const WORKLOAD_NODE_LABEL = { "fhir-ha.io/pool": "workload" };

export interface UserPoolSpec {
    /** AKS pool name: lowercase alphanumeric, at most 12 characters. */
    poolName: string;
    zone: string;
    minCount: number;
    maxCount: number;
}

/** One autoscaling user pool per zone, `nodesPerZone`..`maxNodesPerZone` nodes each. */
export function userPoolSpecs(zones: string[], cluster: ClusterConfig): UserPoolSpec[] {
    return zones.map((zone) => ({
        poolName: `user${zone}`,
        zone,
        minCount: cluster.nodesPerZone,
        maxCount: cluster.maxNodesPerZone,
    }));
}

/**
 * The system pool, declared inline because AKS cannot create a cluster without one. One node per
 * zone keeps the add-ons up through a zone outage; the autoscaler may double that.
 */
export function systemPoolProfile(
    zones: string[],
    cluster: ClusterConfig,
    subnetId: pulumi.Input<string>,
): containerservice.ManagedClusterAgentPoolProfileArgs {
    return {
        name: SYSTEM_POOL_NAME,
        mode: "System",
        type: "VirtualMachineScaleSets",
        vmSize: cluster.nodeSize,
        availabilityZones: zones,
        enableAutoScaling: true,
        count: zones.length,
        minCount: zones.length,
        maxCount: zones.length * 2,
        osType: "Linux",
        vnetSubnetID: subnetId,
        nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"],
        upgradeSettings: { maxSurge: "1" },
    };
}
