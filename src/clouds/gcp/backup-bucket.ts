/**
 * The GCS bucket holding the WAL archive and base backups of every CNPG cluster of the stack.
 * Private by construction (uniform bucket-level access, public access prevention enforced),
 * protected against deletion by Pulumi, and kept when the stack is destroyed: the archive is the
 * last line of recovery and must outlive the cluster it came from.
 *
 * With CMEK the key grant is as durable as the bucket (protected, retained on delete): a bucket
 * whose key the Cloud Storage service agent may no longer use cannot be read or written, so
 * `pulumi destroy --exclude-protected` must leave the grant in place with the bucket.
 */
import * as kms from "@pulumi/gcp/kms";
import * as storage from "@pulumi/gcp/storage";
import * as pulumi from "@pulumi/pulumi";
import { FhirHaConfig } from "../../config/types";
import { archiveLocation } from "./archive-location";
import { bucketProtection } from "./bucket-policy";

export const KMS_ENCRYPTER_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

export interface BackupBucketInputs {
    config: FhirHaConfig;
    bucketName: pulumi.Input<string>;
    project: pulumi.Input<string>;
    labels: Record<string, string>;
}

/** Pure: every setting of the bucket. */
export function backupBucketArgs(input: BackupBucketInputs): storage.BucketArgs {
    const { config } = input;
    const protection = bucketProtection(config.backup, config.database);
    return {
        name: input.bucketName,
        project: input.project,
        // The stack's region by default (backups next to the cluster); a dual-region (predefined
        // such as EUR4, or the two regions of `backup.replica.region`) keeps them readable when the
        // whole region is down, with turbo replication's 15-minute bound (archive-location.ts).
        ...archiveLocation(config),
        storageClass: "STANDARD",
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        // A non-empty bucket is never deleted from under the archive, whatever Pulumi is asked to do.
        forceDestroy: false,
        versioning: protection.versioning,
        lifecycleRules: protection.lifecycleRules,
        softDeletePolicy: protection.softDeletePolicy,
        encryption: config.gcp.kmsKeyName ? { defaultKmsKeyName: config.gcp.kmsKeyName } : undefined,
        labels: input.labels,
    };
}

export interface BackupBucket {
    bucket: storage.Bucket;
    /** The CMEK grant to the Cloud Storage service agent, when a key is configured. */
    kmsGrant?: kms.CryptoKeyIAMMember;
}

export function createBackupBucket(name: string, input: BackupBucketInputs, parent: pulumi.Resource, dependsOn: pulumi.Resource[] = []): BackupBucket {
    let kmsGrant: kms.CryptoKeyIAMMember | undefined;
    const keyName = input.config.gcp.kmsKeyName;
    if (keyName) {
        // GCS encrypts with the key as its per-project service agent; the bucket cannot be created
        // with a default key that agent may not use.
        // The invoke waits for the Storage API: it is what creates the agent in a fresh project.
        const agent = storage.getProjectServiceAccountOutput({ project: input.project }, { parent, dependsOn });
        kmsGrant = new kms.CryptoKeyIAMMember(
            `${name}-backups-kms`,
            { cryptoKeyId: keyName, role: KMS_ENCRYPTER_ROLE, member: agent.member },
            { parent, protect: true, retainOnDelete: true, dependsOn },
        );
    }
    const bucket = new storage.Bucket(`${name}-backups`, backupBucketArgs(input), {
        parent,
        protect: true,
        retainOnDelete: true,
        dependsOn: [...dependsOn, ...(kmsGrant ? [kmsGrant] : [])],
    });
    return { bucket, kmsGrant };
}
