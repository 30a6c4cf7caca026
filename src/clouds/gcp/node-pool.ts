/**
 * The one node pool: spread over the stack's zones (`nodeLocations`), autoscaled per zone,
 * repaired and upgraded by GKE one surge node at a time, shielded, and with the GKE metadata
 * server so pods get their Workload Identity instead of the node's identity.
 *
 * Day 2: every Postgres and FHIR pod runs on this pool, so nothing an operator routinely edits
 * may replace it. `initialNodeCount` (from `cluster.nodesPerZone`) only sizes the pool when it
 * is created and forces a new pool when changed, so it is ignored after creation, as Google's
 * terraform-google-kubernetes-engine module does (`lifecycle { ignore_changes =
 * [initial_node_count] }` on its node pools). The size is the autoscaler's: `nodesPerZone` and
 * `maxNodesPerZone` set `autoscaling.minNodeCount` / `maxNodeCount`, which GKE updates in place
 * (gcp.container.NodePool: autoscaling is not a replace-forcing input), and GKE then adds nodes
 * up to the new minimum itself.
 */
import * as container from "@pulumi/gcp/container";
import * as pulumi from "@pulumi/pulumi";
import { FhirHaConfig } from "../../config/types";

export interface NodePoolInputs {
    config: FhirHaConfig;
    cluster: pulumi.Input<string>;
    nodeServiceAccount: pulumi.Input<string>;
    labels: Record<string, string>;
}

/** Pure: every setting of the pool. Zone names are plain strings here (resolved before). */
export function nodePoolArgs(input: NodePoolInputs): container.NodePoolArgs {
    const { config } = input;
    return {
        cluster: input.cluster,
        location: config.region,
        // A set in the provider (terraform-provider-google resource_container_node_pool.go:
        // node_locations is a TypeSet): sorted here too, so reordering fhir-ha:zones changes nothing.
        // Adding or removing a zone updates the pool in place, touching only that zone's nodes.
        nodeLocations: [...config.zoneNames].sort(),
        // For a regional pool the counts are PER ZONE. Used at creation only (NODE_POOL_IGNORE_CHANGES).
        initialNodeCount: config.cluster.nodesPerZone,
        autoscaling: {
            minNodeCount: config.cluster.nodesPerZone,
            maxNodeCount: config.cluster.maxNodesPerZone,
            // Keep zones even, so losing one zone loses a predictable share of capacity.
            locationPolicy: "BALANCED",
        },
        management: { autoRepair: true, autoUpgrade: true },
        // One extra node during upgrades, none taken away first: Postgres and FHIR pods move to a
        // ready node under their PodDisruptionBudgets.
        upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
        nodeConfig: {
            machineType: config.cluster.nodeSize,
            imageType: "COS_CONTAINERD",
            diskType: "pd-balanced",
            diskSizeGb: 100,
            serviceAccount: input.nodeServiceAccount,
            // Access is decided by IAM roles of the service account, not by legacy scopes.
            oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
            shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
            workloadMetadataConfig: { mode: "GKE_METADATA" },
            metadata: { "disable-legacy-endpoints": "true" },
            labels: input.labels,
            resourceLabels: input.labels,
        },
    };
}

/** Node pool inputs never diffed after creation (see above). */
export const NODE_POOL_IGNORE_CHANGES = ["initialNodeCount"];

export function createNodePool(name: string, input: NodePoolInputs, opts: pulumi.CustomResourceOptions): container.NodePool {
    return new container.NodePool(`${name}-nodes`, nodePoolArgs(input), {
        ...opts,
        ignoreChanges: [...(opts.ignoreChanges ?? []), ...NODE_POOL_IGNORE_CHANGES],
    });
}
