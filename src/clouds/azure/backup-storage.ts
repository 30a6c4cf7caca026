/**
 * Where the Barman Cloud plugin writes: a zone-redundant StorageV2 account with one private
 * container. The account and container are protected: `pulumi destroy` stops at them until they
 * are explicitly unprotected (docs/clouds/azure.md, teardown).
 */
import * as pulumi from "@pulumi/pulumi";
import { RandomString } from "@pulumi/random/randomString";
import * as storage from "@pulumi/azure-native/storage";
import { blobServiceArgs, containerUrl, lifecyclePolicy, storageAccountArgs } from "./blob-specs";
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
    const blobService = new storage.BlobServiceProperties(
        `${name}-backup-blob-service`,
        blobServiceArgs(args.resourceGroupName, account.name, args.protection),
        { parent },
    );
    const container = new storage.BlobContainer(
        `${name}-backup-container`,
        {
            resourceGroupName: args.resourceGroupName,
            accountName: account.name,
            containerName: args.containerName,
            publicAccess: "None",
            // Version-level WORM needs versioning on the account first (blobService).
            immutableStorageWithVersioning: args.immutable ? { enabled: true } : undefined,
        },
        { parent, protect: true, dependsOn: [blobService] },
    );
    const lifecycle = new storage.ManagementPolicy(
        `${name}-backup-lifecycle`,
        {
            resourceGroupName: args.resourceGroupName,
            accountName: account.name,
            managementPolicyName: "default",
            policy: lifecyclePolicy(args.containerName, args.protection),
        },
        { parent, dependsOn: [blobService] },
    );
    const ready: pulumi.Resource[] = [account, blobService, container, lifecycle];
    if (args.immutable) {
        // Left unlocked on purpose: locking is irreversible (the period can then only grow and the
        // account cannot be deleted before it ends), so it is a deliberate manual step.
        ready.push(
            new storage.BlobContainerImmutabilityPolicy(
                `${name}-backup-worm`,
                {
                    resourceGroupName: args.resourceGroupName,
                    accountName: account.name,
                    containerName: container.name,
                    immutabilityPolicyName: "default",
                    immutabilityPeriodSinceCreationInDays: args.protection.immutabilityDays,
                    allowProtectedAppendWrites: false,
                },
                { parent },
            ),
        );
    }
    const url = pulumi
        .all([account.primaryEndpoints, container.name])
        .apply(([endpoints, containerName]) => containerUrl(endpoints.blob, containerName));
    return { account, container, containerUrl: url, ready };
}
