/**
 * The pure parts of the Azure target: zones, settings checks, address plan, names, protection
 * windows, storage and cluster specs, kubeconfig rewrite, federation subjects.
 */
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { resolveZones } from "../src/clouds/azure";
import { managedClusterArgs } from "../src/clouds/azure/aks";
import { blobServiceArgs, containerUrl, lifecyclePolicy, storageAccountArgs } from "../src/clouds/azure/blob-specs";
import { accountKeyStore, AZURE_KEY_SECRET, workloadIdentityStore } from "../src/clouds/azure/backup-store";
import { formatCidr, overlaps, parseCidr } from "../src/cloud/ipv4";
import { nodeSubnetCidr } from "../src/clouds/azure/cidr";
import { federatedCredentialName, federatedSubject, WORKLOAD_IDENTITY_AUDIENCE } from "../src/clouds/azure/federation";
import { decodeKubeconfig, withKubeloginLogin } from "../src/clouds/azure/kubeconfig";
import { azureNames, slug } from "../src/clouds/azure/naming";
import { networkPlan, networkProblems, POD_CIDR, SERVICE_CIDR } from "../src/clouds/azure/network-plan";
import { SYSTEM_POOL_NAME, systemPoolProfile, userPoolSpecs } from "../src/clouds/azure/node-pools";
import { azureSettingsProblems } from "../src/clouds/azure/preflight";
import { blobProtection, retentionProblems } from "../src/clouds/azure/retention";
import { blobContainerScope, roleDefinitionId, STORAGE_BLOB_DATA_CONTRIBUTOR } from "../src/clouds/azure/roles";
import { postgresSnapshotClassArgs, postgresStorageClassArgs } from "../src/cloud/postgres-storage";
import { AZURE_DISK_STORAGE } from "../src/clouds/azure/storage-classes";
import { normalizeRegion, pickZones, regionHasZones } from "../src/clouds/azure/zones";
import { ConfigValidationError } from "../src/config/errors";
import { validateConfig } from "../src/validation";
import { mockAksUserKubeconfig } from "../src/plan/mocks/azure";
import { withTestApiAccess } from "./support/config";

const GROUP = "3f2a9c4e-7b1d-4e8a-9c6f-2d5b8e1a7c90";
const azure = (raw: Record<string, any> = {}, region = "westeurope") =>
    validateConfig(withTestApiAccess({ cloud: "azure", ...raw, azure: { adminGroupObjectIds: [GROUP], ...(raw.azure ?? {}) } }), { region });

async function problemsOf(p: Promise<unknown>): Promise<string[]> {
    try {
        await p;
    } catch (e) {
        expect(e).toBeInstanceOf(ConfigValidationError);
        return (e as ConfigValidationError).problems;
    }
    throw new Error("expected a ConfigValidationError");
}

describe("zones", () => {
    it("takes the first zoneCount of 1, 2, 3 in a zone-redundant region", async () => {
        expect(await resolveZones(azure())).toEqual(["1", "2", "3"]);
        expect(await resolveZones(azure({ zones: 2, database: { instances: 2 } }))).toEqual(["1", "2"]);
    });

    it("keeps explicit zones in the order given", async () => {
        expect(await resolveZones(azure({ zones: ["3", "1"], database: { instances: 2 } }))).toEqual(["3", "1"]);
    });

    it("accepts display-name spellings of a region", () => {
        expect(normalizeRegion("West Europe")).toBe("westeurope");
        expect(regionHasZones("West Europe")).toBe(true);
    });

    it("rejects a region without availability zones, naming fhir-ha:zones and the location", async () => {
        const problems = await problemsOf(resolveZones(azure({}, "westus")));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^fhir-ha:zones: azure-native:location "westus" has no availability zones/);
        expect(problems[0]).toContain("westeurope");
    });

    it("lists the region's zones when an explicit zone is not one of them", () => {
        const { problems } = pickZones("westeurope", 2, ["1", "4"]);
        expect(problems).toEqual([expect.stringMatching(/^fhir-ha:zones = \["1","4"\]: westeurope has zones "1", "2", "3" \(not 4\)/)]);
    });

    it("rejects repeated zones and more zones than the region has", () => {
        expect(pickZones("westeurope", 2, ["2", "2"]).problems[0]).toMatch(/^fhir-ha:zones .*distinct \(repeated: 2\)/);
        expect(pickZones("westeurope", 4, []).problems[0]).toMatch(/^fhir-ha:zones = 4: westeurope has 3 availability zones/);
    });
});

describe("settings checks before any resource", () => {
    it("takes admin groups as optional GUIDs (the deploying identity is granted directly)", async () => {
        const none = validateConfig(withTestApiAccess({ cloud: "azure" }), { region: "westeurope" });
        expect(azureSettingsProblems(none)).toEqual([]);
        const bad = azure({ azure: { adminGroupObjectIds: ["platform-admins"] } });
        expect(azureSettingsProblems(bad)).toEqual([expect.stringMatching(/^fhir-ha:azure\.adminGroupObjectIds = .*not: platform-admins$/)]);
    });

    it("reports every problem at once through resolveZones", async () => {
        const problems = await problemsOf(resolveZones(azure({ backup: { retention: "400d" }, azure: { vnetCidr: "10.0.0.0/8" } }, "northcentralus")));
        expect(problems.map((p) => p.split(/[ :=]/)[0])).toEqual(["fhir-ha", "fhir-ha", "fhir-ha", "fhir-ha"]);
        expect(problems.join("\n")).toMatch(/fhir-ha:zones/);
        expect(problems.join("\n")).toMatch(/fhir-ha:azure\.vnetCidr = "10\.0\.0\.0\/8": overlaps the AKS pod overlay range/);
        expect(problems.join("\n")).toMatch(/fhir-ha:backup\.retention = "400d": on Azure at most 358d/);
    });
});

describe("address plan", () => {
    it("parses, formats and compares CIDRs", () => {
        expect(formatCidr(parseCidr("10.224.7.9/12"))).toBe("10.224.0.0/12");
        expect(overlaps(parseCidr("10.224.0.0/12"), parseCidr(POD_CIDR))).toBe(false);
        expect(overlaps(parseCidr("10.0.0.0/8"), parseCidr(SERVICE_CIDR))).toBe(true);
        expect(() => parseCidr("10.0.0.300/8")).toThrow(/not an IPv4 CIDR/);
    });

    it("puts nodes in the first /16 of the VNet, or the whole VNet when smaller", () => {
        expect(nodeSubnetCidr("10.224.0.0/12")).toBe("10.224.0.0/16");
        expect(nodeSubnetCidr("172.16.4.0/22")).toBe("172.16.4.0/22");
        expect(networkPlan("10.224.0.0/12")).toMatchObject({ nodeSubnetCidr: "10.224.0.0/16", podCidr: POD_CIDR, serviceCidr: SERVICE_CIDR });
    });

    it("accepts the default VNet and rejects overlapping or tiny ones", () => {
        expect(networkProblems("10.224.0.0/12")).toEqual([]);
        expect(networkProblems("10.0.0.0/16")[0]).toMatch(/overlaps the AKS service range 10\.0\.0\.0\/16/);
        expect(networkProblems("192.168.1.0/26")[0]).toMatch(/must be \/24 or larger/);
    });
});

describe("names", () => {
    it("derives readable, stack-unique names and a valid DNS prefix", () => {
        const n = azureNames("fhir-ha", "azure-prod");
        expect(n).toMatchObject({
            resourceGroup: "rg-fhir-ha-azure-prod",
            cluster: "aks-fhir-ha-azure-prod",
            backupIdentity: "id-fhir-ha-azure-prod-backup",
            dnsPrefix: "fhir-ha-azure-prod",
        });
        expect(slug("My_Project..Prod-", 40)).toBe("my-project-prod");
        expect(n.storageAccountPrefix).toMatch(/^[a-z0-9]{3,14}$/);
    });
});

describe("protection windows", () => {
    it("covers the retention plus a margin with soft delete and old versions", () => {
        const c = azure();
        expect(blobProtection(c.backup, c.database)).toEqual({
            retentionDays: 30,
            softDeleteDays: 37,
            // Versions age from their creation: a blob lives up to the window plus one weekly
            // full-backup interval, and a wrong delete at the end of that life keeps the margin.
            maxBlobLifeDays: 30 + 7,
            deleteVersionsAfterDays: 44,
            immutabilityDays: 30,
        });
        const monthly = azure({ backup: { full: "monthly", retention: "60d" } });
        expect(blobProtection(monthly.backup, monthly.database).deleteVersionsAfterDays).toBe(98);
    });

    it("follows backup.retention and stops where Azure's soft delete stops", () => {
        const c = azure({ backup: { retention: "8w" } });
        expect(blobProtection(c.backup, c.database).softDeleteDays).toBe(63);
        // Azure keeps soft-deleted blobs at most 365 days: a window of 358 days plus the week fits, 359 does not.
        const longest = azure({ backup: { retention: "358d" } });
        expect(retentionProblems(longest.backup, longest.database)).toEqual([]);
        const tooLong = azure({ backup: { retention: "359d" } });
        expect(retentionProblems(tooLong.backup, tooLong.database).join("\n")).toMatch(/fhir-ha:backup\.retention/);
    });
});

describe("storage account specs", () => {
    const base = { resourceGroupName: "rg", accountName: "stfhirbkabc", location: "westeurope", allowedSubnetId: "subnet-id", tags: {} };

    it("hardens the account and turns shared keys off under workload identity", () => {
        const a = storageAccountArgs({ ...base, redundancy: "ZRS", backupAuth: "workloadIdentity" });
        expect(a).toMatchObject({
            kind: "StorageV2",
            sku: { name: "Standard_ZRS" },
            enableHttpsTrafficOnly: true,
            minimumTlsVersion: "TLS1_2",
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: false,
            defaultToOAuthAuthentication: true,
        });
    });

    it("keeps shared keys only for the explicit accountKey fallback, and offers GZRS", () => {
        const a = storageAccountArgs({ ...base, redundancy: "GZRS", backupAuth: "accountKey" });
        expect(a).toMatchObject({ sku: { name: "Standard_GZRS" }, allowSharedKeyAccess: true, allowBlobPublicAccess: false });
        expect(() => storageAccountArgs({ ...base, redundancy: "LRS", backupAuth: "accountKey" })).toThrow(/fhir-ha:azure\.storageRedundancy/);
    });

    it("versions blobs and soft-deletes blobs and containers for the protection window", () => {
        const c = azure();
        const p = blobProtection(c.backup, c.database);
        expect(blobServiceArgs("rg", "acct", p)).toMatchObject({
            isVersioningEnabled: true,
            deleteRetentionPolicy: { enabled: true, days: p.softDeleteDays },
            containerDeleteRetentionPolicy: { enabled: true, days: p.softDeleteDays },
        });
    });

    it("expires only superseded versions of the backup container, after the window", () => {
        const c = azure();
        const p = blobProtection(c.backup, c.database);
        const policy = lifecyclePolicy("cnpg-backups", p) as any;
        expect(policy.rules).toHaveLength(1);
        const def = policy.rules[0].definition;
        expect(def.filters).toEqual({ blobTypes: ["blockBlob"], prefixMatch: ["cnpg-backups/"] });
        expect(def.actions).toEqual({ version: { delete: { daysAfterCreationGreaterThan: p.deleteVersionsAfterDays } } });
    });

    it("builds the container URL from the account's blob endpoint", () => {
        expect(containerUrl("https://stx.blob.core.windows.net/", "cnpg-backups")).toBe("https://stx.blob.core.windows.net/cnpg-backups");
        expect(containerUrl("https://stx.blob.core.chinacloudapi.cn/", "c")).toBe("https://stx.blob.core.chinacloudapi.cn/c");
    });
});

describe("backup store contract", () => {
    it("workload identity: default Azure credentials, client-id annotation, pod label", () => {
        const s = workloadIdentityStore("https://a.blob.core.windows.net/c", "client-guid");
        expect(s.credentials).toEqual({ azureCredentials: { useDefaultAzureCredentials: true } });
        expect(s.serviceAccountAnnotations).toEqual({ "azure.workload.identity/client-id": "client-guid" });
        expect(s.podLabels).toEqual({ "azure.workload.identity/use": "true" });
        expect(s.credentialsSecret).toBeUndefined();
    });

    it("account key: secret references that name keys of the secret it asks for", () => {
        const s = accountKeyStore("https://a.blob.core.windows.net/c", "a", "key");
        const creds = s.credentials.azureCredentials as Record<string, { name: string; key: string }>;
        expect(s.credentialsSecret!.name).toBe(AZURE_KEY_SECRET);
        for (const ref of Object.values(creds)) {
            expect(ref.name).toBe(AZURE_KEY_SECRET);
            expect(Object.keys(s.credentialsSecret!.stringData)).toContain(ref.key);
        }
        expect(Object.keys(creds).sort()).toEqual(["storageAccount", "storageKey"]);
        expect(s.podLabels).toEqual({});
    });
});

describe("AKS spec", () => {
    const c = { ...azure(), zoneNames: ["1", "2", "3"] };
    const spec = managedClusterArgs({
        config: c,
        resourceGroupName: "rg",
        clusterName: "aks-x",
        dnsPrefix: "x",
        subnetId: "subnet-id",
        network: networkPlan(c.azure.vnetCidr),
        tags: {},
    }) as any;

    it("is Standard tier with OIDC issuer, workload identity, Entra ID + Azure RBAC and no local accounts", () => {
        expect(spec.sku).toEqual({ name: "Base", tier: "Standard" });
        expect(spec.oidcIssuerProfile).toEqual({ enabled: true });
        expect(spec.securityProfile).toEqual({ workloadIdentity: { enabled: true } });
        expect(spec.aadProfile).toEqual({ managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [GROUP] });
        expect(spec.disableLocalAccounts).toBe(true);
    });

    it("uses Azure CNI overlay with Cilium network policy and the configured upgrade channel", () => {
        expect(spec.networkProfile).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay", networkPolicy: "cilium", networkDataplane: "cilium" });
        expect(spec.autoUpgradeProfile.upgradeChannel).toBe("stable");
        const patch = managedClusterArgs({ config: { ...c, azure: { ...c.azure, upgradeChannel: "patch" } }, resourceGroupName: "rg", clusterName: "a", dnsPrefix: "a", subnetId: "s", network: networkPlan(c.azure.vnetCidr), tags: {} }) as any;
        expect(patch.autoUpgradeProfile.upgradeChannel).toBe("patch");
    });

    it("declares an autoscaling system pool across every zone, tainted for add-ons only", () => {
        expect(spec.agentPoolProfiles).toHaveLength(1);
        expect(spec.agentPoolProfiles[0]).toMatchObject({
            name: SYSTEM_POOL_NAME,
            mode: "System",
            availabilityZones: ["1", "2", "3"],
            enableAutoScaling: true,
            minCount: 3,
            maxCount: 6,
            vnetSubnetID: "subnet-id",
            nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"],
        });
        expect(systemPoolProfile(["1", "2"], "Standard_D2s_v5", "s")).toMatchObject({ minCount: 2, maxCount: 4, vmSize: "Standard_D2s_v5" });
    });

    it("gives every zone its own user pool with the configured autoscaling range", () => {
        const pools = userPoolSpecs(["1", "2", "3"], { ...c.cluster, nodesPerZone: 2, maxNodesPerZone: 5 });
        expect(pools).toEqual([
            { poolName: "user1", zone: "1", minCount: 2, maxCount: 5 },
            { poolName: "user2", zone: "2", minCount: 2, maxCount: 5 },
            { poolName: "user3", zone: "3", minCount: 2, maxCount: 5 },
        ]);
        for (const p of pools) expect(p.poolName).toMatch(/^[a-z][a-z0-9]{0,11}$/);
    });
});

describe("Kubernetes storage", () => {
    it("Premium disks, created in the pod's zone, kept when the claim goes", () => {
        expect(postgresStorageClassArgs(AZURE_DISK_STORAGE)).toMatchObject({
            provisioner: "disk.csi.azure.com",
            parameters: { skuName: "Premium_LRS" },
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
            reclaimPolicy: "Retain",
        });
    });

    it("incremental snapshots from the same driver", () => {
        expect(postgresSnapshotClassArgs(AZURE_DISK_STORAGE)).toMatchObject({ driver: "disk.csi.azure.com", parameters: { incremental: "true" }, kind: "VolumeSnapshotClass" });
    });
});

describe("kubeconfig", () => {
    it("switches kubelogin from device code to the Azure CLI session and keeps the server id", () => {
        const rewritten = parse(withKubeloginLogin(mockAksUserKubeconfig("aks-x"), "azurecli", { tenantId: "t" }));
        const exec = rewritten.users[0].user.exec;
        expect(exec.command).toBe("kubelogin");
        expect(exec.args.filter((a: string) => a === "--login")).toHaveLength(1);
        expect(exec.args.slice(-2)).toEqual(["--login", "azurecli"]);
        expect(exec.args).toContain("6dae42f8-4368-4678-94ff-3960e28e3630");
        expect(rewritten.clusters[0].name).toBe("aks-x");
    });

    it("refuses a kubeconfig without a kubelogin user (local accounts would be in use)", () => {
        const plain = "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: abc\n";
        expect(() => withKubeloginLogin(plain, "azurecli", { tenantId: "t" })).toThrow(/without a kubelogin exec user/);
    });

    it("decodes the base64 form AKS returns", () => {
        expect(decodeKubeconfig(Buffer.from("kind: Config\n").toString("base64"))).toBe("kind: Config\n");
    });
});

describe("federation and roles", () => {
    it("trusts the exact service account token subject", () => {
        const sa = { namespace: "fhir", name: "fhir-db" };
        expect(federatedSubject(sa)).toBe("system:serviceaccount:fhir:fhir-db");
        expect(federatedCredentialName(sa)).toBe("fhir-fhir-db");
        expect(WORKLOAD_IDENTITY_AUDIENCE).toBe("api://AzureADTokenExchange");
    });

    it("scopes the blob role to one container", () => {
        expect(blobContainerScope("sub", "rg", "acct", "cnpg-backups")).toBe(
            "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct/blobServices/default/containers/cnpg-backups",
        );
        expect(roleDefinitionId("sub", STORAGE_BLOB_DATA_CONTRIBUTOR)).toBe(
            "/subscriptions/sub/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe",
        );
    });
});
