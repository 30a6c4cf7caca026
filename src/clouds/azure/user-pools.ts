import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import { FhirHaConfig } from "../../config/types";
import { poolOrchestratorVersion, UPGRADE_SURGE_NODES, userPoolSpecs, WORKLOAD_NODE_LABEL } from "./node-pools";

export interface UserPoolsArgs {
    config: FhirHaConfig;
    resourceGroupName: pulumi.Input<string>;
    clusterName: pulumi.Input<string>;
    subnetId: pulumi.Input<string>;
}

/**
 * The per-zone workload pools of node-pools.ts `userPoolSpecs`. `opts` carries the parent and
 * the creation-time check they wait for (cluster.ts).
 */
export function createUserPools(name: string, args: UserPoolsArgs, opts: pulumi.CustomResourceOptions): containerservice.AgentPool[] {
    return userPoolSpecs(args.config.zoneNames, args.config.cluster).map(
        (spec) =>
            new containerservice.AgentPool(
                `${name}-pool-zone-${spec.zone}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    resourceName: args.clusterName,
                    agentPoolName: spec.poolName,
                    mode: "User",
                    type: "VirtualMachineScaleSets",
                    osType: "Linux",
                    vmSize: args.config.cluster.nodeSize,
                    availabilityZones: [spec.zone],
                    enableAutoScaling: true,
                    count: spec.minCount,
                    minCount: spec.minCount,
                    maxCount: spec.maxCount,
                    vnetSubnetID: args.subnetId,
                    nodeLabels: WORKLOAD_NODE_LABEL,
                    orchestratorVersion: poolOrchestratorVersion(args.config),
                    upgradeSettings: { maxSurge: String(UPGRADE_SURGE_NODES) },
                },
                // The cluster autoscaler owns the node count once the pool exists.
                { ...opts, ignoreChanges: ["count"] },
            ),
    );
}
