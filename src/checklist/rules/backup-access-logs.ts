import { ofType } from "../resources";
import { CheckContext, Rule, RuleResult } from "../types";
import { accessLogBuckets, keptFor, perCloud, pointsAt, S3_LOGGING } from "./audit-common";
import { unmanagedStore } from "./bucket-rule";
import { windowDays } from "./bucket-retention";
import { fail, judge } from "./result";

function aws(ctx: CheckContext, window: number): RuleResult {
    const logTargets = accessLogBuckets(ctx);
    // A cross-region replica (backup.replica.region) is written by S3 replication only: the rule
    // judges the buckets the database reads and writes. Who reads the replica is in CloudTrail
    // (docs/compliance.md, "What is not logged by default").
    const replicaArns = ofType(ctx, "aws:s3/bucketReplicationConfig:BucketReplicationConfig").flatMap((c) => (c.inputs?.rules ?? []).map((r: Record<string, any>) => r.destination?.bucket));
    const backups = ofType(ctx, "aws:s3/bucket:Bucket").filter((b) => !logTargets.includes(b) && !replicaArns.includes(`arn:aws:s3:::${b.inputs?.bucket}`));
    if (backups.length === 0) return fail("no S3 backup bucket in the plan");
    const problems: string[] = [];
    const found: string[] = [];
    for (const b of backups) {
        const name = b.inputs?.bucket ?? b.name;
        const logging = ofType(ctx, S3_LOGGING).find((l) => pointsAt(l.inputs?.bucket, b, name));
        // With one log bucket in the stack, the logging target is it (its name is unknown before the first deploy).
        const target = logging && (logTargets.length === 1 ? logTargets[0] : logTargets.find((t) => pointsAt(logging.inputs?.targetBucket, t, t.inputs?.bucket)));
        if (!logging || !target) {
            problems.push(`S3 bucket ${name}: no server access logging into a bucket of the stack`);
            continue;
        }
        const expiries = ofType(ctx, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
            .filter((l) => pointsAt(l.inputs?.bucket, target, target.inputs?.bucket))
            .flatMap((l) => l.inputs?.rules ?? [])
            .filter((r: Record<string, any>) => r.status === "Enabled" && typeof r.expiration?.days === "number")
            .map((r: Record<string, any>) => r.expiration.days as number);
        const kept = keptFor(`S3 bucket ${name}: access logs in ${target.name}`, expiries.length > 0 ? Math.min(...expiries) : undefined, window);
        (kept.ok ? found : problems).push(kept.text);
    }
    return judge(problems, found, "the aws target logs every request to the backup bucket (S3 server access logging) into a log bucket kept at least fhir-ha:backup.retention");
}

function gcp(ctx: CheckContext, window: number): RuleResult {
    const buckets = ofType(ctx, "gcp:storage/bucket:Bucket");
    if (buckets.length === 0) return fail("no GCS backup bucket in the plan");
    const configs = ofType(ctx, "gcp:projects/iAMAuditConfig:IAMAuditConfig").filter((c) => ["storage.googleapis.com", "allServices"].includes(c.inputs?.service));
    const types = new Set(configs.flatMap((c) => (c.inputs?.auditLogConfigs ?? []).map((l: Record<string, any>) => l.logType)));
    const problems: string[] = [];
    const found: string[] = [];
    const missing = ["DATA_READ", "DATA_WRITE"].filter((t) => !types.has(t));
    if (missing.length > 0) problems.push(`Data Access audit logs for storage.googleapis.com lack ${missing.join(", ")} (off by default)`);
    else found.push("Data Access audit logs DATA_READ and DATA_WRITE on for storage.googleapis.com");
    const logBuckets = ofType(ctx, "gcp:logging/projectBucketConfig:ProjectBucketConfig");
    for (const b of buckets) {
        const name = b.inputs?.name ?? b.name;
        const sink = ofType(ctx, "gcp:logging/projectSink:ProjectSink").find((s) => String(s.inputs?.filter ?? "").includes(`resource.labels.bucket_name="${name}"`));
        const dest = sink && logBuckets.find((l) => String(sink.inputs?.destination ?? "").endsWith(`/buckets/${l.inputs?.bucketId}`));
        if (!dest) {
            problems.push(`GCS bucket ${name}: its Data Access entries stay only in the _Default log bucket (30 days unless changed); no sink to a log bucket of the stack`);
            continue;
        }
        const kept = keptFor(`GCS bucket ${name}: Data Access logs in log bucket ${dest.inputs.bucketId}`, dest.inputs?.retentionDays, window);
        (kept.ok ? found : problems).push(kept.text);
    }
    return judge(problems, found, "the gcp target enables storage Data Access audit logs and routes the backup bucket's entries to a log bucket kept at least fhir-ha:backup.retention");
}

const BLOB_CATEGORIES = ["StorageRead", "StorageWrite", "StorageDelete"];

function azure(ctx: CheckContext, window: number): RuleResult {
    const accounts = ofType(ctx, "azure-native:storage:StorageAccount");
    if (accounts.length === 0) return fail("no Azure backup storage account in the plan");
    const workspaces = ofType(ctx, "azure-native:operationalinsights:Workspace");
    const problems: string[] = [];
    const found: string[] = [];
    for (const a of accounts) {
        const label = `storage account ${a.inputs?.accountName ?? a.name}`;
        const accountId = a.inputs?.id ?? `${a.name}-id`;
        // A deployed setting's outputs lack its path parameter resourceUri (policy/outputs.ts): then
        // the one setting with blob categories, when the stack has one account.
        const setting = ofType(ctx, "azure-native:monitor:DiagnosticSetting").find((s) => {
            const uri = s.inputs?.resourceUri;
            if (uri !== undefined) return uri === `${accountId}/blobServices/default`;
            return accounts.length === 1 && (s.inputs?.logs ?? []).some((l: Record<string, any>) => BLOB_CATEGORIES.includes(l.category));
        });
        const on = new Set((setting?.inputs?.logs ?? []).filter((l: Record<string, any>) => l.enabled).flatMap((l: Record<string, any>) => (l.categoryGroup === "allLogs" || l.categoryGroup === "audit" ? BLOB_CATEGORIES : [l.category])));
        const missing = BLOB_CATEGORIES.filter((c) => !on.has(c));
        if (!setting || missing.length > 0) {
            problems.push(`${label}: the blob service's diagnostic setting ${setting ? `lacks ${missing.join(", ")}` : "is missing"}`);
            continue;
        }
        const ws = workspaces.find((w) => pointsAt(setting.inputs?.workspaceId, w));
        if (!ws) {
            problems.push(`${label}: blob logs go to a workspace this stack does not create: verify its retention`);
            continue;
        }
        const kept = keptFor(`${label}: StorageRead/Write/Delete in workspace ${ws.name}`, ws.inputs?.retentionInDays, window);
        (kept.ok ? found : problems).push(kept.text);
    }
    return judge(problems, found, "the azure target sends the backup blob service's StorageRead, StorageWrite and StorageDelete logs to a workspace kept at least fhir-ha:backup.retention");
}

/**
 * Who read, wrote or deleted a backup is on record, for as long as the backups exist: S3 server
 * access logs, GCS Data Access audit logs, Azure Storage resource logs.
 */
export const backupAccessLogs: Rule = {
    id: "backup-access-logs",
    item: "security",
    severity: "mandatory",
    description: "Every read, write and delete of backups is logged, and the log is kept at least as long as the backups",
    check(ctx) {
        const window = windowDays(ctx);
        return perCloud(ctx, { aws: (c) => aws(c, window), gcp: (c) => gcp(c, window), azure: (c) => azure(c, window) }, (c) =>
            unmanagedStore(c, "that the store logs every request (its access or audit log), kept at least fhir-ha:backup.retention"),
        );
    },
};
