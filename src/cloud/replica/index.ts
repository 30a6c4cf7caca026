/**
 * `backup.replica`: one meaning on every cloud — the archive (WAL + base backups) is kept in a
 * second region, by the cloud's own replication, so a region loss does not take the only copy.
 * The mechanism differs per cloud (docs/runbooks/region-loss.md has the comparison):
 * - aws: S3 Cross-Region Replication to a bucket (and KMS key) in the replica region, with
 *   Replication Time Control (clouds/aws/backup-replica.ts);
 * - gcp: the bucket itself is a configurable dual-region of the two regions, turbo replication;
 * - azure: the storage account is RA-GZRS; its secondary is Azure's pair of the region.
 * The kubernetes target's store is not ours: replicate it with the store's own means.
 *
 * Pure: config checks and the published bound of each mechanism; no SDK is loaded here.
 */
import { azurePairOf } from "./azure-pairs";
import { dualRegionOf } from "./gcs-dual-region";
import { RebuildSize, regionLossRtoClause } from "./rto";

export { MEASURED_RECOVERY_RATES, rebuildRestoreSeconds, standbyPromotionRtoSeconds } from "./rto";
export type { RebuildSize } from "./rto";

export const REPLICA_KEY = "fhir-ha:backup.replica.region";

export interface ReplicationBound {
    /** The mechanism's published bound on how late a newly written object reaches the replica region. */
    seconds: number;
    /** True when the cloud backs the bound by an SLA, false when it is a typical figure only. */
    guaranteed: boolean;
    mechanism: string;
    source: string;
}

/** Per cloud, the published replication bound of the mechanism `backup.replica` uses. */
export const REPLICATION_BOUNDS: Record<string, ReplicationBound> = {
    aws: {
        seconds: 15 * 60,
        guaranteed: true,
        mechanism: "S3 Cross-Region Replication with Replication Time Control (99.99% of objects within 15 minutes, SLA-backed)",
        source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html",
    },
    gcp: {
        seconds: 15 * 60,
        guaranteed: true,
        mechanism: "GCS dual-region with turbo replication (rpo ASYNC_TURBO: 100% of new objects within 15 minutes, SLA-backed)",
        source: "https://cloud.google.com/storage/docs/availability-durability#turbo-replication",
    },
    azure: {
        seconds: 15 * 60,
        guaranteed: false,
        mechanism: "RA-GZRS asynchronous geo-replication to the region pair (typically under 15 minutes; Azure gives no SLA on the lag)",
        source: "https://learn.microsoft.com/azure/storage/common/storage-redundancy#redundancy-in-a-secondary-region",
    },
};

/**
 * The archive's stated RPO for a region loss: a WAL segment reaches the primary's archive within
 * `archive_timeout` (PostgreSQL switches segments at the latest then; upload time is small against
 * it) and the replica region within the mechanism's bound after that.
 */
export function regionLossRpoSeconds(cloud: string, walArchiveTimeoutSeconds: number): number | undefined {
    const bound = REPLICATION_BOUNDS[cloud];
    return bound ? walArchiveTimeoutSeconds + bound.seconds : undefined;
}

export interface ReplicaCheckInput {
    cloud: string;
    /** The stack's region (aws:region, gcp:region, azure-native:location). */
    region: string;
    replicaRegion: string;
    /** fhir-ha:gcp.bucketLocation, on gcp. */
    gcpBucketLocation?: string;
}

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Problems of `backup.replica.region`, each naming the key and what is allowed; [] when unset. */
export function replicaProblems(i: ReplicaCheckInput): string[] {
    const replica = i.replicaRegion;
    if (!replica) return [];
    const at = `${REPLICA_KEY} = ${JSON.stringify(replica)}`;
    if (i.cloud === "kubernetes") {
        return [`${at}: not available on cloud kubernetes; the object store (fhir-ha:kubernetes.s3Endpoint) is yours, replicate it with the store's own mechanism`];
    }
    if (i.region && replica.toLowerCase().replace(/\s+/g, "") === i.region.toLowerCase().replace(/\s+/g, "")) {
        return [`${at}: must differ from the stack's region (${i.region}); a replica in the same region dies with it`];
    }
    switch (i.cloud) {
        case "aws":
            return AWS_REGION.test(replica) ? [] : [`${at}: not an AWS region name (e.g. eu-west-1)`];
        case "gcp": {
            if (i.gcpBucketLocation) {
                return [
                    `${at}: set either it or fhir-ha:gcp.bucketLocation (${JSON.stringify(i.gcpBucketLocation)}), not both; ` +
                        "with a replica region the bucket is the dual-region of the two regions",
                ];
            }
            return dualRegionOf(i.region, replica)
                ? []
                : [
                      `${at}: GCS pairs two regions of one continent (us-*, europe-* or asia-*) into a dual-region; ` +
                          `${i.region} and ${replica} are not such a pair (https://cloud.google.com/storage/docs/locations#configurable)`,
                  ];
        }
        case "azure": {
            const pair = azurePairOf(i.region);
            if (!pair) {
                return [`${at}: ${i.region} has no Azure region pair, so geo-redundant storage has no secondary there (https://learn.microsoft.com/azure/reliability/cross-region-replication-azure)`];
            }
            return pair === replica.toLowerCase().replace(/\s+/g, "")
                ? []
                : [`${at}: Azure replicates a storage account in ${i.region} only to its region pair, ${pair}; set ${pair}`];
        }
        default:
            return [];
    }
}

/**
 * The plan's note on region loss: with a replica, the stated RPO with its source and the stated
 * RTO (rto.ts: promoting a standby, or rebuilding from the copy; `rebuild` gives the latter its
 * figure for this stack's database size and full-backup schedule); without one on a cloud that
 * offers it, that the archive has no copy outside the region.
 */
export function regionLossNote(
    cloud: string,
    replicaRegion: string,
    walArchiveTimeout: string,
    walArchiveTimeoutSeconds: number,
    rebuild?: RebuildSize,
): string | undefined {
    const bound = REPLICATION_BOUNDS[cloud];
    if (!bound) return undefined;
    if (!replicaRegion) return `${REPLICA_KEY} is empty: the archive has no copy outside the stack's region, a region loss loses it (docs/runbooks/region-loss.md)`;
    const rpo = regionLossRpoSeconds(cloud, walArchiveTimeoutSeconds)!;
    return (
        `region loss: the archive is copied to ${replicaRegion} by ${bound.mechanism}; stated RPO ${Math.round(rpo / 60)} min ` +
        `= fhir-ha:backup.walArchiveTimeout (${walArchiveTimeout}) + ${bound.seconds / 60} min replication bound${bound.guaranteed ? "" : " (typical, not guaranteed)"} ` +
        `(${bound.source}); RTO: ${regionLossRtoClause(rpo, rebuild)} (docs/runbooks/region-loss.md)`
    );
}
