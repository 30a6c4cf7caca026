/**
 * The identity the Barman Cloud sidecars use: a user-assigned managed identity allowed to read and
 * write the backup container only, trusted from exactly the service accounts CNPG creates for the
 * clusters that archive (`args.backupServiceAccounts`, from src/names.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { ServiceAccountRef } from "../../names";
import { federatedCredentialName, federatedSubject, WORKLOAD_IDENTITY_AUDIENCE } from "./federation";
import { roleDefinitionId, STORAGE_BLOB_DATA_CONTRIBUTOR } from "./roles";

export interface BackupIdentityArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    identityName: string;
    subscriptionId: pulumi.Input<string>;
    /** ARM id of the backup container (see roles.ts `blobContainerScope`). */
    containerScope: pulumi.Input<string>;
    /** The AKS OIDC issuer URL. */
    issuer: pulumi.Input<string>;
    serviceAccounts: ServiceAccountRef[];
    /** Resources the scope refers to (the container), so the grant is not attempted before them. */
    dependsOn: pulumi.Resource[];
    tags: Record<string, string>;
}

export interface BackupIdentity {
    identity: managedidentity.UserAssignedIdentity;
    blobAccess: authorization.RoleAssignment;
    federatedCredentials: managedidentity.FederatedIdentityCredential[];
}

export function createBackupIdentity(name: string, args: BackupIdentityArgs, parent: pulumi.Resource): BackupIdentity {
    const identity = new managedidentity.UserAssignedIdentity(
        `${name}-backup-identity`,
        { resourceGroupName: args.resourceGroupName, resourceName: args.identityName, location: args.location, tags: args.tags },
        { parent },
    );
    const blobAccess = new authorization.RoleAssignment(
        `${name}-backup-blob-access`,
        {
            principalId: identity.principalId,
            // Declared so ARM does not look the new identity up in Entra ID before it has replicated.
            principalType: "ServicePrincipal",
            roleDefinitionId: pulumi.output(args.subscriptionId).apply((sub) => roleDefinitionId(sub, STORAGE_BLOB_DATA_CONTRIBUTOR)),
            scope: args.containerScope,
        },
        { parent, dependsOn: args.dependsOn },
    );
    // Entra ID rejects concurrent federated credential writes on one identity, so they are
    // created one after another.
    const federatedCredentials: managedidentity.FederatedIdentityCredential[] = [];
    for (const sa of args.serviceAccounts) {
        const previous = federatedCredentials[federatedCredentials.length - 1];
        federatedCredentials.push(
            new managedidentity.FederatedIdentityCredential(
                `${name}-backup-trust-${sa.name}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    resourceName: identity.name,
                    federatedIdentityCredentialResourceName: federatedCredentialName(sa),
                    issuer: args.issuer,
                    subject: federatedSubject(sa),
                    audiences: [WORKLOAD_IDENTITY_AUDIENCE],
                },
                { parent, dependsOn: previous ? [previous] : [] },
            ),
        );
    }
    return { identity, blobAccess, federatedCredentials };
}
