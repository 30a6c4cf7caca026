/**
 * The backup storage account, its blob service and lifecycle rules as pure specs: hardening and
 * the protection windows are decided here and asserted by tests without a deploy.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as storage from "@pulumi/azure-native/storage";
import { BlobProtection } from "./retention";

/** `fhir-ha:azure.storageRedundancy` → storage SKU. Both survive the loss of a zone. */
export const REDUNDANCY_SKUS: Record<string, string> = {
    ZRS: "Standard_ZRS",
    GZRS: "Standard_GZRS",
    // Set by backup.replica.region (archive-redundancy.ts), not by azure.storageRedundancy.
    RAGZRS: "Standard_RAGZRS",
};

export interface AccountSpecInputs {
    resourceGroupName: pulumi.Input<string>;
    accountName: pulumi.Input<string>;
    location: string;
    redundancy: string;
    /** `fhir-ha:azure.backupAuth`: workloadIdentity | accountKey. */
    backupAuth: string;
    /** The AKS node subnet: the only network allowed to the blob endpoint (service endpoint). */
    allowedSubnetId: pulumi.Input<string>;
    /** `fhir-ha:azure.backupReaderSubnetIds`: other stacks' node subnets (a standby's), admitted too; none when absent. */
    readerSubnetIds?: string[];
    tags: Record<string, string>;
}

export function storageAccountArgs(i: AccountSpecInputs): storage.StorageAccountArgs {
    const sku = REDUNDANCY_SKUS[i.redundancy];
    if (!sku) throw new Error(`fhir-ha:azure.storageRedundancy = ${JSON.stringify(i.redundancy)}: must be one of ${Object.keys(REDUNDANCY_SKUS).join(" | ")}`);
    const keysNeeded = i.backupAuth === "accountKey";
    return {
        resourceGroupName: i.resourceGroupName,
        accountName: i.accountName,
        location: i.location,
        kind: "StorageV2",
        sku: { name: sku },
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        allowBlobPublicAccess: false,
        // With workload identity nothing needs the account keys, so they stop working at all;
        // the explicit accountKey fallback is the only case that keeps them.
        allowSharedKeyAccess: keysNeeded,
        defaultToOAuthAuthentication: !keysNeeded,
        allowCrossTenantReplication: false,
        networkRuleSet: backupNetworkRules(i.allowedSubnetId, i.readerSubnetIds),
        tags: i.tags,
    };
}

/**
 * The account's firewall: everything is denied except the AKS node subnet (and the subnets of
 * `fhir-ha:azure.backupReaderSubnetIds`), reached through its
 * `Microsoft.Storage` service endpoint (network.ts). Pods use Azure CNI overlay, whose egress
 * leaves from the node's subnet address, so the Barman Cloud sidecars (in-cluster) are the
 * clients allowed. The deploying machine needs no data-plane access: the program creates the
 * container, policies and lock through ARM (the management plane, not subject to these rules)
 * and writes no blob. No trusted-service bypass either: nothing else should read backups.
 * Source: learn.microsoft.com/azure/storage/common/storage-network-security (virtual network
 * rules need the subnet's service endpoint; management operations are not affected).
 * A private endpoint would also close the public endpoint itself (`publicNetworkAccess:
 * Disabled`); docs/clouds/azure.md says why the service endpoint was chosen.
 */
export function backupNetworkRules(subnetId: pulumi.Input<string>, readerSubnetIds: string[] = []): storage.StorageAccountArgs["networkRuleSet"] {
    return {
        defaultAction: "Deny",
        bypass: "None",
        ipRules: [],
        // Reader subnets: a region pair's standby in Azure's pair of this region, which reads the
        // RA-GZRS secondary; what it may read is its own stack's grant (standby-access.ts).
        virtualNetworkRules: [subnetId, ...readerSubnetIds].map((id) => ({ virtualNetworkResourceId: id, action: "Allow" })),
    };
}

export function blobServiceArgs(
    resourceGroupName: pulumi.Input<string>,
    accountName: pulumi.Input<string>,
    protection: BlobProtection,
): storage.BlobServicePropertiesArgs {
    return {
        resourceGroupName,
        accountName,
        blobServicesName: "default",
        // Every overwrite or delete keeps the previous version; Barman rewrites backup.info in place.
        isVersioningEnabled: true,
        deleteRetentionPolicy: { enabled: true, days: protection.softDeleteDays },
        containerDeleteRetentionPolicy: { enabled: true, days: protection.softDeleteDays },
    };
}

/**
 * Lifecycle: previous versions go once they are older (from their creation, see retention.ts)
 * than the longest life of a blob plus the margin. Current
 * blobs are never touched here: deleting them is Barman's job, by its own retention policy, which
 * knows which WAL a base backup still needs.
 */
export function lifecyclePolicy(container: string, protection: BlobProtection): storage.ManagementPolicyArgs["policy"] {
    return {
        rules: [
            {
                name: "expire-superseded-versions",
                enabled: true,
                type: "Lifecycle",
                definition: {
                    filters: { blobTypes: ["blockBlob"], prefixMatch: [`${container}/`] },
                    actions: { version: { delete: { daysAfterCreationGreaterThan: protection.deleteVersionsAfterDays } } },
                },
            },
        ],
    };
}

/** `https://acct.blob.core.windows.net/` + container, with no trailing slash (sovereign clouds keep their own suffix). */
export function containerUrl(blobEndpoint: string, container: string): string {
    return `${blobEndpoint.replace(/\/+$/, "")}/${container}`;
}
