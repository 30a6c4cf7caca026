/**
 * Azure resource names. Resource groups, clusters and identities only need to be unique within
 * a subscription or group, so they are readable and derived from project and stack (two stacks
 * in one subscription never collide). The storage account name is global across Azure and gets
 * a random suffix instead (see backup-storage.ts).
 */

export interface AzureNames {
    resourceGroup: string;
    virtualNetwork: string;
    nodeSubnet: string;
    cluster: string;
    /** DNS prefix of the API server FQDN (at most 54 characters). */
    dnsPrefix: string;
    backupIdentity: string;
    /** The blob container that holds every cluster's archive. */
    backupContainer: string;
    /** Fixed prefix of the storage account name; a random suffix makes it globally unique. */
    storageAccountPrefix: string;
}

/** Lowercase letters, digits and single hyphens: valid in every Azure name used here. */
export function slug(text: string, maxLength: number): string {
    const s = text
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "");
    return s.slice(0, maxLength).replace(/-$/, "");
}

export function azureNames(project: string, stack: string): AzureNames {
    const base = slug(`${project}-${stack}`, 40);
    return {
        resourceGroup: `rg-${base}`,
        virtualNetwork: `vnet-${base}`,
        nodeSubnet: "snet-nodes",
        cluster: `aks-${base}`,
        dnsPrefix: slug(base, 54),
        backupIdentity: `id-${base}-backup`,
        backupContainer: "cnpg-backups",
        storageAccountPrefix: "stfhirbk",
    };
}
