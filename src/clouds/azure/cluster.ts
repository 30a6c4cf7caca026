/**
 * The Azure target: an AKS cluster across the region's availability zones, a zone-redundant Blob
 * container for the Barman Cloud plugin and the workload identity that lets the database pods
 * write it, handed to the tiers through `ClusterTarget`.
 */
import { archiveRedundancy } from "./archive-redundancy";
import { dropApiVersionAliases } from "./api-version-aliases";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as resources from "@pulumi/azure-native/resources";
import { auditRetentionDays } from "../../cloud/audit-retention";
import { BackupStore, ClusterTarget } from "../../cloud/types";
import { CloudClusterArgs } from "../types";
import { backupPolicy } from "../../config/backup-policy";
import { createAuditDiagnostics } from "./diagnostics";
import { createBackupAccess } from "./backup-access";
import { createBackupStorage } from "./backup-storage";
import { clusterIgnoreChanges, managedClusterArgs } from "./aks";
import { createClusterAccess } from "./kubeconfig";
import { createClusterAdmins, deployerGrant } from "./cluster-admins";
import { privateModeProblems, refuseCreationTimeChanges, systemPoolProblems } from "./creation-settings";
import { deployerPrincipalType, kubeloginMode, providerAuth } from "./kubelogin";
import { MAINTENANCE_CONFIGURATIONS, maintenanceConfigurationArgs } from "./maintenance";
import { readLiveCluster } from "./live-cluster";
import { zoneLabels } from "./zones";
import { systemNodeSize, systemPoolLag } from "./node-pools";
import { azureNames } from "./naming";
import { createNetwork, grantClusterSubnetAccess } from "./network";
import { networkPlan } from "./network-plan";
import { createUserPools } from "./user-pools";
import { blobProtection } from "./retention";
import { createStorageClasses, SNAPSHOT_CLASS } from "./storage-classes";
import { createStandbyRead, standbyContainerScope } from "./standby-access";
import { standbyArchiveOf } from "../standby-archive";

export class AzureCluster extends pulumi.ComponentResource implements ClusterTarget {
    public readonly provider: KubernetesProvider;
    public readonly retainedObjectsProvider: KubernetesProvider;
    public readonly zones: pulumi.Output<string[]>;
    public readonly storageClassName: pulumi.Input<string>;
    public readonly volumeAttributesClassName?: pulumi.Input<string>;
    public readonly volumeSnapshotClassName?: pulumi.Input<string>;
    public readonly backupStore: BackupStore;
    public readonly clusterReady: pulumi.Resource[];
    public readonly clusterName: pulumi.Output<string>;
    public readonly kubeconfig: pulumi.Output<string>;
    public readonly backupBucket: pulumi.Output<string>;
    public readonly replicaArchiveURL: pulumi.Output<string>;
    /** Azure CNI powered by Cilium (aks.ts: networkDataplane and networkPolicy "cilium"). */
    public readonly networkPolicyEnforcement = "Azure CNI powered by Cilium";
    /** The AKS OIDC issuer the backup identity trusts. */
    public readonly oidcIssuerUrl: pulumi.Output<string>;

    constructor(name: string, args: CloudClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // A malformed standbyOf.archiveURL fails here, before anything is registered.
        const standbyArchive = standbyArchiveOf(args.config);
        // Every azure-native resource below drops its API-version aliases (api-version-aliases.ts).
        super("fhir-ha:azure:Cluster", name, {}, { ...opts, transformations: [...(opts?.transformations ?? []), dropApiVersionAliases] });
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
            // Creation-time settings and, under stable/rapid, the version AKS moves (aks.ts).
            { parent: this, ignoreChanges: clusterIgnoreChanges(config) },
        );
        // What AKS fixed at creation and the stack no longer sends: a change is refused here,
        // before the pools, the grants or anything in the cluster are touched (creation-settings.ts).
        // The check gates those resources through `dependsOn` only: their identities (the
        // cluster's name, its ARM ID) are plain or known in every preview of an update, so a
        // preview of a cluster update shows an update, never a replace of the Kubernetes provider
        // and every object it manages (live-cluster.ts says which outputs a preview loses).
        // The gate resolves to no resource: the dependency on the cluster is the one the live read
        // carries (its invoke `dependsOn` the cluster, and @pulumi/pulumi runtime/invoke.js
        // returns those dependencies with the result), and `dependsOn` adds an Output's
        // resources to its value's (runtime/dependsOn.js `gatherExplicitDependencies`). A
        // Resource in the value would cost every Output derived from it a walk of the whole
        // resource graph reachable from the cluster (output.js `containsUnknowns`): that made the
        // azure-prod plan a third slower.
        const live = readLiveCluster({ resourceGroupName: names.resourceGroup, clusterName: names.cluster, cluster }, this);
        const checked: pulumi.Output<pulumi.Resource[]> = pulumi
            .all([live.agentPoolProfiles, live.apiServerAccessProfile])
            .apply(([pools, access]) => {
                refuseCreationTimeChanges([
                    ...systemPoolProblems({ vmSize: systemNodeSize(config), zones: config.zoneNames }, pools, names.cluster),
                    ...privateModeProblems(config.cluster.apiAccess.mode === "private", access, names.cluster),
                ]);
                const lag = systemPoolLag(config, pools, names.resourceGroup, names.cluster);
                if (lag) pulumi.log.warn(lag, cluster);
                return [];
            });
        const gated = { parent: this, dependsOn: checked };
        const maintenance = MAINTENANCE_CONFIGURATIONS.map(
            (configName) =>
                new containerservice.MaintenanceConfiguration(
                    `${name}-maintenance-${configName}`,
                    maintenanceConfigurationArgs(configName, group.name, names.cluster, config.cluster.maintenance),
                    gated,
                ),
        );
        const subnetAccess = grantClusterSubnetAccess(
            name,
            { subnetId: net.nodeSubnet.id, clusterPrincipalId: live.principalId, subscriptionId: client.subscriptionId },
            this,
        );
        const userPools = createUserPools(
            name,
            { config, resourceGroupName: group.name, clusterName: names.cluster, subnetId: net.nodeSubnet.id },
            gated,
        );
        // The kubeconfig signs in the way the azure-native provider does (kubelogin.ts).
        const auth = providerAuth(pulumi.runtime.allConfig(), process.env);
        const loginMode = kubeloginMode(config.azure.kubeloginMode, auth);
        const admins = createClusterAdmins(
            name,
            {
                // The cluster's ARM ID: known in every preview but the one that creates it.
                clusterId: cluster.id,
                subscriptionId: client.subscriptionId,
                adminGroupObjectIds: config.azure.adminGroupObjectIds,
                deployer: deployerGrant(config.azure.deployerObjectId, client.objectId, client.clientId.apply((id) => deployerPrincipalType(loginMode, id))),
            },
            gated,
        );
        const identity = client.apply((c) => ({
            // A system-assigned managed identity is found without a client id; an explicit one names a user-assigned identity.
            clientId: loginMode === "msi" ? auth.clientId : c.clientId,
            tenantId: c.tenantId,
        }));
        const access = createClusterAccess(
            name,
            { resourceGroupName: names.resourceGroup, clusterName: names.cluster, loginMode, identity, gate: checked },
            this,
            [...admins, ...maintenance],
        );
        const classes = createStorageClasses(name, access.provider, this, userPools, {
            sku: config.azure.diskSku,
            iops: config.database.diskIops,
            throughput: config.database.diskThroughput,
        });

        const protection = blobProtection(config.backup, config.database);
        const backup = createBackupStorage(
            name,
            {
                resourceGroupName: group.name,
                location,
                accountPrefix: names.storageAccountPrefix,
                containerName: names.backupContainer,
                redundancy: archiveRedundancy(config),
                backupAuth: config.azure.backupAuth,
                immutable: config.backup.immutable,
                protection,
                allowedSubnetId: net.nodeSubnet.id,
                readerSubnetIds: config.azure.backupReaderSubnetIds,
                tags,
            },
            this,
        );
        createAuditDiagnostics(
            name,
            {
                resourceGroupName: group.name,
                location,
                clusterId: cluster.id,
                storageAccountId: backup.account.id,
                retentionDays: auditRetentionDays(backupPolicy(config.backup, config.database).retentionDays),
                tags,
            },
            this,
        );
        this.oidcIssuerUrl = live.oidcIssuerUrl;

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
        // azureStandbyProblems (preflight.ts) refused standbyOf without workload identity, so principalId is there.
        const standbyRead =
            standbyArchive && backupAccess.principalId
                ? [
                      createStandbyRead(
                          name,
                          {
                              principalId: backupAccess.principalId,
                              subscriptionId: client.subscriptionId,
                              scope: client.subscriptionId.apply((sub) =>
                                  standbyContainerScope(sub, pulumi.getProject(), config.database.standbyOf.stack, standbyArchive),
                              ),
                          },
                          this,
                      ),
                  ]
                : [];

        this.provider = access.provider;
        this.retainedObjectsProvider = access.retainedObjectsProvider;
        this.kubeconfig = access.kubeconfig;
        // As nodes carry them in topology.kubernetes.io/zone: "<region>-<n>" (zones.ts).
        this.zones = pulumi.output(zoneLabels(location, config.zoneNames));
        this.storageClassName = classes.storageClass.metadata.name;
        this.volumeSnapshotClassName = SNAPSHOT_CLASS;
        this.volumeAttributesClassName = classes.performanceClass?.metadata.name;
        // In-cluster objects wait for workload nodes, storage classes, API access and a writable
        // backup container, so the first WAL archive does not fail on a missing grant.
        this.clusterReady = [...userPools, ...maintenance, subnetAccess, classes.storageClass, classes.snapshotClass, ...admins, ...backup.ready, ...backupAccess.ready, ...standbyRead];
        this.clusterName = cluster.name;
        this.backupBucket = pulumi.interpolate`${backup.account.name}/${backup.container.name}`;
        // RA-GZRS serves its copy at the account's `-secondary` endpoint
        // (https://learn.microsoft.com/azure/storage/common/storage-redundancy#read-access-to-data-in-the-secondary-region).
        this.replicaArchiveURL = config.backup.replica.region
            ? pulumi.interpolate`https://${backup.account.name}-secondary.blob.core.windows.net/${backup.container.name}`
            : pulumi.output("");
        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
            backupBucket: this.backupBucket,
            replicaArchiveURL: this.replicaArchiveURL,
            oidcIssuerUrl: this.oidcIssuerUrl,
        });
    }
}
