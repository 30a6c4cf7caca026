/**
 * The S3 bucket the Barman Cloud plugin archives WAL and base backups to, with its own customer
 * managed KMS key. Every setting is a separate v7 resource (versioning, encryption, public access
 * block, policy, lifecycle, Object Lock).
 *
 * The bucket and key are `protect`ed: a plan that would delete or replace them fails instead of
 * destroying the backups. They are also `retainOnDelete`, as are the bucket's settings: once an
 * operator unprotects them to tear the stack down, `pulumi destroy` leaves the bucket in the
 * account with its encryption, versioning, public access block and TLS-only policy intact, so
 * backups remain restorable after the cluster is gone (see docs/clouds/aws.md, Teardown).
 */
import * as kms from "@pulumi/aws/kms";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { BucketLifecycle, lifecycleRules } from "./lifecycle";
import { tlsOnlyBucketPolicy } from "./policies";

export interface BackupBucketArgs {
    /** Physical bucket name and namespace, see naming.ts. */
    bucketName: pulumi.Input<string>;
    bucketNamespace: pulumi.Input<string>;
    lifecycle: BucketLifecycle;
    tags: Record<string, string>;
    /** The region of the bucket and key; unset = the provider's (a replica sets its own region). */
    region?: string;
}

export class BackupBucket extends pulumi.ComponentResource {
    public readonly bucket: s3.Bucket;
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly key: kms.Key;
    /** Replication needs versioning on, before its configuration is accepted. */
    public readonly versioning: s3.BucketVersioning;

    constructor(name: string, args: BackupBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fhir-ha:aws:BackupBucket", name, {}, opts);
        const keep = { parent: this, retainOnDelete: true };
        const immutable = args.lifecycle.objectLockDays !== undefined;
        // pulumi-aws 7 takes the region per resource; unset keeps the inputs of existing stacks as they were.
        const at = args.region ? { region: args.region } : {};

        // No `policy`: AWS gives the key its default key policy, whose statement for the account
        // root lets IAM policies of the account grant use of the key
        // (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html). The
        // archive's role and a standby stack's role in the replica region (policies.ts
        // `standbyReadPolicy`) get their KMS access that way, without naming each other here.
        this.key = new kms.Key(
            `${name}-key`,
            {
                description: pulumi.interpolate`Encrypts the fhir-ha backups in ${args.bucketName}`,
                enableKeyRotation: true,
                // The longest window AWS allows: a key scheduled for deletion by mistake can be
                // cancelled for 30 days; after that every backup it encrypted is unreadable.
                deletionWindowInDays: 30,
                tags: args.tags,
                ...at,
            },
            { ...keep, protect: true },
        );

        this.bucket = new s3.Bucket(
            `${name}-bucket`,
            {
                bucket: args.bucketName,
                bucketNamespace: args.bucketNamespace,
                // No `objectLockEnabled` here: that input forces a new bucket when it changes.
                // Object Lock is switched on by the BucketObjectLockConfiguration below, which S3
                // accepts on an existing versioned bucket (S3 user guide, "Enabling S3 Object
                // Lock": "you can enable Object Lock for existing buckets"), so turning
                // `backup.immutable` on later updates the bucket in place.
                forceDestroy: false,
                tags: args.tags,
                ...at,
            },
            {
                ...keep,
                protect: true,
                // A stack created before these inputs existed keeps its bucket: its name and
                // namespace (both replace the bucket when changed) and its creation-time Object
                // Lock flag stay as they are in state. New stacks get the names from naming.ts.
                ignoreChanges: ["bucket", "bucketNamespace", "objectLockEnabled"],
            },
        );
        const bucket = this.bucket.bucket;

        const versioning = (this.versioning = new s3.BucketVersioning(
            `${name}-versioning`,
            { bucket, versioningConfiguration: { status: "Enabled" }, ...at },
            keep,
        ));
        new s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn },
                        // An S3 bucket key cuts KMS requests (and their cost) for the many small WAL objects.
                        bucketKeyEnabled: true,
                    },
                ],
                ...at,
            },
            keep,
        );
        const publicAccess = new s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...at },
            keep,
        );
        new s3.BucketPolicy(
            `${name}-policy`,
            { bucket, policy: this.bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))), ...at },
            { ...keep, dependsOn: [publicAccess] },
        );
        new s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            { bucket, rules: lifecycleRules(args.lifecycle), ...at },
            { ...keep, dependsOn: [versioning] },
        );
        // Switching `backup.immutable` off removes this resource from the stack, but it is
        // retainOnDelete like every bucket setting: the bucket keeps its default retention until
        // an administrator removes the rule (put-object-lock-configuration without a rule).
        // Objects already written keep their retention either way, and S3 never lets Object Lock
        // itself be disabled on a bucket (S3 user guide, "Configuring S3 Object Lock").
        if (immutable) {
            new s3.BucketObjectLockConfiguration(
                `${name}-object-lock`,
                {
                    bucket,
                    objectLockEnabled: "Enabled",
                    // GOVERNANCE, not COMPLIANCE: nobody deletes a backup inside the retention by
                    // accident or with stolen plugin credentials, yet an administrator holding
                    // s3:BypassGovernanceRetention can still clean up (COMPLIANCE could not even
                    // be shortened by the account root).
                    rule: { defaultRetention: { mode: "GOVERNANCE", days: args.lifecycle.objectLockDays } },
                    ...at,
                },
                { ...keep, dependsOn: [versioning] },
            );
        }

        this.bucketName = bucket;
        this.bucketArn = this.bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, keyArn: this.key.arn });
    }
}
