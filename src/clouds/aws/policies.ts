/**
 * IAM and bucket policy documents as plain data, built by pure functions so the tests can read
 * exactly what AWS will evaluate. Every grant names its resources; none uses "*" for a resource
 * it could name.
 */
import { ServiceAccountRef } from "../../names";

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: Record<string, string | string[]> | "*";
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement });

/** Trust for an AWS service (eks.amazonaws.com for the control plane, ec2.amazonaws.com for nodes). */
export function serviceTrustPolicy(service: string): PolicyDocument {
    return doc({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" });
}

/** The issuer as IAM condition keys spell it: the URL without its scheme. */
export function issuerHostPath(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//, "");
}

/** `system:serviceaccount:<namespace>:<name>`: the `sub` claim of a projected service-account token. */
export function serviceAccountSubject(sa: ServiceAccountRef): string {
    return `system:serviceaccount:${sa.namespace}:${sa.name}`;
}

/**
 * IRSA trust: the role can be assumed with a token from the cluster's OIDC issuer, only by the
 * listed service accounts (StringEquals, no wildcards) and only for STS as audience.
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, serviceAccounts: ServiceAccountRef[]): PolicyDocument {
    if (serviceAccounts.length === 0) throw new Error("an IRSA role must trust at least one service account");
    const issuer = issuerHostPath(issuerUrl);
    return doc({
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringEquals: {
                [`${issuer}:sub`]: serviceAccounts.map(serviceAccountSubject),
                [`${issuer}:aud`]: "sts.amazonaws.com",
            },
        },
    });
}

/**
 * What Barman Cloud needs: list the bucket (it checks the archive is empty before the first WAL
 * and finds backups by listing), read, write and delete objects, abort its own multipart uploads,
 * and use the bucket's KMS key for SSE-KMS reads and writes. Nothing else in the account.
 */
export function backupAccessPolicy(bucketArn: string, kmsKeyArn: string): PolicyDocument {
    return doc(
        { Sid: "ListTheBackupBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucketArn },
        {
            Sid: "ReadWriteBackupObjects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            Resource: `${bucketArn}/*`,
        },
        { Sid: "UseTheBackupKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: kmsKeyArn },
    );
}

export interface StandbyReadArgs {
    partition: string;
    accountId: string;
    /** This stack's region: where the other stack's replica bucket and its key live. */
    region: string;
    /** The replica bucket `database.standbyOf.archiveURL` names. */
    bucket: string;
}

/**
 * A standby's read access to the other region's archive as replicated into this region (the
 * other stack's replica bucket, same account): list it and get objects, nothing that writes,
 * deletes or changes settings. barman-cloud reads with HeadBucket, ListObjectsV2 and GetObject
 * by key alone, never by version (barman/cloud_providers/aws_s3.py, EnterpriseDB/barman); with
 * s3:ListBucket a missing WAL segment answers 404 NoSuchKey, which ends a restore's WAL fetch,
 * instead of 403.
 *
 * The replica's KMS key belongs to the other stack and its ARN is not known here, so Decrypt is
 * granted on this account's keys in this region, only when S3 in this region asks
 * (`kms:ViaService`) on behalf of this bucket (`kms:EncryptionContext:aws:s3:arn`): S3 passes the
 * object ARN as encryption context, or the bucket ARN when an S3 Bucket Key is in use (both
 * listed). Sources: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 * (kms:ViaService, kms:EncryptionContext:context-key) and
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html ("Encryption
 * context": `aws:s3:arn`, the object ARN, or the bucket ARN with an S3 Bucket Key). The key policy
 * must let IAM policies grant it: the replica key has AWS's default key policy, which does
 * (backup-bucket.ts).
 */
export function standbyReadPolicy(a: StandbyReadArgs): PolicyDocument {
    const bucketArn = `arn:${a.partition}:s3:::${a.bucket}`;
    return doc(
        { Sid: "ListTheStandbyArchive", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucketArn },
        { Sid: "ReadTheStandbyArchive", Effect: "Allow", Action: "s3:GetObject", Resource: `${bucketArn}/*` },
        {
            Sid: "DecryptTheStandbyArchive",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: `arn:${a.partition}:kms:${a.region}:${a.accountId}:key/*`,
            Condition: {
                StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/*`] },
            },
        },
    );
}

/** Refuses every request to the bucket that does not come over TLS. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
    return doc({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
}

/** Lets the EKS control plane use its envelope-encryption key for Kubernetes Secrets. */
export function clusterEncryptionPolicy(kmsKeyArn: string): PolicyDocument {
    return doc({
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
        Resource: kmsKeyArn,
    });
}

/** An AWS-managed policy ARN in the given partition. */
export function managedPolicyArn(partition: string, path: string): string {
    return `arn:${partition}:iam::aws:policy/${path}`;
}
