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

/** Who reaches the API server: private nodes always; the public endpoint only for listed CIDRs. */
export function controlPlaneAccess(masterCidr: string, authorizedCidrs: string[]) {
    const open = authorizedCidrs.length > 0;
    return {
        privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: !open, masterIpv4CidrBlock: masterCidr },
        masterAuthorizedNetworksConfig: {
            cidrBlocks: authorizedCidrs.map((cidrBlock, i) => ({ cidrBlock, displayName: `fhir-ha-admin-${i + 1}` })),
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
        // A cluster cannot be created without a node pool; the default one is deleted once it exists.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        // Applies to that short-lived default pool too, so it never runs as the Compute Engine default account.
        nodeConfig: { serviceAccount: input.nodeServiceAccount, workloadMetadataConfig: { mode: "GKE_METADATA" } },
        // "" = the release channel's default version (src/cloud/kubernetes-versions.ts).
        minMasterVersion: config.cluster.kubernetesVersion || undefined,
        releaseChannel: { channel: config.gcp.releaseChannel },
        // Nodes have internal addresses only (egress through Cloud NAT). The API endpoint is public
        // only for the listed CIDRs (and then still needs Google IAM); with none listed it is
        // private, reachable from the VPC alone, as the AWS target's is.
        ...controlPlaneAccess(config.gcp.masterCidr, config.cluster.apiAccess.mode === "private" ? [] : config.cluster.apiAccess.allowedCidrs),
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
