/**
 * Where the Barman Cloud plugin writes: a zone-redundant StorageV2 account with one private
 * container, reachable from the AKS node subnet only. Everything that holds or protects the data
 * is `protect`ed (account, container, blob service settings, lifecycle policy, lock): `pulumi
 * destroy` stops at them until they are explicitly unprotected, and a rename cannot delete and
 * recreate them (which would reset versioning and soft delete). Outside Pulumi, a CanNotDelete
 * management lock stops the account's deletion (docs/clouds/azure.md, teardown).
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { RandomString } from "@pulumi/random/randomString";
import * as storage from "@pulumi/azure-native/storage";
import { blobServiceArgs, containerUrl, lifecyclePolicy, storageAccountArgs } from "./blob-specs";
import { immutabilityProblems, refuseCreationTimeChanges } from "./creation-settings";
import { BlobProtection } from "./retention";

export interface BackupStorageArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    accountPrefix: string;
    containerName: string;
    redundancy: string;
    backupAuth: string;
    immutable: boolean;
    protection: BlobProtection;
    /** AKS node subnet, the only network allowed to the account (blob-specs.ts `backupNetworkRules`). */
    allowedSubnetId: pulumi.Input<string>;
    /** Other stacks' node subnets admitted too (`fhir-ha:azure.backupReaderSubnetIds`). */
    readerSubnetIds: string[];
    tags: Record<string, string>;
}

export interface BackupStorage {
    account: storage.StorageAccount;
    container: storage.BlobContainer;
    /** `https://<account>.blob.core.windows.net/<container>` */
    containerUrl: pulumi.Output<string>;
    /** Everything that must exist before backups can be written. */
    ready: pulumi.Resource[];
}

export function createBackupStorage(name: string, args: BackupStorageArgs, parent: pulumi.Resource): BackupStorage {
    // Storage account names are global across Azure: a random suffix, kept in state, avoids
    // collisions between organisations using the same stack names.
    const suffix = new RandomString(
        `${name}-backup-account-suffix`,
        { length: 10, lower: true, upper: false, numeric: true, special: false },
        { parent },
    );
    const accountName = pulumi.interpolate`${args.accountPrefix}${suffix.result}`;
    const account = new storage.StorageAccount(
        `${name}-backup-account`,
        storageAccountArgs({ ...args, accountName }),
        { parent, protect: true },
    );
    // `protect` only guards against Pulumi; the lock also stops the portal, the CLI and a
    // resource group deletion (learn.microsoft.com/azure/azure-resource-manager/management/lock-resources).
    const lock = new authorization.ManagementLockByScope(
        `${name}-backup-account-lock`,
        {
            scope: account.id,
            lockName: "fhir-ha-backups",
            level: "CanNotDelete",
            notes: "PostgreSQL backups of fhir-ha; see docs/clouds/azure.md (teardown) before removing",
        },
        { parent, protect: true },
    );
    const blobService = new storage.BlobServiceProperties(
        `${name}-backup-blob-service`,
        blobServiceArgs(args.resourceGroupName, account.name, args.protection),
        { parent, protect: true },
    );
    const container = new storage.BlobContainer(
        `${name}-backup-container`,
        {
            resourceGroupName: args.resourceGroupName,
            accountName: account.name,
            containerName: args.containerName,
            publicAccess: "None",
            // Version-level WORM needs versioning on the account first (blobService). Azure sets it
            // at creation only; a later change is refused with the migration (creation-settings.ts).
            immutableStorageWithVersioning: args.immutable ? { enabled: true } : undefined,
        },
        { parent, protect: true, dependsOn: [blobService], ignoreChanges: ["immutableStorageWithVersioning"] },
    );
    const lifecycle = new storage.ManagementPolicy(
        `${name}-backup-lifecycle`,
        {
            resourceGroupName: args.resourceGroupName,
            accountName: account.name,
            managementPolicyName: "default",
            policy: lifecyclePolicy(args.containerName, args.protection),
        },
        { parent, protect: true, dependsOn: [blobService] },
    );
    const ready: pulumi.Resource[] = [account, lock, blobService, container, lifecycle];
    if (args.immutable) {
        // The default policy of a version-level WORM container applies to each version; on a
        // container without version-level immutability the same resource is a container-level
        // WORM policy that would refuse Barman's overwrite of backup.info. So its container name
        // is only known once the deployed container is seen to have version-level immutability.
        const wormContainer = pulumi
            .all([container.name, container.immutableStorageWithVersioning])
            .apply(([containerName, vlw]) => refuseCreationTimeChanges(immutabilityProblems(true, vlw, containerName)) && containerName);
        // Left unlocked on purpose: locking is irreversible (the period can then only grow and the
        // account cannot be deleted before it ends), so it is a deliberate manual step.
        ready.push(
            new storage.BlobContainerImmutabilityPolicy(
                `${name}-backup-worm`,
                {
                    resourceGroupName: args.resourceGroupName,
                    accountName: account.name,
                    containerName: wormContainer,
                    immutabilityPolicyName: "default",
                    immutabilityPeriodSinceCreationInDays: args.protection.immutabilityDays,
                    allowProtectedAppendWrites: false,
                },
                { parent, dependsOn: [container] },
            ),
        );
    }
    // The blob endpoint read live (getStorageAccount, after the account exists), not from the
    // account's outputs: in a preview of an account update (a new SKU, backup.replica.region)
    // azure-native keeps only name and location of its outputs, and the ObjectStores built from an
    // unknown endpoint would preview as changed (src/clouds/azure/live-cluster.ts has the sources).
    const live = storage.getStorageAccountOutput({ resourceGroupName: args.resourceGroupName, accountName: account.name }, { parent, dependsOn: [account] });
    const url = pulumi
        .all([live.primaryEndpoints, container.name])
        .apply(([endpoints, containerName]) => containerUrl(endpoints.blob, containerName));
    return { account, container, containerUrl: url, ready };
}
