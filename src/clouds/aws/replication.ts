/**
 * S3 Cross-Region Replication of the backup bucket, as plain data (tested without a deploy).
 *
 * - SSE-KMS objects are replicated only when the rule opts in with
 *   `sourceSelectionCriteria.sseKmsEncryptedObjects` and names a key in the destination region
 *   (`encryptionConfiguration.replicaKmsKeyId`); the role must decrypt with the source key and
 *   encrypt with the replica key. S3 user guide, "Replicating objects created with server-side
 *   encryption (SSE-C, SSE-S3, SSE-KMS, DSSE-KMS)":
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 * - Replication Time Control replicates 99.99% of new objects within 15 minutes and must be
 *   specified with a Metrics block; 15 is the only value both accept (API reference,
 *   ReplicationTimeValue: "Valid value: 15"):
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html
 * - Role permissions: S3 user guide, "Setting up permissions for live replication"
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html);
 *   Object Lock retention and legal holds are read from the source when they are replicated.
 */
import { PolicyDocument } from "./policies";

/** The rule id, also the `RuleId` dimension of the replication metrics in CloudWatch. */
export const REPLICATION_RULE_ID = "fhir-ha-archive";

/** RTC's bound and the metrics' event threshold, in minutes: the only value S3 accepts. */
export const RTC_MINUTES = 15;

export function replicationRule(destinationBucketArn: string, replicaKeyArn: string) {
    return {
        id: REPLICATION_RULE_ID,
        status: "Enabled",
        priority: 1,
        // An (empty-prefix) filter makes this a V2 rule, the only kind that can replicate delete
        // markers: barman-cloud-backup-delete's expiry then reaches the replica as delete markers,
        // and the replica's own lifecycle expires the noncurrent versions as on the source.
        filter: { prefix: "" },
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
            bucket: destinationBucketArn,
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: replicaKeyArn },
            replicationTime: { status: "Enabled", time: { minutes: RTC_MINUTES } },
            metrics: { status: "Enabled", eventThreshold: { minutes: RTC_MINUTES } },
        },
    };
}

export interface ReplicationPolicyArgs {
    sourceBucketArn: string;
    sourceKeyArn: string;
    sourceRegion: string;
    destinationBucketArn: string;
    replicaKeyArn: string;
    replicaRegion: string;
}

/**
 * What the replication role may do: read the source's versions, write replicas, use both keys
 * through S3 only. No encryption-context condition: with S3 Bucket Keys (on for both buckets) the
 * context is the bucket ARN, not the object's (S3 user guide, "Reducing the cost of SSE-KMS with
 * Amazon S3 Bucket Keys", "Changes to note before enabling an S3 Bucket Key").
 */
export function replicationPolicy(a: ReplicationPolicyArgs): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ReadSourceConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: a.sourceBucketArn },
            {
                Sid: "ReadSourceVersions",
                Effect: "Allow",
                Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", "s3:GetObjectRetention", "s3:GetObjectLegalHold"],
                Resource: `${a.sourceBucketArn}/*`,
            },
            { Sid: "WriteReplicas", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: `${a.destinationBucketArn}/*` },
            {
                Sid: "DecryptSource",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: a.sourceKeyArn,
                Condition: { StringLike: { "kms:ViaService": `s3.${a.sourceRegion}.amazonaws.com` } },
            },
            {
                Sid: "EncryptReplicas",
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:GenerateDataKey"],
                Resource: a.replicaKeyArn,
                Condition: { StringLike: { "kms:ViaService": `s3.${a.replicaRegion}.amazonaws.com` } },
            },
        ],
    };
}
