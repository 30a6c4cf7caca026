/**
 * The identity the Barman Cloud plugin uses to reach the bucket: one Google service account with
 * object access on the backup bucket only (no project-wide role), which only the Kubernetes
 * service accounts named like the ones CNPG creates for the stack's clusters may impersonate
 * through Workload Identity. Any other pod in the cluster, even in the same namespace, gets
 * nothing. The principal `<project>.svc.id.goog[<namespace>/<sa>]` is the same for EVERY cluster
 * of the project (Google Cloud, "Best practices for using fleet Workload Identity": identity
 * sameness), so the namespace must be the stack's own within the project: the user confirms it
 * with fhir-ha:gcp.namespaceUniqueInProject, recorded in the account's description, which the
 * checklist rule backup-identity-isolated reads (docs/compliance.md).
 */
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as storage from "@pulumi/gcp/storage";
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE_UNIQUE_MARKER } from "../../cloud/namespace-unique";
import { ServiceAccountRef } from "../../names";
import { workloadIdentityMember } from "./project";

/**
 * Barman reads, writes, lists and deletes objects (objectUser), and checks that the bucket exists
 * before every upload (`storage.buckets.get`, in legacyBucketReader); without the latter WAL
 * archiving fails its connectivity check.
 */
export const BUCKET_ROLES = ["roles/storage.objectUser", "roles/storage.legacyBucketReader"];
export const WORKLOAD_IDENTITY_ROLE = "roles/iam.workloadIdentityUser";

/**
 * `database.standbyOf` on GCP: the other stack's archive is its dual-region bucket, of which this
 * region is one half (src/cloud/replica/gcs-dual-region.ts), so the standby reads that very bucket.
 * Read only: objectViewer (storage.objects.get, storage.objects.list) and legacyBucketReader for
 * storage.buckets.get, which barman-cloud's connectivity check calls before any restore
 * (`bucket.exists()` in barman/cloud_providers/google_cloud_storage.py, EnterpriseDB/barman; a 403
 * there fails barman-cloud-wal-restore). Neither role can write, delete or read the bucket's IAM
 * policy: https://cloud.google.com/storage/docs/access-control/iam-roles.
 */
export const STANDBY_READ_ROLES = ["roles/storage.objectViewer", "roles/storage.legacyBucketReader"];

export interface BackupIdentityInputs {
    project: pulumi.Output<string>;
    accountId: string;
    bucket: pulumi.Input<string>;
    /** Exactly the service accounts to trust (`databaseNames(config).backupServiceAccounts`). */
    trusted: ServiceAccountRef[];
    /** fhir-ha:gcp.namespaceUniqueInProject. */
    namespaceUniqueInProject: boolean;
}

export interface BackupIdentity {
    account: serviceaccount.Account;
    bucketGrants: storage.BucketIAMMember[];
    workloadIdentityGrants: serviceaccount.IAMMember[];
}

/** Pure: the Workload Identity members, one per trusted Kubernetes service account. */
export function workloadIdentityMembers(project: string, trusted: ServiceAccountRef[]): string[] {
    return trusted.map((sa) => workloadIdentityMember(project, sa));
}

/**
 * `cluster` must exist first: the project's Workload Identity pool is created with the first
 * cluster that enables it, and a binding to a pool that does not exist yet is rejected.
 */
export function createBackupIdentity(
    name: string,
    input: BackupIdentityInputs,
    cluster: pulumi.Resource,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[] = [],
): BackupIdentity {
    const account = new serviceaccount.Account(
        `${name}-backup-sa`,
        {
            accountId: input.accountId,
            displayName: `PostgreSQL backups of ${name}`,
            project: input.project,
            ...(input.namespaceUniqueInProject
                ? { description: `fhir-ha: ${NAMESPACE_UNIQUE_MARKER} (${[...new Set(input.trusted.map((sa) => sa.namespace))].join(", ")}), confirmed by fhir-ha:gcp.namespaceUniqueInProject` }
                : {}),
        },
        { parent, dependsOn },
    );
    const bucketGrants = BUCKET_ROLES.map(
        (role) =>
            new storage.BucketIAMMember(
                `${name}-backup-${role.split(".").pop()!.toLowerCase()}`,
                { bucket: input.bucket, role, member: account.member },
                { parent },
            ),
    );
    const workloadIdentityGrants = input.trusted.map(
        (sa) =>
            new serviceaccount.IAMMember(
                `${name}-wi-${sa.namespace}-${sa.name}`,
                {
                    serviceAccountId: account.name,
                    role: WORKLOAD_IDENTITY_ROLE,
                    member: input.project.apply((p) => workloadIdentityMember(p, sa)),
                },
                { parent, dependsOn: [cluster] },
            ),
    );
    return { account, bucketGrants, workloadIdentityGrants };
}

/**
 * Bucket-level members (not a project role) on the other stack's bucket, for this stack's backup
 * service account. `BucketIAMMember` is non-authoritative: it adds one member to one role and
 * leaves the other stack's own grants alone (https://www.pulumi.com/registry/packages/gcp/api-docs/storage/bucketiammember/).
 */
export function createStandbyReadGrants(name: string, account: serviceaccount.Account, bucket: string, parent: pulumi.Resource): storage.BucketIAMMember[] {
    return STANDBY_READ_ROLES.map(
        (role) =>
            new storage.BucketIAMMember(`${name}-standby-read-${role.split(".").pop()!.toLowerCase()}`, { bucket, role, member: account.member }, { parent }),
    );
}
