/**
 * Who read, wrote or deleted backups: S3 server access logging of the backup bucket into a
 * separate log bucket of the stack. Each record names the requester (the IRSA role session of a
 * pod, an administrator's role), the operation (REST.GET.OBJECT, REST.PUT.OBJECT,
 * REST.DELETE.OBJECT, ...), the key and the time (S3 user guide, "Logging requests with server
 * access logging" and "Amazon S3 server access log format").
 *
 * The log bucket:
 * - takes SSE-S3 default encryption: S3 delivers access logs only to a target bucket whose default
 *   encryption is SSE-S3 (S3 user guide, "Enabling Amazon S3 server access logging": SSE-KMS is
 *   not supported for the destination);
 * - admits the logging service principal (`logging.s3.amazonaws.com`) only for writes coming
 *   from this stack's backup bucket and account (the same user guide, "Grant permissions to the
 *   logging service principal by using a bucket policy");
 * - expires records after the audit retention (src/cloud/audit-retention.ts), at least as long as
 *   the backups they describe;
 * - is retainOnDelete like the backup bucket: a teardown leaves the records of the archive it
 *   leaves behind.
 *
 * S3 delivers these records on a best-effort basis, usually within hours (same user guide, "Best
 * effort server log delivery"); CloudTrail data events are the complete alternative, at a cost
 * per event (docs/compliance.md says how to add them).
 */
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { ACCESS_LOG_BUCKET_TAG } from "../../cloud/audit-retention";
import { PolicyDocument, tlsOnlyBucketPolicy } from "./policies";

/** Where in the log bucket the backup bucket's records go. */
export const ACCESS_LOG_PREFIX = "backup-bucket/";

export interface AccessLogArgs {
    /** The backup bucket whose requests are logged. */
    sourceBucket: pulumi.Input<string>;
    sourceBucketArn: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
    retentionDays: number;
    tags: Record<string, string>;
}

/** The log bucket's policy: TLS only, and the logging service may write only this stack's records. */
export function accessLogBucketPolicy(logBucketArn: string, sourceBucketArn: string, accountId: string): PolicyDocument {
    const tls = tlsOnlyBucketPolicy(logBucketArn);
    return {
        ...tls,
        Statement: [
            ...tls.Statement,
            {
                Sid: "S3ServerAccessLogsFromTheBackupBucket",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${logBucketArn}/${ACCESS_LOG_PREFIX}*`,
                Condition: { ArnLike: { "aws:SourceArn": sourceBucketArn }, StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    };
}

export function createBackupAccessLog(name: string, args: AccessLogArgs, parent: pulumi.Resource): s3.Bucket {
    const keep = { parent, retainOnDelete: true };
    const logs = new s3.Bucket(
        `${name}-access-logs`,
        { forceDestroy: false, tags: { ...args.tags, [ACCESS_LOG_BUCKET_TAG.key]: ACCESS_LOG_BUCKET_TAG.value } },
        { ...keep, protect: true },
    );
    const publicAccess = new s3.BucketPublicAccessBlock(
        `${name}-access-logs-public-access`,
        { bucket: logs.bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        keep,
    );
    new s3.BucketServerSideEncryptionConfiguration(
        `${name}-access-logs-encryption`,
        { bucket: logs.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        keep,
    );
    const policy = new s3.BucketPolicy(
        `${name}-access-logs-policy`,
        {
            bucket: logs.bucket,
            policy: pulumi
                .all([logs.arn, args.sourceBucketArn, args.accountId])
                .apply(([logArn, sourceArn, account]) => JSON.stringify(accessLogBucketPolicy(logArn, sourceArn, account))),
        },
        { ...keep, dependsOn: [publicAccess] },
    );
    new s3.BucketLifecycleConfiguration(
        `${name}-access-logs-lifecycle`,
        { bucket: logs.bucket, rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: args.retentionDays } }] },
        keep,
    );
    new s3.BucketLogging(
        `${name}-access-logging`,
        { bucket: args.sourceBucket, targetBucket: logs.bucket, targetPrefix: ACCESS_LOG_PREFIX },
        { ...keep, dependsOn: [policy] },
    );
    return logs;
}
