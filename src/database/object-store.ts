/**
 * The Barman Cloud plugin's ObjectStore: where one cluster's WAL and base backups go, how the
 * sidecar authenticates there, and how long they are kept.
 */
import * as pulumi from "@pulumi/pulumi";
import { BackupStore } from "../cloud/types";
import { BackupPolicy } from "../config/backup-policy";
import { BARMAN_API_VERSION } from "./constants";
import { SIDECAR_RESOURCES } from "./sidecar-resources";

// The defaults of fhir-ha:backup.walMaxParallel and backup.dataJobs, with the figures behind them,
// live next to the compression constants in src/config/backup-policy.ts.
export { DATA_JOBS, WAL_MAX_PARALLEL } from "../config/backup-policy";

export interface ObjectStoreArgs {
    name: string;
    namespace: pulumi.Input<string>;
    store: BackupStore;
    /** Folder under the store's base URL (see topology.archivePrefix). */
    archivePrefix: string;
    policy: BackupPolicy;
    /**
     * A cluster archives into this store, so the plugin enforces the retention policy on it.
     * False for stores that are only read (a restore source this stack does not run), where
     * nothing of this stack should ever delete anything.
     */
    writable: boolean;
    /**
     * Base URL of an archive that is not this stack's backup store: the other region's archive as
     * replicated into this one (`database.standbyOf.archiveURL`). Read with the store's credentials
     * (target.backupStore): the standby-access grants let this stack's identity read it.
     */
    baseURL?: string;
}

/** `<base>/<prefix>`, tolerating a base URL that ends in a slash. */
export function destinationPath(base: pulumi.Input<string>, prefix: string): pulumi.Output<string> {
    return pulumi.output(base).apply((b) => `${b.replace(/\/+$/, "")}/${prefix}`);
}

function compression(c: string): { compression?: string } {
    return c === "none" ? {} : { compression: c };
}

export function objectStoreManifest(args: ObjectStoreArgs) {
    const { store, policy } = args;
    const configuration = pulumi
        .output({ endpointURL: store.endpointURL ?? "", credentials: store.credentials })
        .apply(({ endpointURL, credentials }) => ({
            // serverName stays unset: the plugin docs reserve it; each Cluster names its own.
            ...(endpointURL ? { endpointURL } : {}),
            ...credentials,
            // "none" is barman's default (uncompressed) and not in the CRD's enum: the field stays unset.
            wal: { ...compression(policy.walCompression), maxParallel: policy.walMaxParallel },
            data: { ...compression(policy.dataCompression), jobs: policy.dataJobs },
        }));
    return {
        apiVersion: BARMAN_API_VERSION,
        kind: "ObjectStore",
        metadata: { name: args.name, namespace: args.namespace },
        spec: pulumi.all([configuration, destinationPath(args.baseURL ?? store.destinationPath, args.archivePrefix)]).apply(([c, path]) => ({
            configuration: { destinationPath: path, ...c },
            ...(args.writable ? { retentionPolicy: policy.retentionPolicy } : {}),
            instanceSidecarConfiguration: { resources: SIDECAR_RESOURCES },
        })),
    };
}
