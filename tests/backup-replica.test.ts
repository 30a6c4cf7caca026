import { describe, expect, it } from "vitest";
import { backupReplicated } from "../src/checklist/rules/backup-replicated";
import { CheckContext, CheckedResource } from "../src/checklist/types";
import { regionLossNote, regionLossRpoSeconds, replicaProblems } from "../src/cloud/replica";
import { validateConfig } from "../src/validation";
import { replicationPolicy, replicationRule } from "../src/clouds/aws/replication";
import { archiveRedundancy } from "../src/clouds/azure/archive-redundancy";
import { storageAccountArgs } from "../src/clouds/azure/blob-specs";
import { archiveLocation } from "../src/clouds/gcp/archive-location";
import { withTestApiAccess } from "./support/config";
import { runLifecycle } from "./support/lifecycle";
import { shippedPlan } from "./support/shipped-plans";

const KEY = "fhir-ha:backup.replica.region";

describe("backup.replica.region: refusals name the key and what is allowed", () => {
    it("refuses the stack's own region on every cloud", () => {
        for (const [cloud, region] of [
            ["aws", "eu-central-1"],
            ["gcp", "europe-west4"],
            ["azure", "westeurope"],
        ]) {
            const [problem] = replicaProblems({ cloud, region, replicaRegion: region });
            expect(problem).toContain(`${KEY} = "${region}"`);
            expect(problem).toContain("must differ from the stack's region");
        }
    });
    it("on azure accepts only the region pair and names it", () => {
        expect(replicaProblems({ cloud: "azure", region: "westeurope", replicaRegion: "northeurope" })).toEqual([]);
        const [problem] = replicaProblems({ cloud: "azure", region: "westeurope", replicaRegion: "francecentral" });
        expect(problem).toMatch(/only to its region pair, northeurope; set northeurope/);
        expect(replicaProblems({ cloud: "azure", region: "polandcentral", replicaRegion: "westeurope" })[0]).toMatch(/no Azure region pair/);
    });
    it("on gcp needs two regions of one continent and no gcp.bucketLocation", () => {
        expect(replicaProblems({ cloud: "gcp", region: "europe-west4", replicaRegion: "europe-west1" })).toEqual([]);
        expect(replicaProblems({ cloud: "gcp", region: "europe-west4", replicaRegion: "us-east1" })[0]).toMatch(/not such a pair/);
        expect(replicaProblems({ cloud: "gcp", region: "europe-west4", replicaRegion: "europe-west1", gcpBucketLocation: "EUR4" })[0]).toMatch(
            /set either it or fhir-ha:gcp.bucketLocation/,
        );
    });
    it("is refused on the kubernetes target, whose store is not ours", () => {
        expect(replicaProblems({ cloud: "kubernetes", region: "", replicaRegion: "eu-west-1" })[0]).toMatch(/not available on cloud kubernetes/);
    });
    it("stops validation before any resource, with the key in the error", () => {
        expect(() => validateConfig(withTestApiAccess({ cloud: "aws", backup: { replica: { region: "eu-central-1" } } }), { region: "eu-central-1" })).toThrow(
            /fhir-ha:backup\.replica\.region = "eu-central-1"/,
        );
        const ok = validateConfig(withTestApiAccess({ cloud: "aws", backup: { replica: { region: "eu-west-1" } } }), { region: "eu-central-1" });
        expect(ok.backup.replica.region).toBe("eu-west-1");
    });
});

describe("the replication mechanism per cloud", () => {
    it("aws: the rule replicates SSE-KMS objects into the replica key, with RTC and metrics at 15 minutes, delete markers included", () => {
        const rule = replicationRule("arn:aws:s3:::replica", "arn:aws:kms:eu-west-1:1:key/r");
        expect(rule.sourceSelectionCriteria.sseKmsEncryptedObjects.status).toBe("Enabled");
        expect(rule.destination.encryptionConfiguration.replicaKmsKeyId).toBe("arn:aws:kms:eu-west-1:1:key/r");
        expect(rule.destination.replicationTime).toEqual({ status: "Enabled", time: { minutes: 15 } });
        expect(rule.destination.metrics).toEqual({ status: "Enabled", eventThreshold: { minutes: 15 } });
        expect(rule.deleteMarkerReplication.status).toBe("Enabled");
    });
    it("aws: the role decrypts only with the source key and encrypts only with the replica key, each through S3 in its region", () => {
        const policy = replicationPolicy({
            sourceBucketArn: "arn:aws:s3:::src",
            sourceKeyArn: "arn:aws:kms:eu-central-1:1:key/s",
            sourceRegion: "eu-central-1",
            destinationBucketArn: "arn:aws:s3:::dst",
            replicaKeyArn: "arn:aws:kms:eu-west-1:1:key/r",
            replicaRegion: "eu-west-1",
        });
        const decrypt = policy.Statement.find((s) => s.Action === "kms:Decrypt");
        const encrypt = policy.Statement.find((s) => Array.isArray(s.Action) && s.Action.includes("kms:Encrypt"));
        expect(decrypt?.Resource).toBe("arn:aws:kms:eu-central-1:1:key/s");
        expect(decrypt?.Condition?.StringLike?.["kms:ViaService"]).toBe("s3.eu-central-1.amazonaws.com");
        expect(encrypt?.Resource).toBe("arn:aws:kms:eu-west-1:1:key/r");
        expect(encrypt?.Condition?.StringLike?.["kms:ViaService"]).toBe("s3.eu-west-1.amazonaws.com");
        const writes = policy.Statement.find((s) => Array.isArray(s.Action) && s.Action.includes("s3:ReplicateObject"));
        expect(writes?.Resource).toBe("arn:aws:s3:::dst/*");
    });
    const gcpConfig = (replica: string, bucketLocation = "") => ({ region: "europe-west4", gcp: { bucketLocation } as never, backup: { replica: { region: replica } } as never });
    it("gcp: a replica region makes the bucket the custom dual-region of both, with turbo replication", () => {
        expect(archiveLocation(gcpConfig("europe-west1"))).toEqual({
            location: "EU",
            customPlacementConfig: { dataLocations: ["EUROPE-WEST4", "EUROPE-WEST1"] },
            rpo: "ASYNC_TURBO",
        });
    });
    it("gcp: a predefined dual-region gets turbo replication; a region or multi-region keeps none", () => {
        expect(archiveLocation(gcpConfig("", "nam4"))).toEqual({ location: "NAM4", rpo: "ASYNC_TURBO" });
        expect(archiveLocation(gcpConfig(""))).toEqual({ location: "EUROPE-WEST4" });
        expect(archiveLocation(gcpConfig("", "EU"))).toEqual({ location: "EU" });
    });
    it("gcp: the turbo-replicated bucket gets one alert policy on its missed-RPO minutes, in its project, filtered to that bucket", () => {
        const alerts = shippedPlan("gcp-prod").resources.filter((r: { type: string }) => r.type === "gcp:monitoring/alertPolicy:AlertPolicy");
        expect(alerts).toHaveLength(1);
        const [condition] = alerts[0].inputs.conditions;
        expect(condition.conditionThreshold.filter).toBe(
            'metric.type="storage.googleapis.com/replication/missing_rpo_minutes_last_30d" AND resource.type="gcs_bucket" AND resource.label.bucket_name="example-fhir-project-gcp-prod-fhir-gcp-backups"',
        );
        // A gauge: ALIGN_MAX over an hour, any missed minute fires.
        expect(condition.conditionThreshold).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 0, aggregations: [{ perSeriesAligner: "ALIGN_MAX", alignmentPeriod: "3600s" }] });
        expect(alerts[0].inputs.project).toBe("example-fhir-project");
    });
    it("gcp: a single-region bucket (no replica region) has no turbo replication and no alert policy", async () => {
        const run = await runLifecycle("gcp-prod", [{ title: "no replica region", change: { "fhir-ha:backup": { replica: { region: "" } } } }]);
        const resources = run.steps[0].plan.resources;
        expect(resources.find((r) => r.type === "gcp:storage/bucket:Bucket")?.inputs.location).toBe("EUROPE-WEST4");
        expect(resources.filter((r) => r.type === "gcp:monitoring/alertPolicy:AlertPolicy")).toEqual([]);
    }, 120_000);
    it("azure: a replica region makes the account RA-GZRS; without one the storageRedundancy setting stays", () => {
        const redundancy = archiveRedundancy({ azure: { storageRedundancy: "ZRS" } as never, backup: { replica: { region: "northeurope" } } as never });
        const args = storageAccountArgs({ resourceGroupName: "rg", accountName: "a", location: "westeurope", redundancy, backupAuth: "workloadIdentity", allowedSubnetId: "s", tags: {} });
        expect(args.sku).toEqual({ name: "Standard_RAGZRS" });
        expect(archiveRedundancy({ azure: { storageRedundancy: "ZRS" } as never, backup: { replica: { region: "" } } as never })).toBe("ZRS");
    });
    it("states a region-loss RPO of archive_timeout plus the 15-minute replication bound", () => {
        expect(regionLossRpoSeconds("aws", 300)).toBe(1200);
        expect(regionLossRpoSeconds("gcp", 60)).toBe(960);
        expect(regionLossRpoSeconds("kubernetes", 300)).toBeUndefined();
    });
    it("the plan's note states the RPO with its parts, or that the archive has no copy", () => {
        expect(regionLossNote("gcp", "europe-west1", "5min", 300)).toMatch(/stated RPO 20 min = fhir-ha:backup\.walArchiveTimeout \(5min\) \+ 15 min replication bound \(https:/);
        expect(regionLossNote("azure", "northeurope", "5min", 300)).toMatch(/\(typical, not guaranteed\)/);
        expect(regionLossNote("aws", "", "5min", 300)).toMatch(/^fhir-ha:backup\.replica\.region is empty: the archive has no copy outside/);
    });
});

const res = (type: string, name: string, inputs: Record<string, unknown>): CheckedResource => ({ urn: `urn::${name}`, type, name, parent: null, inputs });
const ctx = (cloud: string, resources: CheckedResource[]): CheckContext => ({ cloud, resources });

describe("checklist rule backup-replicated", () => {
    const bucket = (name: string, region?: string) => res("aws:s3/bucket:Bucket", name, { bucket: name, ...(region ? { region } : {}) });
    it("aws: fails for a single-region bucket and passes with RTC + SSE-KMS replication to another region", () => {
        expect(backupReplicated.check(ctx("aws", [bucket("src")]))).toMatchObject({ passed: false, evidence: expect.stringMatching(/no replication rule/) });
        const replication = res("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "r", { bucket: "src", rules: [replicationRule("arn:aws:s3:::dst", "k")] });
        const result = backupReplicated.check(ctx("aws", [bucket("src"), bucket("dst", "eu-west-1"), replication]));
        expect(result.passed).toBe(true);
        expect(result.evidence).toMatch(/src replicates to dst in eu-west-1/);
    });
    it("aws: fails a replication rule without Replication Time Control", () => {
        const rule = replicationRule("arn:aws:s3:::dst", "k");
        const noRtc = { ...rule, destination: { ...rule.destination, replicationTime: { status: "Disabled", time: { minutes: 15 } } } };
        const result = backupReplicated.check(ctx("aws", [bucket("src"), bucket("dst"), res("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "r", { bucket: "src", rules: [noRtc] })]));
        expect(result).toMatchObject({ passed: false, evidence: expect.stringMatching(/without Replication Time Control/) });
    });
    it("gcp: fails a dual-region with default replication and a multi-region", () => {
        const dual = res("gcp:storage/bucket:Bucket", "b", { name: "b", location: "EUR4" });
        expect(backupReplicated.check(ctx("gcp", [dual]))).toMatchObject({ passed: false, evidence: expect.stringMatching(/no time bound \(rpo ASYNC_TURBO missing\)/) });
        const multi = res("gcp:storage/bucket:Bucket", "b", { name: "b", location: "EU" });
        expect(backupReplicated.check(ctx("gcp", [multi]))).toMatchObject({ passed: false, evidence: expect.stringMatching(/multi-region/) });
    });
    it("azure: fails ZRS, passes RA-GZRS", () => {
        const account = (sku: string) => res("azure-native:storage:StorageAccount", "a", { accountName: "a", sku: { name: sku } });
        expect(backupReplicated.check(ctx("azure", [account("Standard_ZRS")])).passed).toBe(false);
        expect(backupReplicated.check(ctx("azure", [account("Standard_RAGZRS")])).passed).toBe(true);
    });
});
