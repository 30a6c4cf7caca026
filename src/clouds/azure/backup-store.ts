/**
 * The `BackupStore` contract for Azure Blob: how the database tier's ObjectStore and CNPG Cluster
 * must be configured so the Barman Cloud sidecar can write the container.
 *
 * workloadIdentity (default): the ObjectStore asks barman-cloud for `--credential default`
 * (DefaultAzureCredential), which picks up the AZURE_CLIENT_ID / AZURE_TENANT_ID /
 * AZURE_FEDERATED_TOKEN_FILE that AKS's workload identity webhook injects into every container of
 * a pod labelled `azure.workload.identity/use: "true"` whose service account carries the client id
 * annotation (the plugin sidecar included: the webhook mutates init containers, and the sidecar
 * inherits the process environment). See docs/clouds/azure.md for what is and is not verified.
 *
 * accountKey (explicit fallback): a Secret with the account name and key; the account then keeps
 * shared-key access enabled.
 */
import * as pulumi from "@pulumi/pulumi";
import { BackupStore } from "../../cloud/types";

/** Secret (in the database namespace) with the account name and key, for `backupAuth: accountKey`. */
export const AZURE_KEY_SECRET = "fhir-ha-backup-azure";

export const WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";
export const WORKLOAD_IDENTITY_USE_LABEL = "azure.workload.identity/use";

export function workloadIdentityStore(containerUrl: pulumi.Input<string>, clientId: pulumi.Input<string>): BackupStore {
    return {
        kind: "azure",
        destinationPath: containerUrl,
        credentials: { azureCredentials: { useDefaultAzureCredentials: true } },
        serviceAccountAnnotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: clientId },
        podLabels: { [WORKLOAD_IDENTITY_USE_LABEL]: "true" },
    };
}

export function accountKeyStore(containerUrl: pulumi.Input<string>, accountName: pulumi.Input<string>, accountKey: pulumi.Input<string>): BackupStore {
    const ref = (key: string) => ({ name: AZURE_KEY_SECRET, key });
    return {
        kind: "azure",
        destinationPath: containerUrl,
        credentials: { azureCredentials: { storageAccount: ref("AZURE_STORAGE_ACCOUNT"), storageKey: ref("AZURE_STORAGE_KEY") } },
        credentialsSecret: {
            name: AZURE_KEY_SECRET,
            stringData: { AZURE_STORAGE_ACCOUNT: accountName, AZURE_STORAGE_KEY: pulumi.secret(accountKey) },
        },
        serviceAccountAnnotations: {},
        podLabels: {},
    };
}
