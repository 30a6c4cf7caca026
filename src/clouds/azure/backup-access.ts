/**
 * How the Barman Cloud plugin gets into the backup container, per `fhir-ha:azure.backupAuth`:
 * the federated managed identity (workloadIdentity, default) or the account key handed over as a
 * Secret (accountKey, the explicit fallback). Returns the `BackupStore` for the tiers and what
 * must exist before the first WAL is archived.
 */
import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import { BackupStore } from "../../cloud/types";
import { ServiceAccountRef } from "../../names";
import { createBackupIdentity } from "./backup-identity";
import { BackupStorage } from "./backup-storage";
import { accountKeyStore, workloadIdentityStore } from "./backup-store";
import { blobContainerScope } from "./roles";

export interface BackupAccessArgs {
    backupAuth: string;
    storage: BackupStorage;
    resourceGroupName: pulumi.Input<string>;
    location: string;
    subscriptionId: pulumi.Input<string>;
    identityName: string;
    oidcIssuerUrl: pulumi.Input<string>;
    serviceAccounts: ServiceAccountRef[];
    tags: Record<string, string>;
}

export interface BackupAccess {
    store: BackupStore;
    ready: pulumi.Resource[];
    /** The backup identity's principal (workloadIdentity only): what a standby's read grant names. */
    principalId?: pulumi.Output<string>;
}

export function createBackupAccess(name: string, args: BackupAccessArgs, parent: pulumi.Resource): BackupAccess {
    const { account, container, containerUrl } = args.storage;
    if (args.backupAuth === "accountKey") {
        const keys = storage.listStorageAccountKeysOutput({ resourceGroupName: args.resourceGroupName, accountName: account.name }, { parent });
        return { store: accountKeyStore(containerUrl, account.name, keys.keys.apply((k) => k[0].value)), ready: [] };
    }
    if (args.backupAuth !== "workloadIdentity") {
        throw new Error(`fhir-ha:azure.backupAuth = ${JSON.stringify(args.backupAuth)}: must be workloadIdentity | accountKey`);
    }
    const scope = pulumi
        .all([args.subscriptionId, args.resourceGroupName, account.name, container.name])
        .apply(([sub, rg, accountName, containerName]) => blobContainerScope(sub, rg, accountName, containerName));
    const identity = createBackupIdentity(
        name,
        {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            identityName: args.identityName,
            subscriptionId: args.subscriptionId,
            containerScope: scope,
            issuer: args.oidcIssuerUrl,
            serviceAccounts: args.serviceAccounts,
            dependsOn: [container],
            tags: args.tags,
        },
        parent,
    );
    return {
        store: workloadIdentityStore(containerUrl, identity.identity.clientId),
        ready: [identity.blobAccess, ...identity.federatedCredentials],
        principalId: identity.identity.principalId,
    };
}
