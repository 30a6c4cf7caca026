/**
 * The archive survives the loss of its region: a copy in a second region, kept by the cloud with
 * a published time bound (`backup.replica.region`, src/cloud/replica). Mandatory on the three
 * clouds: the seed's failover and recovery strategy (item 8) has nothing to recover from when the
 * region that is lost also held the only archive, and a replica without a bound (GCS DEFAULT
 * replication: "no guarantee on the amount of time") cannot state an RPO. Advisory on the
 * kubernetes target, whose store the plan cannot see.
 */
import { ofType } from "../resources";
import { CheckContext, CheckedResource, Rule, RuleResult } from "../types";
import { unmanagedStore } from "./bucket-rule";
import { fail, pass } from "./result";
import { accessLogBuckets, perCloud } from "./audit-common";

const FIX = "set fhir-ha:backup.replica.region (docs/runbooks/region-loss.md)";
const TURBO = "ASYNC_TURBO";
const PREDEFINED_DUAL = /^(ASIA1|EUR4|EUR5|EUR7|EUR8|NAM4)$/i;

interface Verdict {
    ok: boolean;
    text: string;
}

/** Fails naming every store that is not replicated, or passes naming how each one is. */
function judgeAll(verdicts: Verdict[]): RuleResult {
    const bad = verdicts.filter((v) => !v.ok);
    return bad.length > 0 ? fail(`${bad.map((v) => v.text).join("; ")}. Fix: ${FIX}`) : pass(verdicts.map((v) => v.text).join("; "));
}

function awsReplicated(ctx: CheckContext): RuleResult {
    // The archive's access-log bucket holds audit records, not backups (rules/audit-common.ts).
    const logBuckets = accessLogBuckets(ctx);
    const buckets = ofType(ctx, "aws:s3/bucket:Bucket").filter((b) => !logBuckets.includes(b));
    const configs = ofType(ctx, "aws:s3/bucketReplicationConfig:BucketReplicationConfig");
    const regionOf = (name: unknown) => buckets.find((b) => b.inputs?.bucket === name)?.inputs?.region;
    const sources = buckets.filter((b) => !configs.some((c) => (c.inputs?.rules ?? []).some((r: Record<string, any>) => r.destination?.bucket === `arn:aws:s3:::${b.inputs?.bucket}`)));
    if (sources.length === 0) return fail("no aws backup bucket in the plan");
    const verdicts = sources.map((b: CheckedResource): Verdict => {
        const name = b.inputs?.bucket ?? b.name;
        const rules = configs.filter((c) => c.inputs?.bucket === name).flatMap((c) => c.inputs?.rules ?? []).filter((r: Record<string, any>) => r.status === "Enabled");
        if (rules.length === 0) return { ok: false, text: `S3 bucket ${name}: no replication rule, the archive is in one region only` };
        const r = rules[0] as Record<string, any>;
        const target = String(r.destination?.bucket ?? "").replace(/^arn:aws:s3:::/, "");
        const missing = [
            r.destination?.replicationTime?.status === "Enabled" ? "" : "Replication Time Control (no time bound)",
            r.sourceSelectionCriteria?.sseKmsEncryptedObjects?.status === "Enabled" ? "" : "sseKmsEncryptedObjects (SSE-KMS objects are skipped)",
        ].filter(Boolean);
        const where = regionOf(target) ? ` in ${regionOf(target)}` : "";
        return missing.length > 0
            ? { ok: false, text: `S3 bucket ${name} replicates to ${target} without ${missing.join(" and ")}` }
            : { ok: true, text: `S3 bucket ${name} replicates to ${target}${where} (Replication Time Control: 15 min, SSE-KMS objects included)` };
    });
    return judgeAll(verdicts);
}

function gcpReplicated(ctx: CheckContext): RuleResult {
    const buckets = ofType(ctx, "gcp:storage/bucket:Bucket");
    if (buckets.length === 0) return fail("no gcp backup bucket in the plan");
    const verdicts = buckets.map((b): Verdict => {
        const name = b.inputs?.name ?? b.name;
        const location = String(b.inputs?.location ?? "");
        const placement: string[] = b.inputs?.customPlacementConfig?.dataLocations ?? [];
        const dual = placement.length === 2 ? `dual-region ${placement.join("+")}` : PREDEFINED_DUAL.test(location) ? `dual-region ${location}` : undefined;
        if (!dual) return { ok: false, text: `GCS bucket ${name} in ${location}: ${/^(US|EU|ASIA)$/i.test(location) ? "a multi-region, whose replication has no time bound (turbo replication is for dual-regions)" : "one region"}` };
        return b.inputs?.rpo === TURBO
            ? { ok: true, text: `GCS bucket ${name}: ${dual}, turbo replication (15 min)` }
            : { ok: false, text: `GCS bucket ${name}: ${dual} with default replication, which has no time bound (rpo ${TURBO} missing)` };
    });
    return judgeAll(verdicts);
}

function azureReplicated(ctx: CheckContext): RuleResult {
    const accounts = ofType(ctx, "azure-native:storage:StorageAccount");
    if (accounts.length === 0) return fail("no azure storage account in the plan");
    const verdicts = accounts.map((a): Verdict => {
        const name = a.inputs?.accountName ?? a.name;
        const sku = String(a.inputs?.sku?.name ?? "");
        if (sku === "Standard_RAGZRS" || sku === "Standard_RAGRS") return { ok: true, text: `storage account ${name}: ${sku}, copied to the region pair and readable there` };
        if (sku === "Standard_GZRS" || sku === "Standard_GRS") return { ok: true, text: `storage account ${name}: ${sku}, copied to the region pair (readable there only after an account failover)` };
        return { ok: false, text: `storage account ${name}: ${sku || "no SKU"}, the archive is in one region only` };
    });
    return judgeAll(verdicts);
}

export const backupReplicated: Rule = {
    id: "backup-replicated",
    item: "recovery-strategy",
    severity: "mandatory",
    description: "The backup archive is replicated to a second region with a time bound",
    check(ctx) {
        return perCloud(ctx, { aws: awsReplicated, gcp: gcpReplicated, azure: azureReplicated }, (c) =>
            unmanagedStore(c, "that it is replicated outside the site (a second region or provider)"),
        );
    },
};
