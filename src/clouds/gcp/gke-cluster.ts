/**
 * The GKE control plane: REGIONAL (location = region), so the API server is replicated across
 * the region's zones and survives the loss of one. Nodes come from a separately managed node
 * pool (`node-pool.ts`); the default pool is removed right after creation.
 */
import * as container from "@pulumi/gcp/container";
import * as pulumi from "@pulumi/pulumi";
import { ApiAccessConfig } from "../../cloud/api-access";
import { FhirHaConfig } from "../../config/types";
import { gkeMaintenancePolicy } from "./maintenance";
import { PODS_RANGE, SERVICES_RANGE } from "./network";

export interface GkeClusterInputs {
    config: FhirHaConfig;
    network: pulumi.Input<string>;
    subnetwork: pulumi.Input<string>;
    /** `<project>.svc.id.goog` */
    workloadPool: pulumi.Input<string>;
    nodeServiceAccount: pulumi.Input<string>;
    labels: Record<string, string>;
}

/**
 * Cluster inputs the provider must never diff, because a diff on them replaces the cluster
 * (and with it every node and every Postgres volume attachment):
 *
 * - `initialNodeCount` and `nodeConfig` only shape the default pool, which is deleted right after
 *   creation; afterwards the provider reads `nodeConfig` back from the remaining pool and would
 *   plan a replacement on any difference. Google's own terraform-google-kubernetes-engine module
 *   ignores `initial_node_count` (and `node_pool`) on the cluster for the same reason
 *   (cluster.tf, `lifecycle { ignore_changes = [node_pool, initial_node_count, ...] }`).
 * - `privateClusterConfig.masterIpv4CidrBlock`: only clusters created with VPC peering have one
 *   (stacks created by earlier versions of this package, from `gcp.masterCidr`); new clusters use
 *   Private Service Connect and no range. It cannot change without recreating the cluster.
 */
export const CLUSTER_IGNORE_CHANGES = ["initialNodeCount", "nodeConfig", "privateClusterConfig.masterIpv4CidrBlock"];

/**
 * Who reaches the API server (`fhir-ha:cluster.apiAccess`):
 *
 * - `dns` (default on GCP): the DNS-based endpoint (`gke-<id>.<region>.gke.goog`) takes traffic
 *   from anywhere, and Google IAM authorises every request (`container.clusters.connect`); the
 *   deploying machine needs no address on a list and no route into the VPC. The IP endpoints
 *   stay for the nodes; the external one only for `allowedCidrs`, if any.
 *   Source: https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation#dns-based_endpoint
 * - `public`: the external IP endpoint, open to `allowedCidrs` only (master authorized networks).
 * - `private`: the internal IP endpoint only; the deploy runs from inside the VPC (docs/clouds/gcp.md).
 *
 * Nodes are private in every mode (internal addresses only, egress through Cloud NAT). No
 * `masterIpv4CidrBlock`: that range exists only for the legacy VPC-peering control plane.
 */
export function controlPlaneAccess(access: ApiAccessConfig) {
    const cidrs = access.mode === "private" ? [] : access.allowedCidrs;
    return {
        controlPlaneEndpointsConfig: {
            dnsEndpointConfig: { allowExternalTraffic: access.mode === "dns" },
            ipEndpointsConfig: { enabled: true },
        },
        privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: cidrs.length === 0 },
        masterAuthorizedNetworksConfig: {
            cidrBlocks: cidrs.map((cidrBlock, i) => ({ cidrBlock, displayName: `fhir-ha-admin-${i + 1}` })),
        },
    };
}

/** Pure: every setting of the cluster. */
export function gkeClusterArgs(input: GkeClusterInputs): container.ClusterArgs {
    const { config } = input;
    return {
        location: config.region,
        network: input.network,
        subnetwork: input.subnetwork,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: { clusterSecondaryRangeName: PODS_RANGE, servicesSecondaryRangeName: SERVICES_RANGE },
        // A cluster cannot be created without a node pool; the default one is deleted once it
        // exists. Both settings below shape only that short-lived pool (CLUSTER_IGNORE_CHANGES).
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        // Applies to that short-lived default pool too, so it never runs as the Compute Engine default account.
        nodeConfig: { serviceAccount: input.nodeServiceAccount, workloadMetadataConfig: { mode: "GKE_METADATA" } },
        // "" = the release channel's default version for new clusters, kept current by the channel's
        // auto-upgrades (src/cloud/kubernetes-versions.ts); a pin is checked against calendars/gcp.ts.
        minMasterVersion: config.cluster.kubernetesVersion || undefined,
        releaseChannel: { channel: config.gcp.releaseChannel },
        maintenancePolicy: gkeMaintenancePolicy(config.cluster.maintenance),
        ...controlPlaneAccess(config.cluster.apiAccess),
        workloadIdentityConfig: { workloadPool: input.workloadPool },
        // Dataplane V2 (eBPF) enforces NetworkPolicy without a separate Calico add-on.
        datapathProvider: "ADVANCED_DATAPATH",
        enableShieldedNodes: true,
        addonsConfig: { gcePersistentDiskCsiDriverConfig: { enabled: true } },
        deletionProtection: config.gcp.deletionProtection,
        resourceLabels: input.labels,
    };
}

export function createGkeCluster(name: string, input: GkeClusterInputs, opts: pulumi.CustomResourceOptions): container.Cluster {
    return new container.Cluster(`${name}-cluster`, gkeClusterArgs(input), {
        ...opts,
        ignoreChanges: [...(opts.ignoreChanges ?? []), ...CLUSTER_IGNORE_CHANGES],
    });
}
