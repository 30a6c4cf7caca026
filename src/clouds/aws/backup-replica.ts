/**
 * `backup.replica.region` on AWS: a second backup bucket, with its own KMS key, in the replica
 * region, and S3 Cross-Region Replication from the primary bucket into it (rules and role policy
 * in replication.ts). The replica is a BackupBucket like the source, so it carries the same
 * hardening (versioning, SSE-KMS, public access block, TLS-only policy, lifecycle, Object Lock
 * with `backup.immutable`) and the same protection (protect + retainOnDelete).
 *
 * Replication covers objects written after it is switched on; S3 does not copy what the bucket
 * held before (that needs S3 Batch Replication). The replica archive is usable once it holds a
 * base backup taken after that point: docs/runbooks/region-loss.md says how to take one.
 *
 * Replication lag: S3 publishes ReplicationLatency, OperationsPendingReplication and
 * OperationsFailedReplication per rule in CloudWatch (namespace AWS/S3, dimensions SourceBucket,
 * DestinationBucket, RuleId), not in Prometheus
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html). Two CloudWatch alarms
 * watch them here; they have no action until the operator attaches an SNS topic
 * (docs/clouds/aws.md, "Replicated archive").
 */
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { BackupBucket } from "./backup-bucket";
import { BucketLifecycle } from "./lifecycle";
import { serviceTrustPolicy } from "./policies";
import { REPLICATION_RULE_ID, replicationPolicy, replicationRule, RTC_MINUTES } from "./replication";

export interface BackupReplicaArgs {
    source: BackupBucket;
    sourceRegion: pulumi.Input<string>;
    replicaRegion: string;
    bucketName: pulumi.Input<string>;
    bucketNamespace: pulumi.Input<string>;
    lifecycle: BucketLifecycle;
    tags: Record<string, string>;
}

/** ReplicationLatency above RTC's bound for this long raises the alarm (seconds). */
export const LATENCY_ALARM_SECONDS = RTC_MINUTES * 60;

export class BackupReplica extends pulumi.ComponentResource {
    public readonly replica: BackupBucket;
    public readonly bucketName: pulumi.Output<string>;
    public readonly replication: s3.BucketReplicationConfig;

    constructor(name: string, args: BackupReplicaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fhir-ha:aws:BackupReplica", name, {}, opts);
        this.replica = new BackupBucket(
            `${name}-store`,
            { bucketName: args.bucketName, bucketNamespace: args.bucketNamespace, lifecycle: args.lifecycle, tags: args.tags, region: args.replicaRegion },
            { parent: this },
        );
        const role = new iam.Role(
            `${name}-role`,
            {
                description: "fhir-ha: S3 replication of the backup archive to the replica region",
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("s3.amazonaws.com")),
                tags: args.tags,
            },
            { parent: this },
        );
        const policy = new iam.RolePolicy(
            `${name}-access`,
            {
                role: role.id,
                policy: pulumi
                    .all([args.source.bucketArn, args.source.key.arn, args.sourceRegion, this.replica.bucketArn, this.replica.key.arn])
                    .apply(([sourceBucketArn, sourceKeyArn, sourceRegion, destinationBucketArn, replicaKeyArn]) =>
                        JSON.stringify(replicationPolicy({ sourceBucketArn, sourceKeyArn, sourceRegion, destinationBucketArn, replicaKeyArn, replicaRegion: args.replicaRegion })),
                    ),
            },
            { parent: this },
        );
        this.replication = new s3.BucketReplicationConfig(
            `${name}-replication`,
            {
                bucket: args.source.bucketName,
                role: role.arn,
                rules: pulumi.all([this.replica.bucketArn, this.replica.key.arn]).apply(([bucket, key]) => [replicationRule(bucket, key)]),
            },
            // Retained like the bucket settings: a destroy must not stop the copy of an archive that outlives the stack.
            { parent: this, retainOnDelete: true, dependsOn: [args.source.versioning, this.replica.versioning, policy] },
        );

        const dimensions = { SourceBucket: args.source.bucketName, DestinationBucket: this.replica.bucketName, RuleId: REPLICATION_RULE_ID };
        new cloudwatch.MetricAlarm(
            `${name}-latency`,
            {
                alarmDescription: "fhir-ha: the archive's replication to the replica region is later than S3 RTC's 15 minutes (docs/runbooks/region-loss.md)",
                namespace: "AWS/S3",
                metricName: "ReplicationLatency",
                dimensions,
                statistic: "Maximum",
                period: 300,
                evaluationPeriods: 3,
                threshold: LATENCY_ALARM_SECONDS,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                tags: args.tags,
            },
            { parent: this },
        );
        new cloudwatch.MetricAlarm(
            `${name}-failed`,
            {
                alarmDescription: "fhir-ha: objects of the archive failed to replicate to the replica region (docs/runbooks/region-loss.md)",
                namespace: "AWS/S3",
                metricName: "OperationsFailedReplication",
                dimensions,
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                tags: args.tags,
            },
            { parent: this },
        );

        this.bucketName = this.replica.bucketName;
        this.registerOutputs({ bucketName: this.bucketName });
    }
}
