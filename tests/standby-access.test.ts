/**
 * `database.standbyOf`: what each cloud grants the backup identity on the other region's archive
 * as replicated into this region (read only, scoped to exactly that bucket or container), what it
 * refuses, and that nothing is rendered for a stack outside a region pair. The clouds' targets are
 * rendered alone under the mock runtime, one render per cloud and case.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parseStandbyArchive, standbyArchiveProblems } from "../src/cloud/standby-archive";
import { standbyReadPolicy } from "../src/clouds/aws/policies";
import { azureStandbyProblems } from "../src/clouds/azure/standby-access";
import { loadCloud } from "../src/clouds";
import { FhirHaConfig } from "../src/config/types";
import { databaseNames } from "../src/names";
import { MOCK_AWS_ACCOUNT } from "../src/plan/mocks/aws";
import { MOCK_AZURE_CLIENT } from "../src/plan/mocks/azure";
import { validateConfig } from "../src/validation";
import { withTestApiAccess } from "./support/config";
import { render, Rendered } from "./support/render";
import { shippedPlan } from "./support/shipped-plans";

const KEY = "fhir-ha:database.standbyOf.archiveURL";
const AWS_ARCHIVE = "fhir-db-k3v9x2pq-123456789012-eu-central-1-an";
const GCS_ARCHIVE = "acme-fhir-prod-gcp-prod-fhir-gcp-backups";
const AZURE_ARCHIVE = "https://stfhirbk0a1b2c3d4e-secondary.blob.core.windows.net/cnpg-backups";
const AZURE_GROUP = "3f2a9c4e-7b1d-4e8a-9c6f-2d5b8e1a7c90";
const READER_SUBNET = `/subscriptions/${MOCK_AZURE_CLIENT.subscriptionId}/resourceGroups/rg-fhir-ha-azure-dr/providers/Microsoft.Network/virtualNetworks/vnet-fhir-ha-azure-dr/subnets/snet-nodes`;

/** `fhir-ha:database` of a standby: this region's cluster and the other region's archive. */
const standbyDatabase = (archiveURL: string, extra: Record<string, unknown> = {}) => ({ clusterName: "fhir-db-dr", standbyOf: { cluster: "fhir-db", ...extra, archiveURL } });

/** Every action a policy statement allows, flattened. */
const actionsOf = (policy: { Statement: { Action: string | string[] }[] }) => policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe("standbyOf.archiveURL: one parser, the form each cloud accepts", () => {
    it("names the bucket of s3:// on aws and kubernetes, and of gs:// on gcp", () => {
        expect(parseStandbyArchive("aws", `s3://${AWS_ARCHIVE}`).archive?.bucket).toBe(AWS_ARCHIVE);
        expect(parseStandbyArchive("kubernetes", "s3://fhir-archive-dr").archive?.bucket).toBe("fhir-archive-dr");
        expect(parseStandbyArchive("gcp", `gs://${GCS_ARCHIVE}`).archive?.bucket).toBe(GCS_ARCHIVE);
    });

    it("names account and container of an Azure secondary endpoint", () => {
        const { archive } = parseStandbyArchive("azure", AZURE_ARCHIVE);
        expect(archive).toMatchObject({ account: "stfhirbk0a1b2c3d4e", container: "cnpg-backups", bucket: "" });
    });

    it("refuses other schemes, paths below the bucket or container and trailing slashes, naming the key and the accepted form", () => {
        const refused: [string, string, RegExp][] = [
            ["aws", "gs://fhir-archive", /on aws it must be s3:\/\/<bucket>/],
            ["aws", `s3://${AWS_ARCHIVE}/fhir-db`, /no path below the bucket/],
            ["aws", "s3://Fhir_Archive", /not an S3 bucket URL/],
            ["aws", `s3://${AWS_ARCHIVE}/`, /no trailing slash/],
            ["gcp", `s3://${GCS_ARCHIVE}`, /on gcp it must be gs:\/\/<bucket>/],
            ["azure", "https://stfhirbk0a1b2c3d4e.blob.core.windows.net/cnpg-backups", /primary endpoint .* read its -secondary endpoint/],
            ["azure", `${AZURE_ARCHIVE}/fhir-db`, /no path below the container/],
            ["azure", "https://stfhirbk0a1b2c3d4e-secondary.blob.core.windows.net/cnpg--backups", /<account>-secondary\.blob\.core\.windows\.net\/<container>/],
            ["kubernetes", "https://minio.example/archive", /on kubernetes it must be s3:\/\/<bucket>/],
        ];
        for (const [cloud, url, why] of refused) {
            const { archive, problem } = parseStandbyArchive(cloud, url);
            expect(archive).toBeUndefined();
            expect(problem).toContain(`${KEY} = ${JSON.stringify(url)}`);
            expect(problem).toMatch(why);
        }
    });

    it("wants a URL once standbyOf.cluster is set, and ignores it while the stack is not in a pair", () => {
        expect(standbyArchiveProblems("aws", "fhir-db", "")[0]).toMatch(/standbyOf\.archiveURL = "": empty, but fhir-ha:database\.standbyOf\.cluster is set/);
        expect(standbyArchiveProblems("aws", "", "")).toEqual([]);
        expect(standbyArchiveProblems("aws", "", "gs://whatever")).toEqual([]);
        expect(standbyArchiveProblems("gcp", "fhir-db", `gs://${GCS_ARCHIVE}`)).toEqual([]);
    });
});

describe("aws: the standby's read policy", () => {
    const policy = standbyReadPolicy({ partition: "aws", accountId: "123456789012", region: "eu-central-1", bucket: AWS_ARCHIVE });
    const bucketArn = `arn:aws:s3:::${AWS_ARCHIVE}`;

    it("lists and reads, never writes, deletes or changes settings", () => {
        expect(actionsOf(policy).sort()).toEqual(["kms:Decrypt", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket"]);
        expect(actionsOf(policy).some((a) => /Put|Delete|Abort|Replicate|\*|GenerateDataKey|Encrypt$/.test(a))).toBe(false);
    });

    it("is scoped to exactly the archive's bucket and its objects", () => {
        const s3 = policy.Statement.filter((s) => actionsOf({ Statement: [s] }).some((a) => a.startsWith("s3:")));
        expect(s3.map((s) => s.Resource).sort()).toEqual([bucketArn, `${bucketArn}/*`]);
    });

    it("decrypts only what S3 in this region asks for on behalf of that bucket, with this account's keys in this region", () => {
        const kms = policy.Statement.find((s) => s.Action === "kms:Decrypt")!;
        expect(kms.Resource).toBe("arn:aws:kms:eu-central-1:123456789012:key/*");
        expect(kms.Condition?.StringEquals?.["kms:ViaService"]).toBe("s3.eu-central-1.amazonaws.com");
        expect(kms.Condition?.StringLike?.["kms:EncryptionContext:aws:s3:arn"]).toEqual([bucketArn, `${bucketArn}/*`]);
    });
});

describe("azure: what a region pair needs of each stack's settings", () => {
    const config = (azure: Record<string, unknown>, database: Record<string, unknown> = {}) =>
        ({ azure: { backupAuth: "workloadIdentity", backupReaderSubnetIds: [], ...azure }, database: { standbyOf: { cluster: "", stack: "", ...database } } }) as unknown as FhirHaConfig;

    it("refuses a standby without workload identity or without the other stack's name, naming the keys", () => {
        const problems = azureStandbyProblems(config({ backupAuth: "accountKey" }, { cluster: "fhir-db" }));
        expect(problems).toHaveLength(2);
        expect(problems[0]).toMatch(/fhir-ha:azure\.backupAuth = "accountKey".*set workloadIdentity/);
        expect(problems[1]).toMatch(/fhir-ha:database\.standbyOf\.stack is empty/);
        expect(azureStandbyProblems(config({}, { cluster: "fhir-db", stack: "azure-prod" }))).toEqual([]);
    });

    it("takes only subnet resource IDs as reader subnets", () => {
        expect(azureStandbyProblems(config({ backupReaderSubnetIds: [READER_SUBNET] }))).toEqual([]);
        const [problem] = azureStandbyProblems(config({ backupReaderSubnetIds: [READER_SUBNET, "snet-nodes"] }));
        expect(problem).toMatch(/fhir-ha:azure\.backupReaderSubnetIds: subnet resource IDs .*not: snet-nodes$/);
    });
});

// ---- the targets rendered under the mock runtime ----

const valueOf = <V>(o: pulumi.Input<V>): Promise<V> => new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as V)));

async function renderTarget(config: FhirHaConfig, name: string, runtime: { stack?: string; config?: Record<string, string> }): Promise<Rendered> {
    const cloud = await loadCloud(config.cloud);
    return render(async () => {
        const resolved = { ...config, zoneNames: await cloud.resolveZones(config) };
        const target = new cloud.Cluster(name, { config: resolved, backupServiceAccounts: databaseNames(resolved).backupServiceAccounts });
        await valueOf(target.clusterName);
    }, runtime);
}

const memo = <V>(make: () => Promise<V>) => {
    let value: Promise<V> | undefined;
    return () => (value ??= make());
};

describe("aws target", () => {
    const awsConfig = (database: Record<string, unknown> = {}) =>
        validateConfig(withTestApiAccess({ cloud: "aws", backup: { replica: { region: "eu-west-1" } }, database }), { region: "eu-central-1" });
    const standby = memo(() => renderTarget(awsConfig(standbyDatabase(`s3://${AWS_ARCHIVE}`, { region: "eu-west-1", stack: "aws-prod" })), "fhir-aws", {}));
    const plain = memo(() => renderTarget(awsConfig(), "fhir-aws", {}));
    const POLICY = "aws:iam/rolePolicy:RolePolicy";

    it("gives the backup role a read policy of its own on the archive's bucket in this region and account", async () => {
        const r = await standby();
        const read = r.inputs(POLICY, "fhir-aws-backup-standby-read");
        expect(read.role).toBe(r.inputs(POLICY, "fhir-aws-backup-access").role);
        const doc = JSON.parse(read.policy);
        const s3Resources = doc.Statement.filter((st: { Action: string | string[] }) => actionsOf({ Statement: [st] }).some((a) => a.startsWith("s3:"))).map(
            (st: { Resource: string }) => st.Resource,
        );
        expect(s3Resources.sort()).toEqual([`arn:aws:s3:::${AWS_ARCHIVE}`, `arn:aws:s3:::${AWS_ARCHIVE}/*`]);
        const kms = doc.Statement.find((s: { Action: string }) => s.Action === "kms:Decrypt");
        expect(kms.Resource).toBe(`arn:aws:kms:eu-central-1:${MOCK_AWS_ACCOUNT}:key/*`);
        expect(actionsOf(doc).filter((a) => /Put|Delete/.test(a))).toEqual([]);
    });

    it("sets no policy on the replica key, so AWS applies its default key policy (the one that lets IAM policies grant Decrypt)", async () => {
        const r = await plain();
        const replicaKey = r.inputs("aws:kms/key:Key", "fhir-aws-backups-replica-store-key");
        expect(replicaKey.policy).toBeUndefined();
    });

    it("renders no read policy for a stack outside a region pair", async () => {
        const r = await plain();
        expect(r.ofType(POLICY).map((p) => p.name)).not.toContain("fhir-aws-backup-standby-read");
    });

    it("refuses a malformed archiveURL, naming the key", () => {
        // The validation refuses it before any resource (src/config/standby.ts, with this parser's message).
        expect(() => awsConfig(standbyDatabase("gs://wrong-cloud", { region: "eu-west-1" }))).toThrow(/fhir-ha:database\.standbyOf\.archiveURL = "gs:\/\/wrong-cloud"/);
    });
});

describe("gcp target", () => {
    const RUNTIME = { stack: "gcp-dr", config: { "gcp:project": "acme-fhir-prod", "gcp:region": "europe-west4" } };
    const gcpConfig = (database: Record<string, unknown> = {}, backup?: Record<string, unknown>) =>
        validateConfig({ cloud: "gcp", database, ...(backup ? { backup } : {}) }, { region: "europe-west4" });
    // A region pair replicates this stack's archive into the other's region too (src/config/standby.ts).
    const standby = memo(() =>
        renderTarget(gcpConfig(standbyDatabase(`gs://${GCS_ARCHIVE}`, { region: "europe-west1", stack: "gcp-prod" }), { replica: { region: "europe-west1" } }), "fhir-gcp", RUNTIME),
    );
    const plain = memo(() => renderTarget(gcpConfig(), "fhir-gcp", RUNTIME));
    const MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember";

    it("makes the backup service account an object viewer and legacy bucket reader of exactly the archive's bucket", async () => {
        const r = await standby();
        const onArchive = r.ofType(MEMBER).map((m) => r.inputs(m.type, m.name)).filter((m) => m.bucket === GCS_ARCHIVE);
        expect(onArchive.map((m) => m.role).sort()).toEqual(["roles/storage.legacyBucketReader", "roles/storage.objectViewer"]);
        const ownGrant = r.inputs(MEMBER, "fhir-gcp-backup-objectuser");
        for (const m of onArchive) expect(m.member).toEqual(ownGrant.member);
        // No project-wide role for it: the project's members (the node service account's) name someone else.
        const projectMembers = r.ofType("gcp:projects/iAMMember:IAMMember").map((m) => r.inputs(m.type, m.name));
        expect(projectMembers.length).toBeGreaterThan(0);
        expect(projectMembers.filter((m) => m.member === ownGrant.member)).toEqual([]);
    });

    it("renders no grant on another bucket for a stack outside a region pair", async () => {
        const r = await plain();
        const own = r.inputs("gcp:storage/bucket:Bucket", "fhir-gcp-backups").name;
        const buckets = new Set(r.ofType(MEMBER).map((m) => r.inputs(m.type, m.name).bucket));
        expect([...buckets]).toEqual([own]);
    });
});

describe("azure target", () => {
    const RUNTIME = { stack: "azure-dr" };
    const azureConfig = (raw: Record<string, unknown> = {}) =>
        validateConfig(withTestApiAccess({ cloud: "azure", ...raw, azure: { adminGroupObjectIds: [AZURE_GROUP], ...((raw.azure as object) ?? {}) } }), { region: "westeurope" });
    const standby = memo(() =>
        renderTarget(
            azureConfig({ database: standbyDatabase(AZURE_ARCHIVE, { region: "northeurope", stack: "azure-prod" }), backup: { replica: { region: "northeurope" } } }),
            "fhir-azure",
            RUNTIME,
        ),
    );
    const primary = memo(() => renderTarget(azureConfig({ azure: { backupReaderSubnetIds: [READER_SUBNET] } }), "fhir-azure", RUNTIME));
    const ROLE = "azure-native:authorization:RoleAssignment";

    it("refuses a standby that reads with the account key, naming both keys", async () => {
        const config = azureConfig({
            azure: { backupAuth: "accountKey" },
            database: standbyDatabase(AZURE_ARCHIVE, { region: "northeurope", stack: "azure-prod" }),
            backup: { replica: { region: "northeurope" } },
        });
        await expect(renderTarget(config, "fhir-azure-bad", RUNTIME)).rejects.toThrow(/standbyOf\.cluster is set but fhir-ha:azure\.backupAuth = "accountKey"/);
    });

    it("grants the backup identity Storage Blob Data Reader on exactly the other stack's container", async () => {
        const r = await standby();
        const read = r.inputs(ROLE, "fhir-azure-standby-read");
        expect(read.scope).toBe(
            `/subscriptions/${MOCK_AZURE_CLIENT.subscriptionId}/resourceGroups/rg-fhir-ha-azure-prod` +
                "/providers/Microsoft.Storage/storageAccounts/stfhirbk0a1b2c3d4e/blobServices/default/containers/cnpg-backups",
        );
        expect(read.roleDefinitionId).toBe(`/subscriptions/${MOCK_AZURE_CLIENT.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`);
        expect(read.principalId).toEqual(r.inputs(ROLE, "fhir-azure-backup-blob-access").principalId);
    });

    it("admits the listed reader subnets to the primary's account next to its own node subnet, and grants nothing outside a pair", async () => {
        const r = await primary();
        const rules = r.inputs("azure-native:storage:StorageAccount", "fhir-azure-backup-account").networkRuleSet;
        expect(rules.defaultAction).toBe("Deny");
        expect(rules.virtualNetworkRules.map((v: { virtualNetworkResourceId: string }) => v.virtualNetworkResourceId)).toEqual([
            // The mock runtime gives a resource the id `<name>-id`.
            `${r.get("azure-native:network:Subnet", "fhir-azure-node-subnet").name}-id`,
            READER_SUBNET,
        ]);
        expect(r.ofType(ROLE).map((a) => a.name)).not.toContain("fhir-azure-standby-read");
    });
});

describe("replicaArchiveURL: each shipped primary exports what its standby sets as archiveURL", () => {
    const planned = (stack: string) => shippedPlan(stack).outputs.replicaArchiveURL as string;
    it.each([
        ["aws-prod", "aws", /^s3:\/\/fhir-ha-.*-eu-west-1-an$/],
        ["gcp-prod", "gcp", /^gs:\/\/[a-z0-9-]+$/],
        ["azure-prod", "azure", /^https:\/\/st[a-z0-9]+-secondary\.blob\.core\.windows\.net\/cnpg-backups$/],
    ])("%s: an archiveURL its cloud's standby accepts, in the replica region", (stack, cloud, form) => {
        const url = planned(stack);
        expect(url).toMatch(form);
        expect(parseStandbyArchive(cloud, url).problem).toBeUndefined();
    });
    it("the kubernetes target exports none (its store's copy is the user's)", () => {
        expect(planned("local")).toBe("");
    });
});
