/**
 * The AKS ManagedCluster spec, as a pure function of the config so every setting the checklist
 * depends on is asserted directly by tests.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as containerservice from "@pulumi/azure-native/containerservice";
import { FhirHaConfig } from "../../config/types";
import { NetworkPlan } from "./network-plan";
import { ApiAccessConfig } from "../../cloud/api-access";
import { MINOR_UPGRADING_CHANNELS, systemNodeSize, systemPoolProfile } from "./node-pools";

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
        // "" = the version AKS gives a new cluster (src/cloud/kubernetes-versions.ts); under the
        // stable/rapid channels AKS then moves the minor itself (see clusterIgnoreChanges).
        kubernetesVersion: config.cluster.kubernetesVersion || undefined,
        // Standard tier: the financially backed API server SLA (99.95% across zones); Free has none.
        // LTS exists only on Premium with the AKSLongTermSupport plan
        // (learn.microsoft.com/azure/aks/long-term-support#enable-long-term-support).
        sku: { name: "Base", tier: config.azure.extendedSupport ? "Premium" : "Standard" },
        supportPlan: config.azure.extendedSupport ? "AKSLongTermSupport" : "KubernetesOfficial",
        apiServerAccessProfile: apiServerAccess(config.cluster.apiAccess),
        identity: { type: "SystemAssigned" },
        agentPoolProfiles: [systemPoolProfile(config.zoneNames, systemNodeSize(config), i.subnetId)],
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
        // NodeImage: AKS rolls a new node image (OS security patches included) onto every pool,
        // inside the aksManagedNodeOSUpgradeSchedule window (maintenance.ts), so nodes, including
        // autoscaled ones, never stay on the creation-day image
        // (learn.microsoft.com/azure/aks/auto-upgrade-node-os-image). The checklist reports a stack
        // whose channel is None/Unmanaged (nodes never patched).
        autoUpgradeProfile: { upgradeChannel: config.azure.upgradeChannel, nodeOSUpgradeChannel: "NodeImage" },
        // The Azure Disk CSI driver and the snapshot controller back the StorageClass and the
        // VolumeSnapshotClass handed to the database tier.
        storageProfile: { diskCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
        tags: i.tags,
    };
}

/**
 * `fhir-ha:cluster.apiAccess` on AKS (src/cloud/api-access.ts):
 * - public: the public endpoint answers only `allowedCidrs` (authorized IP ranges; AKS adds the
 *   cluster's own outbound IP itself). Source: learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges
 *   (at most 200 ranges; not combinable with a private cluster).
 * - private: a private cluster. The API server is reached through a private endpoint in the node
 *   VNet, named in a private DNS zone AKS manages (`system`), with no public FQDN.
 *   Source: learn.microsoft.com/azure/aks/private-clusters. Chosen over API Server VNet
 *   Integration (learn.microsoft.com/azure/aks/api-server-vnet-integration), which needs a
 *   delegated subnet on which the control plane's identity holds Network Contributor before the
 *   cluster exists (a user-assigned identity instead of today's system-assigned one, a change of
 *   an existing cluster's identity), and whose conversion of an existing cluster is one-way.
 * The mode is fixed when the cluster is created (a non-VNet-integrated cluster cannot switch);
 * creation-settings.ts refuses a change instead of sending it.
 */
export function apiServerAccess(access: ApiAccessConfig): containerservice.ManagedClusterArgs["apiServerAccessProfile"] {
    if (access.mode === "private") {
        return { enablePrivateCluster: true, privateDNSZone: "system", enablePrivateClusterPublicFQDN: false };
    }
    if (access.mode !== "public") throw new Error(`fhir-ha:cluster.apiAccess.mode = ${JSON.stringify(access.mode)}: azure offers public | private`);
    return { enablePrivateCluster: false, authorizedIPRanges: [...access.allowedCidrs] };
}

/**
 * Inputs of the ManagedCluster that `pulumi up` must not send after creation:
 * - `agentPoolProfiles`: the inline system pool is read at creation only (creation-settings.ts
 *   refuses a change with the procedure; the autoscaler owns its count);
 * - `apiServerAccessProfile.enablePrivateCluster`: fixed at creation (refused likewise);
 * - `kubernetesVersion` when the channel is stable or rapid: AKS moves the minor version itself
 *   (learn.microsoft.com/azure/aks/auto-upgrade-cluster), so the stack's value is the creation
 *   version and sending it again would ask AKS for a downgrade, which it refuses.
 */
export function clusterIgnoreChanges(config: FhirHaConfig): string[] {
    const ignore = ["agentPoolProfiles", "apiServerAccessProfile.enablePrivateCluster"];
    if (MINOR_UPGRADING_CHANNELS.includes(config.azure.upgradeChannel)) ignore.push("kubernetesVersion");
    return ignore;
}
