/**
 * Who read, wrote or deleted backups on GCS, kept as long as the backups.
 *
 * - Cloud Storage writes Data Access audit logs (object reads, writes, deletes) only when they are
 *   enabled for `storage.googleapis.com` (Cloud Audit Logs, "Data Access audit logs": disabled by
 *   default, except for BigQuery; https://cloud.google.com/logging/docs/audit#data-access). The
 *   IAMAuditConfig enables DATA_READ and DATA_WRITE for the project. It is authoritative for that
 *   service in the project: exemptions set elsewhere for storage.googleapis.com are replaced, and
 *   two stacks in one project declare the same config (docs/compliance.md).
 * - Data Access entries land in the `_Default` log bucket, which keeps them 30 days (Cloud Logging,
 *   "Routing and storage overview"). A sink copies this bucket's entries into a log bucket of the
 *   stack that keeps them for the audit retention (src/cloud/audit-retention.ts). A sink into a
 *   log bucket of its own project needs no grant to its writer identity.
 * - The Kubernetes API's Admin Activity audit log (every create, update, patch, delete and exec)
 *   is written by GKE for every cluster and cannot be disabled; it is kept 400 days in the
 *   `_Required` bucket (GKE, "GKE audit logging information"; Cloud Logging, "_Required bucket").
 *   Kubernetes reads (ADMIN_READ, DATA_READ for container.googleapis.com) are Data Access logs, left
 *   off here for their volume (docs/compliance.md says how to turn them on).
 */
import * as logging from "@pulumi/gcp/logging";
import * as projects from "@pulumi/gcp/projects";
import * as pulumi from "@pulumi/pulumi";
import { gcpName } from "./physical-names";

/** Log bucket ids: up to 100 characters, letters, digits, underscores, hyphens. */
const LOG_BUCKET_ID_MAX = 100;

/** The stack's audit log bucket: `<stack>-<component>-audit`. */
export function auditBucketId(stack: string, component: string): string {
    return gcpName(`${stack}-${component}-audit`, LOG_BUCKET_ID_MAX);
}

/** The Data Access entries of one GCS bucket: the sink's filter. */
export function bucketDataAccessFilter(project: string, bucketName: string): string {
    return [
        `logName="projects/${project}/logs/cloudaudit.googleapis.com%2Fdata_access"`,
        `resource.type="gcs_bucket"`,
        `resource.labels.bucket_name="${bucketName}"`,
    ].join(" AND ");
}

export interface AuditConfigArgs {
    project: pulumi.Output<string>;
    region: string;
    stack: string;
    bucketName: pulumi.Input<string>;
    retentionDays: number;
}

export function createBackupAuditLogs(name: string, args: AuditConfigArgs, parent: pulumi.Resource, dependsOn: pulumi.Resource[]) {
    const auditConfig = new projects.IAMAuditConfig(
        `${name}-storage-data-access`,
        { project: args.project, service: "storage.googleapis.com", auditLogConfigs: [{ logType: "DATA_READ" }, { logType: "DATA_WRITE" }] },
        { parent, dependsOn },
    );
    const bucketId = auditBucketId(args.stack, name);
    const logBucket = new logging.ProjectBucketConfig(
        `${name}-audit-logs`,
        { project: args.project, location: args.region, bucketId, retentionDays: args.retentionDays, description: "fhir-ha: backup data-access audit logs" },
        { parent, dependsOn, retainOnDelete: true },
    );
    const sink = new logging.ProjectSink(
        `${name}-audit-sink`,
        {
            project: args.project,
            destination: pulumi.interpolate`logging.googleapis.com/projects/${args.project}/locations/${args.region}/buckets/${logBucket.bucketId}`,
            filter: pulumi.all([args.project, args.bucketName]).apply(([p, b]) => bucketDataAccessFilter(p, b)),
            uniqueWriterIdentity: true,
            description: "fhir-ha: Data Access audit logs of the backup bucket",
        },
        { parent, dependsOn },
    );
    return { auditConfig, logBucket, sink };
}
