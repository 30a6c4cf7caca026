/**
 * The region pair's refusals (src/config/standby.ts), each message naming the keys, and the
 * reading of the other stack's file (src/validation/pair.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { rawFhirHaConfig } from "../src/config/load";
import { isStandby, pairProblems, PairConfig } from "../src/config/standby";
import { stackConfigFromYaml } from "../src/plan/stack-files";
import { checkConfig, validateConfig } from "../src/validation";
import { readOtherStack, stacksDir } from "../src/validation/pair";

const STACKS = path.join(__dirname, "..", "stacks");

/** aws-dr's raw config with `database` / `backup` merged one level deep, as a stack file edit would. */
function awsDr(db: Record<string, unknown> = {}, backup?: Record<string, unknown>, standbyOf: Record<string, unknown> = {}): Record<string, unknown> {
    const { raw } = rawFhirHaConfig(stackConfigFromYaml(fs.readFileSync(path.join(STACKS, "Pulumi.aws-dr.yaml"), "utf8"), "fhir-ha").config);
    const database = JSON.parse(raw.database as string);
    return {
        ...raw,
        database: { ...database, ...db, standbyOf: { ...database.standbyOf, ...standbyOf } },
        ...(backup ? { backup: { ...JSON.parse(raw.backup as string), ...backup } } : {}),
    };
}
const problems = (raw: Record<string, unknown>, region = "eu-west-1") => checkConfig(raw, { region }).problems;

describe("the shipped aws-dr", () => {
    it("validates, and is a standby of fhir-db", () => {
        const c = validateConfig(awsDr(), { region: "eu-west-1" });
        expect(c.database.standbyOf).toMatchObject({ cluster: "fhir-db", stack: "aws-prod", region: "eu-central-1", serverName: "fhir-db", promoted: false, createdAsStandby: true });
        expect(isStandby(c)).toBe(true);
        expect(isStandby({ ...c, database: { ...c.database, standbyOf: { ...c.database.standbyOf, promoted: true } } })).toBe(false);
    });
});

describe("refusals on this stack's config", () => {
    it("2: the other region equal to this stack's region", () => {
        expect(problems(awsDr(), "eu-central-1")).toContain(
            'fhir-ha:database.standbyOf.region = "eu-central-1": must differ from this stack\'s region (eu-central-1); a standby in the same region is lost with it',
        );
    });
    it("3: this stack's archive not replicated, or not to the other region", () => {
        expect(problems(awsDr({}, { replica: { region: "" } }))).toContain(
            "fhir-ha:backup.replica.region: required in a region pair (set it to fhir-ha:database.standbyOf.region, eu-central-1): " +
                "once this cluster is primary, fhir-db replays its archive as replicated into that region",
        );
        expect(problems(awsDr({}, { replica: { region: "eu-north-1" } }))).toContain(
            'fhir-ha:backup.replica.region = "eu-north-1": must be fhir-ha:database.standbyOf.region (eu-central-1); the other region replays this cluster\'s archive from its replica there',
        );
    });
    it("4: the same cluster name as the other, or a restore at the same time", () => {
        expect(problems(awsDr({ clusterName: "fhir-db" }))).toContain(
            'fhir-ha:database.standbyOf.cluster = "fhir-db": must differ from fhir-ha:database.clusterName; each region\'s cluster archives under its own name, never into the other\'s archive',
        );
        // The name of the delayed replica a standby runs on the other's archive, after its server name.
        expect(problems(awsDr({ clusterName: "fhir-db-delayed" }))).toContain(
            'fhir-ha:database.clusterName = "fhir-db-delayed": must differ from "fhir-db-delayed", the name of the delayed replica a standby runs on fhir-db\'s archive',
        );
        expect(problems(awsDr({ clusterName: "fhir-db-pg18-delayed" }, undefined, { serverName: "fhir-db-pg18" }))).toContain(
            'fhir-ha:database.clusterName = "fhir-db-pg18-delayed": must differ from "fhir-db-pg18-delayed", the name of the delayed replica a standby runs on fhir-db\'s archive',
        );
        expect(problems(awsDr({ clusterName: "fhir-db-delayed" }, undefined, { serverName: "fhir-db-pg18" })).filter((p) => p.includes("delayed replica a standby"))).toEqual([]);
        expect(problems(awsDr({ restore: { enabled: true } }))).toContain(
            "fhir-ha:database.restore.enabled: not together with fhir-ha:database.standbyOf.cluster; run one flow at a time (a restore, or the region pair)",
        );
    });
    it("4: on the kubernetes target, the archive URL of this stack's own bucket; its replication is not in config, so no replica region is asked for", () => {
        const raw = (archiveURL: string) => ({
            cloud: "kubernetes",
            zones: 3,
            kubernetes: { s3Endpoint: "https://s3.example.net", s3Bucket: "fhir-backups" },
            database: { clusterName: "fhir-db-dr", standbyOf: { cluster: "fhir-db", region: "dc-1", archiveURL } },
        });
        const env = { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] };
        expect(checkConfig(raw("s3://fhir-backups"), env).problems).toEqual([
            'fhir-ha:database.standbyOf.archiveURL = "s3://fhir-backups": is this stack\'s own backup store (fhir-ha:kubernetes.s3Bucket); give the other cluster\'s archive as replicated into this region',
        ]);
        expect(checkConfig(raw("s3://fhir-backups-dc-1"), env).problems).toEqual([]);
    });
    it("5: the other cluster without its region or archive, a scheme of another cloud, a token without promotion", () => {
        expect(problems(awsDr({}, undefined, { region: "", archiveURL: "" }))).toEqual(
            expect.arrayContaining([
                "fhir-ha:database.standbyOf.region: required with fhir-ha:database.standbyOf.cluster (the other region, where fhir-db runs)",
                expect.stringMatching(/^fhir-ha:database\.standbyOf\.archiveURL = "": empty, but fhir-ha:database\.standbyOf\.cluster is set; on aws it must be s3:\/\/<bucket>/),
            ]),
        );
        expect(problems(awsDr({}, undefined, { archiveURL: "gs://fhir-backups" }))).toContain(
            'fhir-ha:database.standbyOf.archiveURL = "gs://fhir-backups": not an S3 bucket URL (no path below the bucket); ' +
                "on aws it must be s3://<bucket>: the replica bucket the other stack's backup.replica.region created in this region",
        );
        expect(problems(awsDr({}, undefined, { promotionToken: "eyJ0b2tlbiI6MX0=" }))).toContain(
            "fhir-ha:database.standbyOf.promotionToken: only with fhir-ha:database.standbyOf.promoted = true (a planned switchover promotes with the old primary's demotion token)",
        );
    });
    it("a stack name that is not one (it names the file read)", () => {
        expect(problems(awsDr({}, undefined, { stack: "../aws-prod" }))).toContain(
            'fhir-ha:database.standbyOf.stack = "../aws-prod": not a stack name (letters, digits, "-", "_", "."); its file stacks/Pulumi.<stack>.yaml is read',
        );
    });
    it("5: promoted without a pair", () => {
        const { database, ...rest } = awsDr();
        const db = database as Record<string, any>;
        expect(problems({ ...rest, database: { ...db, standbyOf: { promoted: true } } })).toContain(
            'fhir-ha:database.standbyOf.cluster: required when fhir-ha:database.standbyOf.promoted or fhir-ha:database.standbyOf.promotionToken is set (the other region\'s cluster; "" = not part of a region pair)',
        );
    });
});

describe("refusals across the pair (pairProblems)", () => {
    const side = (standbyOf: Partial<PairConfig["database"]["standbyOf"]>, replica: string, region: string, clusterName: string): PairConfig => ({
        cloud: "aws",
        region,
        database: { clusterName, restore: { enabled: false }, standbyOf: { cluster: "", stack: "", region: "", archiveURL: "", promoted: false, promotionToken: "", ...standbyOf } },
        backup: { replica: { region: replica } },
    });
    const dr = (promoted: boolean) => side({ cluster: "fhir-db", stack: "aws-prod", region: "eu-central-1", archiveURL: "s3://b", promoted }, "eu-central-1", "eu-west-1", "fhir-db-dr");
    const prod = (standbyOf: Partial<PairConfig["database"]["standbyOf"]>) => ({ stack: "aws-prod", config: side(standbyOf, "eu-west-1", "eu-central-1", "fhir-db") });

    it("1: both primary, naming promoted in both stacks", () => {
        expect(pairProblems(dr(true), prod({ cluster: "fhir-db-dr", promoted: true }))).toEqual([
            "fhir-ha:database.standbyOf.promoted = true in this stack and stacks/Pulumi.aws-prod.yaml is primary too (fhir-ha:database.standbyOf.promoted = true): " +
                'two primaries would both write; name this stack\'s cluster in stacks/Pulumi.aws-prod.yaml (fhir-ha:database.standbyOf.cluster = "fhir-db-dr", ' +
                "fhir-ha:database.standbyOf.promoted = false) in the same commit, or set this stack's fhir-ha:database.standbyOf.promoted = false",
        ]);
    });
    it("a standby of a primary, and a promoted side whose old primary names it, are accepted", () => {
        expect(pairProblems(dr(false), prod({}))).toEqual([]);
        expect(pairProblems(dr(true), prod({ cluster: "fhir-db-dr", promoted: false }))).toEqual([]);
    });
    it("3: the other stack's archive replicated elsewhere than this region", () => {
        const other = prod({});
        other.config.backup.replica.region = "";
        expect(pairProblems(dr(false), other)).toEqual([
            'stacks/Pulumi.aws-prod.yaml: fhir-ha:backup.replica.region = "": must be this stack\'s region (eu-west-1); this stack replays fhir-db\'s archive as replicated here',
        ]);
    });
});

describe("the other stack's file (readOtherStack)", () => {
    const config = validateConfig(awsDr(), { region: "eu-west-1" });
    it("reads and validates it from the stacks directory", () => {
        const read = readOtherStack(config, STACKS);
        expect(read && "other" in read && read.other.config.database.clusterName).toBe("fhir-db");
        expect(read && "other" in read && read.other.config.region).toBe("eu-central-1");
    });
    it("warns that the cross-stack checks did not run when the file is absent", () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-no-stacks-"));
        expect(readOtherStack(config, empty)).toEqual({
            warning:
                "stacks/Pulumi.aws-prod.yaml (fhir-ha:database.standbyOf.stack) is not here: the checks that both stacks of the pair are not primary " +
                "and that its archive is replicated here did not run",
        });
    });
    it("finds the stacks directory from Pulumi.yaml's stackConfigDir", () => {
        expect(stacksDir(path.join(__dirname, ".."))).toBe(STACKS);
    });
});
