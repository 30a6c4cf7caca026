/**
 * The Azure target rendered under the mock runtime, with the database and FHIR tiers on top:
 * AKS and pool settings, backup storage hardening, and the wiring that makes backups work
 * (federated subjects = the CNPG Clusters' service accounts, issuer = the cluster's, role scope =
 * the container, ObjectStore destinations inside the container).
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { AZURE_KEY_SECRET } from "../src/clouds/azure/backup-store";
import { SNAPSHOT_CLASS } from "../src/clouds/azure/storage-classes";
import { FhirHaConfig } from "../src/config/types";
import { validateConfig } from "../src/validation";
import { databaseNames } from "../src/names";
import { afterDeploy } from "../src/plan/mocks/types";
import { MOCK_AZURE_CLIENT } from "../src/plan/mocks/azure";
import { FhirPlatform } from "../src/platform/fhir-platform";
import { render, Rendered } from "./support/render";
import { withTestApiAccess } from "./support/config";

const REGION = "westeurope";
const GROUP = "3f2a9c4e-7b1d-4e8a-9c6f-2d5b8e1a7c90";
const RUNTIME = { stack: "azure-prod" };

const T = {
    group: "azure-native:resources:ResourceGroup",
    vnet: "azure-native:network:VirtualNetwork",
    subnet: "azure-native:network:Subnet",
    cluster: "azure-native:containerservice:ManagedCluster",
    pool: "azure-native:containerservice:AgentPool",
    account: "azure-native:storage:StorageAccount",
    blobService: "azure-native:storage:BlobServiceProperties",
    container: "azure-native:storage:BlobContainer",
    lifecycle: "azure-native:storage:ManagementPolicy",
    worm: "azure-native:storage:BlobContainerImmutabilityPolicy",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    fic: "azure-native:managedidentity:FederatedIdentityCredential",
    role: "azure-native:authorization:RoleAssignment",
};

const azureConfig = (raw: Record<string, any> = {}) =>
    validateConfig(withTestApiAccess({ cloud: "azure", ...raw, azure: { adminGroupObjectIds: [GROUP], ...(raw.azure ?? {}) } }), { region: REGION });

const valueOf = <V>(o: pulumi.Input<V>): Promise<V> => new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as V)));

interface PlatformRender {
    r: Rendered;
    platform: FhirPlatform;
}

/**
 * Renders are the slow part (about two seconds each on a busy machine), so each distinct config is
 * rendered once per file and shared by the tests that read it.
 */
const renders = new Map<string, Promise<PlatformRender>>();

function renderPlatformOnce(config: FhirHaConfig): Promise<PlatformRender> {
    const key = JSON.stringify(config);
    if (!renders.has(key)) {
        renders.set(
            key,
            (async () => {
                let platform: FhirPlatform | undefined;
                const r = await render(async () => {
                    platform = new FhirPlatform("fhir", { config });
                    await valueOf(platform.databaseCluster);
                }, RUNTIME);
                return { r, platform: platform! };
            })(),
        );
    }
    return renders.get(key)!;
}

async function renderPlatform(config: FhirHaConfig): Promise<Rendered> {
    return (await renderPlatformOnce(config)).r;
}

const SECOND_GROUP = "0c9d2e7a-5b4f-4a3e-8d1c-6f7a8b9c0d1e";

/** Every non-default setting the tests need, in one render. */
const variantConfig = () =>
    azureConfig({
        cluster: { nodesPerZone: 2, maxNodesPerZone: 4 },
        azure: { vnetCidr: "10.100.0.0/14", adminGroupObjectIds: [GROUP, SECOND_GROUP], storageRedundancy: "GZRS" },
        backup: { retention: "6w", immutable: true },
        database: { restore: { enabled: true } },
    });

const resourceOptions = new Map<string, { protect: boolean }>();

beforeAll(async () => {
    await render(() => undefined, RUNTIME);
    const monitor = (pulumi.runtime as any).getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        resourceOptions.set(req.getName(), { protect: req.getProtect() });
        return register(req, callback);
    };
});

/** The single resource of a type (its inputs). */
function only(r: Rendered, type: string): Record<string, any> {
    const all = r.ofType(type);
    expect(all).toHaveLength(1);
    return r.inputs(type, all[0].name);
}

describe("AKS", () => {
    it("is a Standard-tier cluster with OIDC issuer, workload identity, Cilium policy, Entra ID and no local accounts", async () => {
        const r = await renderPlatform(azureConfig());
        const aks = only(r, T.cluster);
        expect(aks.location).toBe(REGION);
        expect(aks.sku).toEqual({ name: "Base", tier: "Standard" });
        expect(aks.oidcIssuerProfile).toEqual({ enabled: true });
        expect(aks.securityProfile.workloadIdentity).toEqual({ enabled: true });
        expect(aks.networkProfile).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium" });
        expect(aks.aadProfile).toEqual({ managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [GROUP] });
        expect(aks.disableLocalAccounts).toBe(true);
        expect(aks.autoUpgradeProfile.upgradeChannel).toBe("stable");
        expect(aks.resourceGroupName).toBe(only(r, T.group).resourceGroupName);
    });

    it("spreads the system pool over zones 1-3 and gives each zone an autoscaling user pool on the node subnet", async () => {
        const r = await renderPlatform(variantConfig());
        const aks = only(r, T.cluster);
        const subnetId = `${r.ofType(T.subnet)[0].name}-id`;
        expect(aks.agentPoolProfiles).toHaveLength(1);
        expect(aks.agentPoolProfiles[0]).toMatchObject({ mode: "System", availabilityZones: ["1", "2", "3"], enableAutoScaling: true, vnetSubnetID: subnetId });
        const pools = r.ofType(T.pool).map((p) => r.inputs(T.pool, p.name));
        expect(pools.map((p) => p.availabilityZones)).toEqual([["1"], ["2"], ["3"]]);
        for (const p of pools) {
            expect(p).toMatchObject({ mode: "User", enableAutoScaling: true, minCount: 2, maxCount: 4, vnetSubnetID: subnetId, resourceName: aks.resourceName });
        }
    });

    it("puts the node subnet inside the configured VNet", async () => {
        const r = await renderPlatform(variantConfig());
        expect(only(r, T.vnet).addressSpace).toEqual({ addressPrefixes: ["10.100.0.0/14"] });
        const subnet = only(r, T.subnet);
        expect(subnet.addressPrefix).toBe("10.100.0.0/16");
        expect(subnet.virtualNetworkName).toBe(only(r, T.vnet).virtualNetworkName);
    });

    it("lets the cluster's own identity manage the node subnet", async () => {
        const r = await renderPlatform(azureConfig());
        const grant = r.inputs(T.role, "fhir-azure-aks-subnet-access");
        expect(grant).toMatchObject({
            // Read live from ARM (getManagedCluster), so a preview of a cluster update knows it.
            principalId: afterDeploy("azure-native:containerservice:getManagedCluster", r.ofType(T.cluster)[0].name, "identity.principalId"),
            principalType: "ServicePrincipal",
            scope: `${r.ofType(T.subnet)[0].name}-id`,
        });
        expect(grant.roleDefinitionId.endsWith("/4d97b98b-1d4f-4787-a291-c67834d212e7")).toBe(true);
    });

    it("grants the deploying identity and every admin group cluster admin through Azure RBAC", async () => {
        const r = await renderPlatform(variantConfig());
        const admins = r
            .ofType(T.role)
            .map((x) => r.inputs(T.role, x.name))
            .filter((a) => a.roleDefinitionId.endsWith("/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"));
        expect(admins.map((a) => a.principalId).sort()).toEqual([MOCK_AZURE_CLIENT.objectId, GROUP, SECOND_GROUP].sort());
        for (const a of admins) expect(a.scope).toBe(`${r.ofType(T.cluster)[0].name}-id`);
        expect(admins.filter((a) => a.principalId !== MOCK_AZURE_CLIENT.objectId).map((a) => a.principalType)).toEqual(["Group", "Group"]);
        // The mock's az CLI session is a person's: its client is the Azure CLI app.
        const deployer = r.inputs(T.role, "fhir-azure-admin-deployer");
        expect(deployer.principalId).toBe(MOCK_AZURE_CLIENT.objectId);
        expect(deployer.principalType).toBe("User");
    });

    it("the user pools, maintenance configurations and admin grants wait for the cluster (through its creation-time check)", async () => {
        const r = await renderPlatform(azureConfig());
        const cluster = r.ofType(T.cluster)[0].urn;
        const gated = [...r.ofType(T.pool), ...r.ofType(MAINTENANCE), ...r.ofType(T.role).filter((x) => x.name.startsWith("fhir-azure-admin-"))];
        expect(gated.map((x) => x.name).sort()).toEqual([
            "fhir-azure-admin-deployer",
            `fhir-azure-admin-group-${GROUP}`,
            "fhir-azure-maintenance-aksManagedAutoUpgradeSchedule",
            "fhir-azure-maintenance-aksManagedNodeOSUpgradeSchedule",
            "fhir-azure-maintenance-default",
            "fhir-azure-pool-zone-1",
            "fhir-azure-pool-zone-2",
            "fhir-azure-pool-zone-3",
        ]);
        for (const x of gated) expect(x.dependencies).toContain(cluster);
    });
});

describe("Kubernetes storage handed to the database tier", () => {
    it("creates the Premium SSD v2 StorageClass (no host caching) and incremental VolumeSnapshotClass that the CNPG Clusters use", async () => {
        const r = await renderPlatform(azureConfig());
        const [storageClass] = r.kind("StorageClass");
        expect(storageClass).toMatchObject({
            metadata: { name: "fhir-ha-premium-v2-disk" },
            provisioner: "disk.csi.azure.com",
            parameters: { skuName: "PremiumV2_LRS", cachingMode: "None" },
            volumeBindingMode: "WaitForFirstConsumer",
        });
        const [snapshotClass] = r.kind("VolumeSnapshotClass");
        expect(snapshotClass).toMatchObject({ metadata: { name: SNAPSHOT_CLASS }, driver: "disk.csi.azure.com", parameters: { incremental: "true" } });
        const clusters = r.kind("Cluster").filter((c) => c.apiVersion === "postgresql.cnpg.io/v1");
        expect(clusters.length).toBeGreaterThan(0);
        for (const c of clusters) expect(c.spec.storage.storageClass).toBe("fhir-ha-premium-v2-disk");
    });
});

describe("backup storage", () => {
    it("is a hardened, protected, zone-redundant StorageV2 account with a private container", async () => {
        const r = await renderPlatform(azureConfig());
        const account = only(r, T.account);
        expect(account).toMatchObject({
            kind: "StorageV2",
            sku: { name: "Standard_ZRS" },
            enableHttpsTrafficOnly: true,
            minimumTlsVersion: "TLS1_2",
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: false,
            location: REGION,
        });
        expect(account.accountName).toMatch(/^[a-z0-9]{3,24}$/);
        const container = only(r, T.container);
        expect(container).toMatchObject({ accountName: account.accountName, publicAccess: "None" });
        expect(resourceOptions.get(r.ofType(T.account)[0].name)?.protect).toBe(true);
        expect(resourceOptions.get(r.ofType(T.container)[0].name)?.protect).toBe(true);
    });

    it("keeps versions and soft-deleted blobs for the retention plus margin, then expires old versions", async () => {
        // 30-day window (default): soft delete a week past it (37), versions after the window plus
        // one weekly full-backup interval plus the week (44); 6 weeks: 49 and 56.
        for (const [config, softDelete, versions] of [
            [azureConfig(), 37, 44],
            [variantConfig(), 49, 56],
        ] as const) {
            const r = await renderPlatform(config);
            const service = only(r, T.blobService);
            expect(service.isVersioningEnabled).toBe(true);
            expect(service.deleteRetentionPolicy).toEqual({ enabled: true, days: softDelete });
            expect(service.containerDeleteRetentionPolicy).toEqual({ enabled: true, days: softDelete });
            const rule = only(r, T.lifecycle).policy.rules[0];
            expect(rule.definition.actions.version.delete.daysAfterCreationGreaterThan).toBe(versions);
            expect(rule.definition.filters.prefixMatch).toEqual([`${only(r, T.container).containerName}/`]);
        }
    });

    it("adds version-level WORM for the retention only when backup.immutable", async () => {
        const plain = await renderPlatform(azureConfig());
        expect(plain.ofType(T.worm)).toHaveLength(0);
        expect(only(plain, T.container).immutableStorageWithVersioning).toBeUndefined();
        const worm = await renderPlatform(variantConfig());
        expect(only(worm, T.container).immutableStorageWithVersioning).toEqual({ enabled: true });
        expect(only(worm, T.worm)).toMatchObject({ immutabilityPeriodSinceCreationInDays: 42, containerName: only(worm, T.container).containerName });
    });

    it("uses GZRS when asked", async () => {
        const r = await renderPlatform(variantConfig());
        expect(only(r, T.account).sku).toEqual({ name: "Standard_GZRS" });
    });
});

describe("backup identity (workload identity)", () => {
    it("federates exactly the service accounts of the CNPG Clusters, with the cluster's issuer and the token exchange audience", async () => {
        const config = azureConfig();
        const r = await renderPlatform(config);
        const aks = r.ofType(T.cluster)[0];
        const issuer = afterDeploy("azure-native:containerservice:getManagedCluster", aks.name, "oidcIssuerProfile.issuerURL");
        const identity = only(r, T.identity);
        const credentials = r.ofType(T.fic).map((f) => r.inputs(T.fic, f.name));
        const cnpgClusters = r.kind("Cluster").filter((c) => c.apiVersion === "postgresql.cnpg.io/v1");
        // CNPG runs each Cluster's pods as a service account named after the Cluster.
        const serviceAccounts = cnpgClusters.map((c) => `system:serviceaccount:${c.metadata.namespace}:${c.metadata.name}`);
        expect(credentials.map((c) => c.subject).sort()).toEqual(serviceAccounts.sort());
        expect(credentials.map((c) => c.subject).sort()).toEqual(
            databaseNames(config).backupServiceAccounts.map((sa) => `system:serviceaccount:${sa.namespace}:${sa.name}`).sort(),
        );
        for (const c of credentials) {
            expect(c.issuer).toBe(issuer);
            expect(c.audiences).toEqual(["api://AzureADTokenExchange"]);
            expect(c.resourceName).toBe(identity.resourceName);
        }
    });

    it("grants Storage Blob Data Contributor on the backup container only", async () => {
        const r = await renderPlatform(azureConfig());
        const account = only(r, T.account);
        const container = only(r, T.container);
        const group = only(r, T.group);
        const grant = r.inputs(T.role, "fhir-azure-backup-blob-access");
        expect(grant.roleDefinitionId).toBe(
            `/subscriptions/${MOCK_AZURE_CLIENT.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`,
        );
        expect(grant.scope).toBe(
            `/subscriptions/${MOCK_AZURE_CLIENT.subscriptionId}/resourceGroups/${group.resourceGroupName}` +
                `/providers/Microsoft.Storage/storageAccounts/${account.accountName}/blobServices/default/containers/${container.containerName}`,
        );
        expect(grant).toMatchObject({ principalType: "ServicePrincipal", principalId: afterDeploy(T.identity, r.ofType(T.identity)[0].name, "principalId") });
    });

    it("points every ObjectStore inside the container and makes CNPG pods use the identity", async () => {
        const r = await renderPlatform(azureConfig());
        const account = only(r, T.account);
        const url = `https://${account.accountName}.blob.core.windows.net/${only(r, T.container).containerName}/`;
        const stores = r.kind("ObjectStore");
        expect(stores.length).toBeGreaterThan(0);
        for (const s of stores) {
            expect(s.spec.configuration.destinationPath.startsWith(url)).toBe(true);
            expect(s.spec.configuration.azureCredentials).toEqual({ useDefaultAzureCredentials: true });
        }
        const clientId = afterDeploy(T.identity, r.ofType(T.identity)[0].name, "clientId");
        for (const c of r.kind("Cluster").filter((x) => x.apiVersion === "postgresql.cnpg.io/v1")) {
            expect(c.spec.serviceAccountTemplate.metadata.annotations["azure.workload.identity/client-id"]).toBe(clientId);
            expect(c.spec.inheritedMetadata.labels["azure.workload.identity/use"]).toBe("true");
        }
        expect(r.kind("Secret").map((s) => s.metadata.name)).not.toContain(AZURE_KEY_SECRET);
    });

    it("trusts the restore cluster too when a restore is configured", async () => {
        const config = variantConfig();
        const r = await renderPlatform(config);
        const subjects = r.ofType(T.fic).map((f) => r.inputs(T.fic, f.name).subject);
        expect(subjects).toContain(`system:serviceaccount:fhir:${config.database.restore.clusterName}`);
        expect(subjects).toHaveLength(databaseNames(config).clusters.length);
    });
});

describe("backupAuth: accountKey (explicit fallback)", () => {
    it("keeps shared keys, hands the key to the database tier as a Secret and creates no identity", async () => {
        const r = await renderPlatform(azureConfig({ azure: { backupAuth: "accountKey" } }));
        const account = only(r, T.account);
        expect(account.allowSharedKeyAccess).toBe(true);
        expect(r.ofType(T.identity)).toHaveLength(0);
        expect(r.ofType(T.fic)).toHaveLength(0);
        const [secret] = r.kind("Secret").filter((s) => s.metadata.name === AZURE_KEY_SECRET);
        expect(secret.stringData.AZURE_STORAGE_ACCOUNT).toBe(account.accountName);
        expect(secret.stringData.AZURE_STORAGE_KEY).toBe(afterDeploy("azure-native:storage:StorageAccount", account.accountName, "keys[0]"));
        expect(r.kind("ObjectStore").length).toBeGreaterThan(0);
        for (const s of r.kind("ObjectStore")) {
            expect(s.spec.configuration.azureCredentials).toEqual({
                storageAccount: { name: AZURE_KEY_SECRET, key: "AZURE_STORAGE_ACCOUNT" },
                storageKey: { name: AZURE_KEY_SECRET, key: "AZURE_STORAGE_KEY" },
            });
        }
    });
});

describe("ClusterTarget outputs", () => {
    it("exposes the cluster name, the account/container and a kubeconfig that logs in with the Azure CLI", async () => {
        const { r, platform } = await renderPlatformOnce(azureConfig());
        expect(await valueOf(platform!.clusterName)).toBe(only(r, T.cluster).resourceName);
        expect(await valueOf(platform!.backupBucket)).toBe(`${only(r, T.account).accountName}/${only(r, T.container).containerName}`);
        const kubeconfig = (await valueOf(platform!.kubeconfig)) as string;
        expect(kubeconfig).toContain("command: kubelogin");
        expect(kubeconfig).toMatch(/- --login\s+- azurecli/);
        expect(kubeconfig).not.toContain("devicecode");
    });
});

/** Private API server, LTS on a pinned version, CI login through workload identity. */
const lockedDownConfig = () =>
    azureConfig({
        cluster: { kubernetesVersion: "1.35", apiAccess: { mode: "private" } },
        azure: { extendedSupport: true, upgradeChannel: "patch", kubeloginMode: "workloadidentity" },
    });

const K8S_PROVIDER = "pulumi:providers:kubernetes";
const MAINTENANCE = "azure-native:containerservice:MaintenanceConfiguration";
const LOCK = "azure-native:authorization:ManagementLockByScope";

async function kubeconfigArgs(config: FhirHaConfig): Promise<string[]> {
    const { platform } = await renderPlatformOnce(config);
    const kubeconfig = (await valueOf(platform.kubeconfig)) as string;
    return (await import("yaml")).parse(kubeconfig).users[0].user.exec.args;
}

describe("version policy (rendered)", () => {
    it("leaves the version to AKS by default and never sends it back under the stable channel", async () => {
        const r = await renderPlatform(azureConfig());
        const aks = r.ofType(T.cluster)[0];
        expect(r.inputs(T.cluster, aks.name).kubernetesVersion).toBeUndefined();
        expect(aks.ignoreChanges).toEqual(expect.arrayContaining(["kubernetesVersion", "agentPoolProfiles", "apiServerAccessProfile.enablePrivateCluster"]));
    });

    it("user pools never send a version read from state: none under stable, the pinned minor (never a patch) under patch", async () => {
        const stable = await renderPlatform(azureConfig());
        const patch = await renderPlatform(lockedDownConfig());
        expect(stable.ofType(T.pool)).toHaveLength(3);
        for (const p of stable.ofType(T.pool)) expect(stable.inputs(T.pool, p.name)).not.toHaveProperty("orchestratorVersion");
        expect(patch.ofType(T.pool)).toHaveLength(3);
        for (const p of patch.ofType(T.pool)) expect(patch.inputs(T.pool, p.name).orchestratorVersion).toBe("1.35");
    });

    it("a pinned LTS cluster is Premium with the LTS plan, and its pin is sent (patch channel)", async () => {
        const r = await renderPlatform(lockedDownConfig());
        const aks = only(r, T.cluster);
        expect(aks).toMatchObject({ kubernetesVersion: "1.35", sku: { name: "Base", tier: "Premium" }, supportPlan: "AKSLongTermSupport" });
        expect(aks.autoUpgradeProfile.upgradeChannel).toBe("patch");
        expect(r.ofType(T.cluster)[0].ignoreChanges).not.toContain("kubernetesVersion");
    });
});

describe("API server access and the deploying identity (rendered)", () => {
    it("public: only the configured CIDRs reach the API server", async () => {
        const config = azureConfig();
        const aks = only(await renderPlatform(config), T.cluster);
        expect(aks.apiServerAccessProfile).toEqual({ enablePrivateCluster: false, authorizedIPRanges: config.cluster.apiAccess.allowedCidrs });
        expect(config.cluster.apiAccess.allowedCidrs.length).toBeGreaterThan(0);
    });

    it("private: a private cluster; the deploying CI identity is a service principal granted cluster admin", async () => {
        const r = await renderPlatform(lockedDownConfig());
        expect(only(r, T.cluster).apiServerAccessProfile).toEqual({ enablePrivateCluster: true, privateDNSZone: "system", enablePrivateClusterPublicFQDN: false });
        const deployer = r.inputs(T.role, "fhir-azure-admin-deployer");
        expect(deployer).toMatchObject({ principalId: MOCK_AZURE_CLIENT.objectId, principalType: "ServicePrincipal", scope: `${r.ofType(T.cluster)[0].name}-id` });
    });

    it("the Kubernetes provider waits for the admin grants and is identified by the cluster's name", async () => {
        const r = await renderPlatform(azureConfig());
        const provider = r.get(K8S_PROVIDER, "fhir-azure-provider");
        expect(r.inputs(K8S_PROVIDER, "fhir-azure-provider").clusterIdentifier).toBe(only(r, T.cluster).resourceName);
        const grants = r.ofType(T.role).filter((x) => x.name.startsWith("fhir-azure-admin-"));
        expect(grants.length).toBe(2);
        for (const g of grants) expect(provider.dependencies).toContain(g.urn);
    });

    it("the kubeconfig signs in with the Azure CLI locally and with workload identity in CI, never device code", async () => {
        const local = await kubeconfigArgs(azureConfig());
        expect(local.slice(-2)).toEqual(["--login", "azurecli"]);
        const ci = await kubeconfigArgs(lockedDownConfig());
        expect(ci.slice(-6)).toEqual(["--login", "workloadidentity", "--client-id", MOCK_AZURE_CLIENT.clientId, "--tenant-id", MOCK_AZURE_CLIENT.tenantId]);
        for (const args of [local, ci]) expect(args.join(" ")).not.toContain("devicecode");
    });
});

describe("maintenance (rendered)", () => {
    it("schedules cluster upgrades, node OS upgrades and AKS's weekly releases in the maintenance window, before anything runs in the cluster", async () => {
        const r = await renderPlatform(azureConfig());
        const configs = r.ofType(MAINTENANCE).map((m) => r.inputs(MAINTENANCE, m.name));
        expect(configs.map((c) => c.configName).sort()).toEqual(["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule", "default"]);
        for (const c of configs) expect(c.resourceName).toBe(only(r, T.cluster).resourceName);
        for (const c of configs.filter((x) => x.configName !== "default")) {
            expect(c.maintenanceWindow).toMatchObject({ schedule: { weekly: { dayOfWeek: "Saturday", intervalWeeks: 1 } }, startTime: "02:00", durationHours: 6, utcOffset: "+00:00" });
        }
        // The default window (Saturday and Sunday, 02:00 UTC for 6 hours) as one-hour slots.
        expect(configs.find((c) => c.configName === "default")).toMatchObject({
            timeInWeek: [
                { day: "Saturday", hourSlots: [2, 3, 4, 5, 6, 7] },
                { day: "Sunday", hourSlots: [2, 3, 4, 5, 6, 7] },
            ],
        });
        const provider = r.get(K8S_PROVIDER, "fhir-azure-provider");
        for (const m of r.ofType(MAINTENANCE)) expect(provider.dependencies).toContain(m.urn);
    });
});

describe("backup storage protection (rendered)", () => {
    it("locks the account against deletion, protects the lock, blob service and lifecycle policy", async () => {
        const r = await renderPlatform(azureConfig());
        const account = r.ofType(T.account)[0];
        const [lock] = r.ofType(LOCK);
        expect(r.inputs(LOCK, lock.name)).toMatchObject({ scope: `${account.name}-id`, level: "CanNotDelete" });
        for (const x of [lock, r.ofType(T.blobService)[0], r.ofType(T.lifecycle)[0], account, r.ofType(T.container)[0]]) expect(x.protect).toBe(true);
    });

    it("denies every network but the AKS node subnet, through its storage service endpoint", async () => {
        const r = await renderPlatform(azureConfig());
        const subnetId = `${r.ofType(T.subnet)[0].name}-id`;
        expect(only(r, T.account).networkRuleSet).toEqual({
            defaultAction: "Deny",
            bypass: "None",
            ipRules: [],
            virtualNetworkRules: [{ virtualNetworkResourceId: subnetId, action: "Allow" }],
        });
        expect(only(r, T.subnet).serviceEndpoints).toEqual([{ service: "Microsoft.Storage" }]);
    });

    it("never sends version-level immutability to an existing container, and puts the WORM policy only on one that has it", async () => {
        const r = await renderPlatform(variantConfig());
        const container = r.ofType(T.container)[0];
        expect(container.ignoreChanges).toEqual(["immutableStorageWithVersioning"]);
        const worm = r.ofType(T.worm)[0];
        expect(worm.dependencies).toContain(container.urn);
    });
});
