/**
 * The Barman Cloud plugin's ObjectStore: where one cluster's WAL and base backups go, how the
 * sidecar authenticates there, and how long they are kept.
 */
import * as pulumi from "@pulumi/pulumi";
import { BackupStore } from "../cloud/types";
import { BackupPolicy } from "../config/backup-policy";
import { BARMAN_API_VERSION } from "./constants";
import { SIDECAR_RESOURCES } from "./sidecar-resources";

/** Parallel uploads of ready WAL segments, so a backlog after an object-store outage drains fast. */
export const WAL_MAX_PARALLEL = 4;
/** Parallel upload streams of a base backup. */
export const DATA_JOBS = 2;

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
}

/** `<base>/<prefix>`, tolerating a base URL that ends in a slash. */
export function destinationPath(base: pulumi.Input<string>, prefix: string): pulumi.Output<string> {
    return pulumi.output(base).apply((b) => `${b.replace(/\/+$/, "")}/${prefix}`);
}

export function objectStoreManifest(args: ObjectStoreArgs) {
    const { store, policy } = args;
    const configuration = pulumi
        .output({ endpointURL: store.endpointURL ?? "", credentials: store.credentials })
        .apply(({ endpointURL, credentials }) => ({
            // serverName stays unset: the plugin docs reserve it; each Cluster names its own.
            ...(endpointURL ? { endpointURL } : {}),
            ...credentials,
            wal: { compression: policy.walCompression, maxParallel: WAL_MAX_PARALLEL },
            data: { compression: policy.dataCompression, jobs: DATA_JOBS },
        }));
    return {
        apiVersion: BARMAN_API_VERSION,
        kind: "ObjectStore",
        metadata: { name: args.name, namespace: args.namespace },
        spec: pulumi.all([configuration, destinationPath(store.destinationPath, args.archivePrefix)]).apply(([c, path]) => ({
            configuration: { destinationPath: path, ...c },
            ...(args.writable ? { retentionPolicy: policy.retentionPolicy } : {}),
            instanceSidecarConfiguration: { resources: SIDECAR_RESOURCES },
        })),
    };
}
