/**
 * The GKE control plane: REGIONAL (location = region), so the API server is replicated across
 * the region's zones and survives the loss of one. Nodes come from a separately managed node
 * pool (`node-pool.ts`); the default pool is removed right after creation.
 */
import * as container from "@pulumi/gcp/container";
import * as pulumi from "@pulumi/pulumi";
import { FhirHaConfig } from "../../config/types";
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

/** Pure: every setting of the cluster. */
export function gkeClusterArgs(input: GkeClusterInputs): container.ClusterArgs {
    const { config } = input;
    return {
        location: config.region,
        network: input.network,
        subnetwork: input.subnetwork,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: { clusterSecondaryRangeName: PODS_RANGE, servicesSecondaryRangeName: SERVICES_RANGE },
        // A cluster cannot be created without a node pool; the default one is deleted once it exists.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        // Applies to that short-lived default pool too, so it never runs as the Compute Engine default account.
        nodeConfig: { serviceAccount: input.nodeServiceAccount, workloadMetadataConfig: { mode: "GKE_METADATA" } },
        minMasterVersion: config.cluster.kubernetesVersion,
        releaseChannel: { channel: config.gcp.releaseChannel },
        // Nodes have internal addresses only (egress through Cloud NAT); the endpoint stays public and
        // is guarded by Google IAM, so `pulumi up` works from outside the VPC.
        privateClusterConfig: {
            enablePrivateNodes: true,
            enablePrivateEndpoint: false,
            masterIpv4CidrBlock: config.gcp.masterCidr,
        },
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
    return new container.Cluster(`${name}-cluster`, gkeClusterArgs(input), opts);
}
