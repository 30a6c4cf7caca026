/**
 * The AKS ManagedCluster spec, as a pure function of the config so every setting the checklist
 * depends on is asserted directly by tests.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as containerservice from "@pulumi/azure-native/containerservice";
import { FhirHaConfig } from "../../config/types";
import { NetworkPlan } from "./network-plan";
import { systemPoolProfile } from "./node-pools";

export interface ManagedClusterInputs {
    config: FhirHaConfig;
    resourceGroupName: pulumi.Input<string>;
    clusterName: string;
    dnsPrefix: string;
    subnetId: pulumi.Input<string>;
    network: NetworkPlan;
    tags: Record<string, string>;
}

export function managedClusterArgs(i: ManagedClusterInputs): containerservice.ManagedClusterArgs {
    const { config } = i;
    return {
        resourceGroupName: i.resourceGroupName,
        resourceName: i.clusterName,
        location: config.region,
        dnsPrefix: i.dnsPrefix,
        // "" = the version AKS gives a new cluster (src/cloud/kubernetes-versions.ts).
        kubernetesVersion: config.cluster.kubernetesVersion || undefined,
        // Standard tier: the financially backed API server SLA (99.95% across zones); Free has none.
        sku: { name: "Base", tier: "Standard" },
        identity: { type: "SystemAssigned" },
        agentPoolProfiles: [systemPoolProfile(config.zoneNames, config.cluster, i.subnetId)],
        // Balance the per-zone user pools so one zone does not end up holding all the spare capacity.
        autoScalerProfile: { balanceSimilarNodeGroups: "true" },
        networkProfile: {
            networkPlugin: "azure",
            networkPluginMode: "overlay",
            // Azure CNI powered by Cilium: the eBPF dataplane enforces NetworkPolicy (the database
            // tier's policies are the only thing between a compromised pod and Postgres).
            networkDataplane: "cilium",
            networkPolicy: "cilium",
            podCidr: i.network.podCidr,
            serviceCidr: i.network.serviceCidr,
            dnsServiceIP: i.network.dnsServiceIP,
            loadBalancerSku: "standard",
            outboundType: "loadBalancer",
        },
        // The issuer and the workload identity webhook are what let the Barman Cloud sidecar
        // exchange its Kubernetes token for an Entra ID token: no storage key in the cluster.
        oidcIssuerProfile: { enabled: true },
        securityProfile: { workloadIdentity: { enabled: true } },
        // Entra ID sign-in, authorised by Azure RBAC; with local accounts off there is no static
        // admin kubeconfig to leak.
        aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: config.azure.adminGroupObjectIds },
        disableLocalAccounts: true,
        enableRBAC: true,
        autoUpgradeProfile: { upgradeChannel: config.azure.upgradeChannel, nodeOSUpgradeChannel: "NodeImage" },
        // The Azure Disk CSI driver and the snapshot controller back the StorageClass and the
        // VolumeSnapshotClass handed to the database tier.
        storageProfile: { diskCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
        tags: i.tags,
    };
}
