/**
 * Azure built-in roles used here, by their fixed definition GUIDs (the same in every tenant), and
 * the ARM scopes they are granted at.
 */

/** Read, write and delete blobs: what barman-cloud needs, and nothing on the account itself. */
export const STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

/**
 * Read and list blobs, nothing that writes or deletes: a standby's access to the other stack's
 * container (standby-access.ts). https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage#storage-blob-data-reader
 */
export const STORAGE_BLOB_DATA_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";

/** Join and read the node subnet: what the AKS cloud provider needs on a VNet it did not create. */
export const NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7";

/** Every Kubernetes API action in the cluster, granted through Azure RBAC for Kubernetes. */
export const AKS_RBAC_CLUSTER_ADMIN = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b";

export function roleDefinitionId(subscriptionId: string, roleGuid: string): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

/**
 * The ARM id of one blob container: granting at this scope gives the backup identity that
 * container only, not the other containers, the account keys or the account settings.
 */
export function blobContainerScope(subscriptionId: string, resourceGroup: string, account: string, container: string): string {
    return (
        `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}` +
        `/providers/Microsoft.Storage/storageAccounts/${account}/blobServices/default/containers/${container}`
    );
}
