/**
 * The object storage that holds the backups, per cloud, reduced to the facts the checklist asks
 * about: encrypted, versioned, private, TLS-only, and how long a deleted or overwritten object can
 * still be recovered. Read from the resources the cloud targets render (S3 bucket + its settings
 * resources, GCS bucket, Azure storage account + blob service + lifecycle policy). The kubernetes
 * target uses a store it does not create, so there is nothing to read there.
 */
import { ofType, refersTo } from "./resources";
import { accessLogBuckets } from "./rules/audit-common";
import { CheckContext, CheckedResource } from "./types";

export interface Finding {
    ok: boolean;
    evidence: string;
}

export interface BucketView {
    label: string;
    encrypted: Finding;
    versioned: Finding;
    notPublic: Finding;
    tlsOnly: Finding;
    /** Days a deleted or overwritten object stays recoverable; Infinity when nothing expires it. */
    recoverableDays: number;
    /** Days after which a live (current) object is deleted, if a rule does that. */
    liveDeletedAfter?: number;
    retentionEvidence: string;
}

const ok = (evidence: string): Finding => ({ ok: true, evidence });
const no = (evidence: string): Finding => ({ ok: false, evidence });

function related(ctx: CheckContext, pattern: RegExp, key: string, value: unknown, bucket: CheckedResource): CheckedResource[] {
    return ctx.resources.filter((r) => pattern.test(r.type) && (r.inputs?.[key] === value || refersTo(r.inputs?.[key], bucket)));
}

/** The statements of an IAM or bucket policy document (text or object); [] when unreadable. */
export function parsePolicy(text: unknown): Record<string, any>[] {
    try {
        const doc = typeof text === "string" ? JSON.parse(text) : text;
        const st = doc?.Statement;
        return Array.isArray(st) ? st : st ? [st] : [];
    } catch {
        return [];
    }
}

function minOf(values: number[]): number {
    return values.length > 0 ? Math.min(...values) : Infinity;
}

function awsBuckets(ctx: CheckContext): BucketView[] {
    // The bucket that receives the backup bucket's access logs holds no backup.
    const logs = accessLogBuckets(ctx);
    return ofType(ctx, "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2").filter((b) => !logs.includes(b)).map((b) => {
        const name = b.inputs?.bucket ?? b.name;
        const rel = (p: RegExp) => related(ctx, p, "bucket", name, b);
        const sse = rel(/^aws:s3\/bucketServerSideEncryptionConfiguration(V2)?:/).flatMap((r) => r.inputs?.rules ?? []);
        const algorithms = sse.map((r: Record<string, any>) => r.applyServerSideEncryptionByDefault?.sseAlgorithm).filter(Boolean);
        const versioning = rel(/^aws:s3\/bucketVersioning(V2)?:/).map((r) => r.inputs?.versioningConfiguration?.status);
        const blocks = rel(/^aws:s3\/bucketPublicAccessBlock:/).map((r) => r.inputs ?? {});
        const fullBlock = blocks.some((p) => p.blockPublicAcls && p.blockPublicPolicy && p.ignorePublicAcls && p.restrictPublicBuckets);
        const statements = rel(/^aws:s3\/bucketPolicy:/).flatMap((r) => parsePolicy(r.inputs?.policy));
        const denyHttp = statements.some((s) => s.Effect === "Deny" && String(s.Condition?.Bool?.["aws:SecureTransport"]) === "false");
        const rules = rel(/^aws:s3\/bucketLifecycleConfiguration(V2)?:/).flatMap((r) => (r.inputs?.rules ?? []).filter((x: Record<string, any>) => x.status === "Enabled"));
        const noncurrent = rules.map((r: Record<string, any>) => r.noncurrentVersionExpiration?.noncurrentDays).filter((d: unknown): d is number => typeof d === "number");
        const liveExpiry = rules.map((r: Record<string, any>) => r.expiration?.days).filter((d: unknown): d is number => typeof d === "number");
        const versioned = versioning.includes("Enabled");
        const recoverableDays = versioned ? minOf(noncurrent) : 0;
        return {
            label: `S3 bucket ${name}`,
            encrypted: algorithms.length > 0 ? ok(`default encryption ${algorithms.join(", ")}`) : ok("no encryption configuration: S3's default SSE-S3 (AES256) applies"),
            versioned: versioned ? ok("versioning Enabled") : no(`versioning ${versioning[0] ?? "not configured"}`),
            notPublic: fullBlock ? ok("public access block: all four settings on") : no("no public access block with all four settings on"),
            tlsOnly: denyHttp ? ok("bucket policy denies aws:SecureTransport false") : no("no bucket policy statement denies requests without TLS (aws:SecureTransport false)"),
            recoverableDays,
            liveDeletedAfter: liveExpiry.length > 0 ? Math.min(...liveExpiry) : undefined,
            retentionEvidence: versioned
                ? `noncurrent versions ${noncurrent.length > 0 ? `expire after ${recoverableDays} days` : "never expire"}${liveExpiry.length > 0 ? `, current objects expire after ${Math.min(...liveExpiry)} days` : ""}`
                : "no versioning: a deleted or overwritten object is gone at once",
        };
    });
}

function gcpBuckets(ctx: CheckContext): BucketView[] {
    const members = ofType(ctx, "gcp:storage/bucketIAMMember:BucketIAMMember", "gcp:storage/bucketIAMBinding:BucketIAMBinding");
    return ofType(ctx, "gcp:storage/bucket:Bucket").map((b) => {
        const name = b.inputs?.name ?? b.name;
        const publicMembers = members
            .filter((m) => m.inputs?.bucket === name)
            .flatMap((m) => [m.inputs?.member, ...(m.inputs?.members ?? [])])
            .filter((m) => m === "allUsers" || m === "allAuthenticatedUsers");
        const prevention = b.inputs?.publicAccessPrevention;
        const versioned = b.inputs?.versioning?.enabled === true;
        const deletes = (b.inputs?.lifecycleRules ?? []).filter((r: Record<string, any>) => r.action?.type === "Delete");
        const noncurrent = deletes.map((r: Record<string, any>) => r.condition?.daysSinceNoncurrentTime).filter((d: unknown): d is number => typeof d === "number");
        const live = deletes
            .filter((r: Record<string, any>) => typeof r.condition?.age === "number" && r.condition?.withState !== "ARCHIVED")
            .map((r: Record<string, any>) => r.condition.age as number);
        const kms = b.inputs?.encryption?.defaultKmsKeyName;
        return {
            label: `GCS bucket ${name}`,
            encrypted: ok(kms ? `customer-managed key ${kms}` : "Google-managed encryption at rest (always on)"),
            versioned: versioned ? ok("versioning enabled") : no("versioning not enabled"),
            notPublic:
                prevention === "enforced" && publicMembers.length === 0
                    ? ok("publicAccessPrevention enforced")
                    : no(`publicAccessPrevention ${prevention ?? "inherited"}${publicMembers.length ? `, IAM grants ${publicMembers.join(", ")}` : ""}`),
            // GCS has no "deny plain HTTP" bucket setting; a private bucket is reached only with
            // OAuth tokens, which Google's client libraries (and Barman's) send over HTTPS.
            tlsOnly: prevention === "enforced" ? ok("private bucket, reached only with OAuth tokens over HTTPS") : no("bucket may be reached anonymously"),
            recoverableDays: versioned ? minOf(noncurrent) : 0,
            liveDeletedAfter: live.length > 0 ? Math.min(...live) : undefined,
            retentionEvidence: versioned
                ? `noncurrent versions ${noncurrent.length > 0 ? `deleted ${Math.min(...noncurrent)} days after they are superseded` : "never deleted"}${live.length > 0 ? `, live objects deleted at age ${Math.min(...live)} days` : ""}`
                : "no versioning: a deleted or overwritten object is gone once soft delete ends",
        };
    });
}

function azureAccounts(ctx: CheckContext): BucketView[] {
    return ofType(ctx, "azure-native:storage:StorageAccount").map((a) => {
        const name = a.inputs?.accountName ?? a.name;
        const rel = (type: string) => ofType(ctx, type).filter((r) => r.inputs?.accountName === name);
        const service = rel("azure-native:storage:BlobServiceProperties")[0]?.inputs ?? {};
        const containers = rel("azure-native:storage:BlobContainer");
        const openContainers = containers.filter((c) => c.inputs?.publicAccess && c.inputs.publicAccess !== "None").map((c) => c.inputs?.containerName ?? c.name);
        const rules = rel("azure-native:storage:ManagementPolicy").flatMap((p) => (p.inputs?.policy?.rules ?? []).filter((r: Record<string, any>) => r.enabled !== false));
        const versionDelete = rules.map((r: Record<string, any>) => r.definition?.actions?.version?.delete?.daysAfterCreationGreaterThan).filter((d: unknown): d is number => typeof d === "number");
        const liveDelete = rules.map((r: Record<string, any>) => r.definition?.actions?.baseBlob?.delete?.daysAfterModificationGreaterThan).filter((d: unknown): d is number => typeof d === "number");
        const softDelete = service.deleteRetentionPolicy?.enabled === true ? service.deleteRetentionPolicy.days : 0;
        const versioned = service.isVersioningEnabled === true;
        const recoverableDays = Math.min(typeof softDelete === "number" ? softDelete : 0, versioned ? minOf(versionDelete) : Infinity);
        const tls = a.inputs?.minimumTlsVersion ?? "TLS1_0";
        const httpsOnly = a.inputs?.enableHttpsTrafficOnly !== false;
        return {
            label: `storage account ${name}`,
            encrypted: ok(`Azure Storage service-side encryption (always on)${a.inputs?.encryption?.keySource ? `, key source ${a.inputs.encryption.keySource}` : ""}`),
            versioned: versioned ? ok("blob versioning enabled") : no("blob versioning not enabled"),
            notPublic:
                a.inputs?.allowBlobPublicAccess === false && openContainers.length === 0
                    ? ok("allowBlobPublicAccess false, containers private")
                    : no(`allowBlobPublicAccess ${a.inputs?.allowBlobPublicAccess ?? "unset"}${openContainers.length ? `, public containers ${openContainers.join(", ")}` : ""}`),
            tlsOnly: httpsOnly && tls === "TLS1_2" ? ok(`HTTPS only, minimum ${tls}`) : no(`enableHttpsTrafficOnly ${httpsOnly}, minimumTlsVersion ${tls}`),
            recoverableDays,
            liveDeletedAfter: liveDelete.length > 0 ? Math.min(...liveDelete) : undefined,
            retentionEvidence: `blob soft delete ${softDelete} days, ${versioned ? `old versions ${versionDelete.length > 0 ? `deleted after ${Math.min(...versionDelete)} days` : "kept"}` : "no versioning"}${liveDelete.length > 0 ? `, blobs deleted ${Math.min(...liveDelete)} days after change` : ""}`,
        };
    });
}

/** The backup storage of the stack's cloud; [] on the kubernetes target. */
export function backupBuckets(ctx: CheckContext): BucketView[] {
    switch (ctx.cloud) {
        case "aws":
            return awsBuckets(ctx);
        case "gcp":
            return gcpBuckets(ctx);
        case "azure":
            return azureAccounts(ctx);
        default:
            return [];
    }
}
