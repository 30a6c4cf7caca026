/** The primary cluster: a fresh database for the FHIR server, synchronous quorum, archived. */
import * as pulumi from "@pulumi/pulumi";
import { DatabaseNames } from "../names";
import { CNPG_API_VERSION } from "./constants";
import { archiveExternalCluster, sharedClusterSettings, SharedSettingsArgs } from "./instance-settings";
import { PairPlan } from "./topology";
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

/**
 * The region pair's part of the spec (cloudnative-pg v1.30.0 docs/src/replica_cluster.md,
 * "Distributed Topology"): both clusters as external clusters read through the Barman Cloud
 * plugin, and `replica` naming the pair's primary. `replica.enabled` stays unset: CNPG refuses it
 * together with `primary` (internal/webhook/v1/cluster_webhook.go, validateReplicaMode), and
 * `self` defaults to metadata.name. WAL archiving stays the cluster's own plugin entry into its
 * own store: CNPG runs a replica cluster with archive_mode=always (pkg/postgres/configuration.go),
 * so its designated primary archives what it replays there, never into the other's archive.
 */
function pairSettings(pair: PairPlan) {
    return {
        externalClusters: [archiveExternalCluster(pair.other), archiveExternalCluster(pair.self)],
        replica: {
            primary: pair.primary,
            source: pair.other.externalName,
            // Only once promoted: CNPG accepts a promotion token on a primary only
            // (cluster_webhook.go validatePromotionToken), and without one a promotion is a failover.
            ...(pair.promotionToken ? { promotionToken: pair.promotionToken } : {}),
        },
    };
}

export function primaryClusterManifest(args: ClusterManifestArgs) {
    const { plan, names } = args;
    const pair = plan.pair;
    const bootstrap = pair?.bootstrapFromOther
        ? {
              // A standby starts from the other cluster's base backup and replays its archive.
              // CNPG creates no `<cluster>-app` secret while the cluster is a replica
              // (api/v1/cluster_funcs.go ShouldRecoveryCreateApplicationDatabase returns false
              // for IsReplica); once promoted it creates it for this owner and database
              // (ShouldRecoveryCreateApplicationSecret), which is what the FHIR pods read then.
              recovery: { source: pair.other.externalName, database: names.appDatabase, owner: names.appUser },
          }
        : {
              // CNPG creates the owner, the database and the `<cluster>-app` secret that the
              // FHIR server reads its credentials from.
              initdb: { database: names.appDatabase, owner: names.appUser, dataChecksums: true },
          };
    return {
        apiVersion: CNPG_API_VERSION,
        kind: "Cluster",
        metadata: { name: plan.name, namespace: args.namespace },
        spec: {
            ...writableClusterSpec(args),
            bootstrap,
            ...(pair ? pairSettings(pair) : {}),
        },
    };
}
