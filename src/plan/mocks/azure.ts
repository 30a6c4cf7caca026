/**
 * Mock layer for the Azure target. Invoke answers mirror what azure-native returns (client
 * config, the AKS user kubeconfig in its base64 `exec` form, storage account keys); names the
 * program sets are echoed back as the resource `name`. What only a deploy knows (the OIDC issuer
 * URL, API server FQDN, managed identity ids, the account key) is an `afterDeploy` marker.
 */
import { createHash } from "crypto";
import { afterDeploy, CloudMocks } from "./types";

/** Stand-ins for the deploying identity's client config (fixed, so plans are reproducible). */
export const MOCK_AZURE_CLIENT = {
    clientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
    objectId: "6f1c0a52-0000-4000-8000-00000000d3b1",
    subscriptionId: "2b7c4a1e-0000-4000-8000-0000000000a2",
    tenantId: "9d1f3c6b-0000-4000-8000-0000000000e5",
};

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const GET_CLUSTER = "azure-native:containerservice:getManagedCluster";
const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";

/** The kubeconfig AKS returns for `format: exec` on an Entra ID cluster (kubelogin, device code). */
export function mockAksUserKubeconfig(clusterName: string): string {
    const server = `https://${afterDeploy(CLUSTER, clusterName, "fqdn")}:443`;
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: ${clusterName}`,
        "  cluster:",
        `    server: "${server}"`,
        `    certificate-authority-data: "${afterDeploy(CLUSTER, clusterName, "certificate-authority-data")}"`,
        "contexts:",
        `- name: ${clusterName}`,
        "  context:",
        `    cluster: ${clusterName}`,
        `    user: clusterUser_${clusterName}`,
        `current-context: ${clusterName}`,
        "users:",
        `- name: clusterUser_${clusterName}`,
        "  user:",
        "    exec:",
        "      apiVersion: client.authentication.k8s.io/v1beta1",
        "      command: kubelogin",
        // AKS's own Entra ID server app id and the Azure CLI's public client id, as AKS writes them.
        "      args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, " +
            `--client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, ${MOCK_AZURE_CLIENT.tenantId}, --login, devicecode]`,
        "      interactiveMode: IfAvailable",
        "",
    ].join("\n");
}

/** A stable lowercase alphanumeric string of `length` characters, derived from the resource name. */
function stableRandom(resource: string, length: number): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    const digest = createHash("sha256").update(resource).digest();
    return Array.from({ length }, (_, i) => alphabet[digest[i % digest.length] % alphabet.length]).join("");
}

/**
 * Azure name → Pulumi name of each ManagedCluster registered so far, so the live read's markers
 * name the same resource output the cluster's own would (src/plan/unknowns.ts resolves them).
 */
const clusterResources = new Map<string, { resource: string; inputs: Record<string, any> }>();

const named = (property: string) => (_resource: string, inputs: Record<string, any>) => ({ name: inputs[property] });

/** What AKS reports for a cluster the stack created. */
function clusterOutputs(resource: string, inputs: Record<string, any>): Record<string, any> {
    return {
        name: inputs.resourceName,
        fqdn: afterDeploy(CLUSTER, resource, "fqdn"),
        // A pinned minor ("1.34") runs its newest patch; an unpinned cluster runs AKS's default.
        currentKubernetesVersion: inputs.kubernetesVersion
            ? `${inputs.kubernetesVersion}.${afterDeploy(CLUSTER, resource, "patch")}`
            : afterDeploy(CLUSTER, resource, "currentKubernetesVersion"),
        identity: { type: inputs.identity?.type, principalId: afterDeploy(CLUSTER, resource, "identity.principalId"), tenantId: MOCK_AZURE_CLIENT.tenantId },
        oidcIssuerProfile: { enabled: inputs.oidcIssuerProfile?.enabled ?? false, issuerURL: afterDeploy(CLUSTER, resource, "oidcIssuerProfile.issuerURL") },
    };
}

export const azureMocks: CloudMocks = {
    calls: {
        "azure-native:authorization:getClientConfig": () => ({ ...MOCK_AZURE_CLIENT }),
        "azure-native:containerservice:listManagedClusterUserCredentials": (inputs) => ({
            kubeconfigs: [{ name: "clusterUser", value: Buffer.from(mockAksUserKubeconfig(inputs.resourceName)).toString("base64") }],
        }),
        // The cluster as Azure reports it (cluster.ts reads it live: live-cluster.ts): as created
        // from its inputs, with the same markers as the ManagedCluster's own outputs.
        [GET_CLUSTER]: (inputs) => {
            const created = clusterResources.get(inputs.resourceName);
            const resource = created?.resource ?? inputs.resourceName;
            return {
                ...(created?.inputs ?? {}),
                name: inputs.resourceName,
                // Read live from ARM, not from the resource's outputs: a preview of a cluster update
                // has these values (src/clouds/azure/live-cluster.ts), so the plan marks them as the
                // invoke's, which the diff's update-preview rule does not make unknown.
                identity: { type: "SystemAssigned", principalId: afterDeploy(GET_CLUSTER, resource, "identity.principalId"), tenantId: MOCK_AZURE_CLIENT.tenantId },
                oidcIssuerProfile: { enabled: true, issuerURL: afterDeploy(GET_CLUSTER, resource, "oidcIssuerProfile.issuerURL") },
            };
        },
        // The account's endpoints, as the program reads them live (src/clouds/azure/backup-storage.ts).
        "azure-native:storage:getStorageAccount": (inputs) => ({
            name: inputs.accountName,
            primaryEndpoints: { blob: `https://${inputs.accountName}.blob.core.windows.net/` },
        }),
        "azure-native:storage:listStorageAccountKeys": (inputs) => ({
            keys: [
                { keyName: "key1", permissions: "FULL", value: afterDeploy("azure-native:storage:StorageAccount", inputs.accountName, "keys[0]") },
                { keyName: "key2", permissions: "FULL", value: afterDeploy("azure-native:storage:StorageAccount", inputs.accountName, "keys[1]") },
            ],
        }),
    },
    outputs: {
        "azure-native:resources:ResourceGroup": named("resourceGroupName"),
        "azure-native:network:VirtualNetwork": named("virtualNetworkName"),
        "azure-native:network:Subnet": named("subnetName"),
        [CLUSTER]: (resource, inputs) => {
            clusterResources.set(inputs.resourceName, { resource, inputs });
            return clusterOutputs(resource, inputs);
        },
        "azure-native:containerservice:AgentPool": named("agentPoolName"),
        "azure-native:storage:StorageAccount": (_resource, inputs) => ({
            name: inputs.accountName,
            primaryEndpoints: { blob: `https://${inputs.accountName}.blob.core.windows.net/` },
        }),
        "azure-native:storage:BlobContainer": named("containerName"),
        [IDENTITY]: (resource, inputs) => ({
            name: inputs.resourceName,
            clientId: afterDeploy(IDENTITY, resource, "clientId"),
            principalId: afterDeploy(IDENTITY, resource, "principalId"),
            tenantId: MOCK_AZURE_CLIENT.tenantId,
        }),
        // The storage account name's random suffix (the random provider computes it at create time).
        "random:index/randomString:RandomString": (resource, inputs) => ({ result: stableRandom(resource, inputs.length ?? 8) }),
    },
};
