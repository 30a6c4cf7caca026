/** The primary cluster: a fresh database for the FHIR server, synchronous quorum, archived. */
import * as pulumi from "@pulumi/pulumi";
import { DatabaseNames } from "../names";
import { CNPG_API_VERSION } from "./constants";
import { sharedClusterSettings, SharedSettingsArgs } from "./instance-settings";
import { snapshotBackupSettings } from "./scheduled-backups";
import { synchronousSettings } from "./synchronous";

export interface ClusterManifestArgs extends SharedSettingsArgs {
    namespace: pulumi.Input<string>;
    names: DatabaseNames;
    /** The target's VolumeSnapshotClass, when it has one. */
    volumeSnapshotClassName?: pulumi.Input<string>;
}

/** The settings of a cluster the FHIR server may write to (primary or restore). */
export function writableClusterSpec(args: ClusterManifestArgs) {
    const shared = sharedClusterSettings(args);
    const synchronous = synchronousSettings(args.config.database);
    return {
        ...shared,
        postgresql: { ...shared.postgresql, ...(synchronous ? { synchronous } : {}) },
        ...(args.volumeSnapshotClassName ? { backup: snapshotBackupSettings(args.volumeSnapshotClassName) } : {}),
    };
}

export function primaryClusterManifest(args: ClusterManifestArgs) {
    return {
        apiVersion: CNPG_API_VERSION,
        kind: "Cluster",
        metadata: { name: args.plan.name, namespace: args.namespace },
        spec: {
            ...writableClusterSpec(args),
            bootstrap: {
                // CNPG creates the owner, the database and the `<cluster>-app` secret that the
                // FHIR server reads its credentials from.
                initdb: { database: args.names.appDatabase, owner: args.names.appUser, dataChecksums: true },
            },
        },
    };
}
