/**
 * The delayed replica: a separate Cluster in replica mode that replays the active cluster's
 * archived WAL `database.delayedReplica.delay` late, to rescue rows after an erroneous change.
 *
 * - Fed only from the archive (the external cluster has no connection parameters), so it holds
 *   no replication slot on the primary and never delays or blocks its commits.
 * - A separate Cluster: the primary's operator never counts it as a standby, so it is never a
 *   failover target or part of the synchronous quorum.
 * - Its plugin entry names its OWN ObjectStore and server name. CNPG calls every enabled
 *   WAL-capable plugin on archive, whatever `isWALArchiver` says (cloudnative-pg#11351), so
 *   pointing the entry at the source's store would write this cluster's timeline into the
 *   primary's archive. Archiving is also switched off (cnpg.io/skipWalArchiving): a replica
 *   cluster archives with archive_mode=always, which would copy every segment a second time
 *   into a prefix that has no base backups, so retention would never prune it.
 */
import { CNPG_API_VERSION, SKIP_WAL_ARCHIVING_ANNOTATION } from "./constants";
import { archiveExternalCluster, sharedClusterSettings } from "./instance-settings";
import { ClusterManifestArgs } from "./primary-cluster";

export function delayedReplicaManifest(args: ClusterManifestArgs) {
    const { plan, policy } = args;
    if (!plan.source) throw new Error(`delayed replica ${plan.name} has no source`);
    return {
        apiVersion: CNPG_API_VERSION,
        kind: "Cluster",
        metadata: {
            name: plan.name,
            namespace: args.namespace,
            annotations: plan.archivesWal ? {} : ({ [SKIP_WAL_ARCHIVING_ANNOTATION]: "enabled" } as Record<string, string>),
        },
        spec: {
            ...sharedClusterSettings(args),
            replica: {
                enabled: true,
                source: plan.source.externalName,
                minApplyDelay: policy.minApplyDelay,
            },
            bootstrap: { recovery: { source: plan.source.externalName } },
            externalClusters: [archiveExternalCluster(plan.source)],
        },
    };
}
