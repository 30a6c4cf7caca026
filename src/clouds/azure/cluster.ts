/**
 * The Azure target: an AKS cluster across the region's availability zones, a zone-redundant Blob
 * container for the Barman Cloud plugin and the workload identity that lets the database pods
 * write it, handed to the tiers through `ClusterTarget`.
 */
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as resources from "@pulumi/azure-native/resources";
import { BackupStore, CloudClusterArgs, ClusterTarget } from "../../cloud/types";
import { managedClusterArgs } from "./aks";
import { createBackupAccess } from "./backup-access";
import { createBackupStorage } from "./backup-storage";
import { createClusterAccess } from "./kubeconfig";
import { createClusterAdmins } from "./cluster-admins";
import { azureNames } from "./naming";
import { createNetwork, grantClusterSubnetAccess } from "./network";
import { networkPlan } from "./network-plan";
import { createUserPools } from "./user-pools";
import { blobProtection } from "./retention";
import { createStorageClasses, POSTGRES_STORAGE_CLASS, SNAPSHOT_CLASS } from "./storage-classes";

export class AzureCluster extends pulumi.ComponentResource implements ClusterTarget {
    public readonly provider: KubernetesProvider;
    public readonly zones: pulumi.Output<string[]>;
    public readonly storageClassName: pulumi.Input<string>;
    public readonly volumeSnapshotClassName?: pulumi.Input<string>;
    public readonly backupStore: BackupStore;
    public readonly clusterReady: pulumi.Resource[];
    public readonly clusterName: pulumi.Output<string>;
    public readonly kubeconfig: pulumi.Output<string>;
    public readonly backupBucket: pulumi.Output<string>;
    /** Azure CNI powered by Cilium (aks.ts: networkDataplane and networkPolicy "cilium"). */
    public readonly networkPolicyEnforcement = "Azure CNI powered by Cilium";
    /** The AKS OIDC issuer the backup identity trusts. */
    public readonly oidcIssuerUrl: pulumi.Output<string>;

    constructor(name: string, args: CloudClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fhir-ha:azure:Cluster", name, {}, opts);
        const { config } = args;
        const names = azureNames(pulumi.getProject(), pulumi.getStack());
        const tags = { app: "fhir-ha", "pulumi-stack": pulumi.getStack() };
        const location = config.region;
        const client = authorization.getClientConfigOutput({ parent: this });

        const group = new resources.ResourceGroup(
            `${name}-resource-group`,
            { resourceGroupName: names.resourceGroup, location, tags },
            { parent: this },
        );
        const plan = networkPlan(config.azure.vnetCidr);
        const net = createNetwork(
            name,
            { resourceGroupName: group.name, location, vnetName: names.virtualNetwork, subnetName: names.nodeSubnet, plan, tags },
            this,
        );
        const cluster = new containerservice.ManagedCluster(
            `${name}-aks`,
            managedClusterArgs({
                config,
                resourceGroupName: group.name,
                clusterName: names.cluster,
                dnsPrefix: names.dnsPrefix,
                subnetId: net.nodeSubnet.id,
                network: plan,
                tags,
            }),
            // The inline system pool is only read at creation (its zones and VM size cannot change
            // in place, the autoscaler owns its count); later pool changes go through AgentPool.
            { parent: this, ignoreChanges: ["agentPoolProfiles"] },
        );
        const subnetAccess = grantClusterSubnetAccess(
            name,
            {
                subnetId: net.nodeSubnet.id,
                clusterPrincipalId: cluster.identity.apply((id) => {
                    if (!id?.principalId) throw new Error(`AKS cluster ${names.cluster} reports no system-assigned identity`);
                    return id.principalId;
                }),
                subscriptionId: client.subscriptionId,
            },
            this,
        );
        const userPools = createUserPools(name, { config, resourceGroupName: group.name, clusterName: cluster.name, subnetId: net.nodeSubnet.id }, this);
        const admins = createClusterAdmins(
            name,
            {
                clusterId: cluster.id,
                subscriptionId: client.subscriptionId,
                adminGroupObjectIds: config.azure.adminGroupObjectIds,
            },
            this,
        );
        const access = createClusterAccess(name, { resourceGroupName: group.name, clusterName: cluster.name }, this, admins);
        const classes = createStorageClasses(name, access.provider, this, userPools);

        const protection = blobProtection(config.backup, config.database);
        const backup = createBackupStorage(
            name,
            {
                resourceGroupName: group.name,
                location,
                accountPrefix: names.storageAccountPrefix,
                containerName: names.backupContainer,
                redundancy: config.azure.storageRedundancy,
                backupAuth: config.azure.backupAuth,
                immutable: config.backup.immutable,
                protection,
                tags,
            },
            this,
        );
        this.oidcIssuerUrl = cluster.oidcIssuerProfile.apply((p) => {
            if (!p?.issuerURL) throw new Error(`AKS cluster ${names.cluster} reports no OIDC issuer URL; workload identity needs it`);
            return p.issuerURL;
        });

        const backupAccess = createBackupAccess(
            name,
            {
                backupAuth: config.azure.backupAuth,
                storage: backup,
                resourceGroupName: group.name,
                location,
                subscriptionId: client.subscriptionId,
                identityName: names.backupIdentity,
                oidcIssuerUrl: this.oidcIssuerUrl,
                serviceAccounts: args.backupServiceAccounts,
                tags,
            },
            this,
        );
        this.backupStore = backupAccess.store;

        this.provider = access.provider;
        this.kubeconfig = access.kubeconfig;
        this.zones = pulumi.output(config.zoneNames);
        this.storageClassName = classes.storageClass.metadata.apply((m) => m.name ?? POSTGRES_STORAGE_CLASS);
        this.volumeSnapshotClassName = SNAPSHOT_CLASS;
        // In-cluster objects wait for workload nodes, storage classes, API access and a writable
        // backup container, so the first WAL archive does not fail on a missing grant.
        this.clusterReady = [...userPools, subnetAccess, classes.storageClass, classes.snapshotClass, ...admins, ...backup.ready, ...backupAccess.ready];
        this.clusterName = cluster.name;
        this.backupBucket = pulumi.interpolate`${backup.account.name}/${backup.container.name}`;
        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
            backupBucket: this.backupBucket,
            oidcIssuerUrl: this.oidcIssuerUrl,
        });
    }
}
