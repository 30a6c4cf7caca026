import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "../src/config/errors";
import { DEFAULT_STACK_FILE, clusterArchive, drillSettings, readStackFile, restoreFor, synchronousNamesFor, withDrillDelay } from "../drill/settings";
import { secretPlaceholder } from "../src/plan/stack-files";
import { ALL_RUNBOOKS, AUTOMATIC_FAILOVER, stepLine } from "../drill/runbook";

const ROOT = path.join(__dirname, "..");
const stackFile = path.join(ROOT, DEFAULT_STACK_FILE);
const minimal = { raw: { cloud: "kubernetes", kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "fhir-backups" } }, secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] };

describe("drill settings come from the project's config code", () => {
    it("reads the local stack, secrets noted as set but never read", () => {
        const stack = readStackFile(stackFile);
        expect(stack.raw.cloud).toBe("kubernetes");
        // The file lists its required secrets as comments only; as in the offline plan, each is a stand-in: set, never read.
        expect(fs.readFileSync(stackFile, "utf8")).not.toMatch(/secure:/);
        expect([...stack.secretsSet].sort()).toEqual(["aidboxLicense", "s3AccessKeyId", "s3SecretAccessKey"]);
        for (const key of stack.secretsSet) expect(Object.keys(stack.raw)).not.toContain(key);
        expect(JSON.stringify(stack.raw)).not.toContain(secretPlaceholder("fhir-ha:s3SecretAccessKey"));
    });

    it("scales only the delay, through the same parser: 20s for the drill, the stack's value as deployed", () => {
        const s = drillSettings(readStackFile(stackFile), stackFile);
        expect(s.policy.recoveryMinApplyDelay).toBe("20s");
        expect(s.policy.delaySeconds).toBe(20);
        expect(s.deployedPolicy.recoveryMinApplyDelay).toBe("12h");
        expect({ ...s.policy, recoveryMinApplyDelay: "", minApplyDelay: "", delaySeconds: 0 }).toEqual({
            ...s.deployedPolicy,
            recoveryMinApplyDelay: "",
            minApplyDelay: "",
            delaySeconds: 0,
        });
        expect(s.policy.barmanRetentionPolicy).toBe("RECOVERY WINDOW OF 30 DAYS");
    });

    it("names instances like CNPG pods and lists the synchronous quorum the database tier renders", () => {
        const s = drillSettings(minimal, "inline");
        expect(s.instances).toEqual(["fhir-db-1", "fhir-db-2", "fhir-db-3"]);
        expect(s.delayedInstance).toBe("fhir-db-delayed-1");
        expect(synchronousNamesFor(s, "fhir-db-2")).toBe('ANY 1 ("fhir-db-1","fhir-db-3")');
    });

    it("follows the stack's cluster name and instance count", () => {
        const raw = { ...minimal.raw, zones: 4, database: { clusterName: "pg", instances: 4, synchronousReplicas: 2 } };
        const s = drillSettings({ ...minimal, raw }, "inline");
        expect(s.instances).toEqual(["pg-1", "pg-2", "pg-3", "pg-4"]);
        expect(s.names.serverName(s.names.primaryCluster)).toBe("pg");
        expect(synchronousNamesFor(s, "pg-1")).toBe('ANY 2 ("pg-2","pg-3","pg-4")');
    });

    it("does not change the values it was given", () => {
        const raw = { ...minimal.raw, database: { delayedReplica: { enabled: false, delay: "12h" } } };
        const copy = JSON.parse(JSON.stringify(raw));
        const out = withDrillDelay(raw, "20s");
        expect(raw).toEqual(copy);
        expect(out.database).toEqual({ delayedReplica: { enabled: true, delay: "20s" } });
    });

    it("validates the restore target as the plan would and names the restore cluster's archive", () => {
        const s = drillSettings(minimal, "inline");
        expect(restoreFor(s, "2026-01-31T12:00:00.5Z")).toEqual({
            targetTime: "2026-01-31T12:00:00.5Z",
            sourceCluster: "fhir-db",
            restoreCluster: "fhir-db-restore",
            restoreInstance: "fhir-db-restore-1",
        });
        expect(() => restoreFor(s, "yesterday")).toThrow(ConfigValidationError);
        expect(() => restoreFor(s, "yesterday")).toThrow(/fhir-ha:database\.restore\.targetTime/);
    });

    it("lays archives out as the database tier does: <base>/<cluster> with the cluster as server name", () => {
        const s = drillSettings(minimal, "inline");
        const base = { kind: "s3", destinationPath: "s3://fhir-backups", endpointUrl: "http://127.0.0.1:9", env: {} };
        expect(clusterArchive(s, base, "fhir-db-restore")).toEqual({ store: { ...base, destinationPath: "s3://fhir-backups/fhir-db-restore" }, serverName: "fhir-db-restore" });
    });

    it("rejects a bad stack with the project's validation error", () => {
        expect(() => drillSettings({ ...minimal, raw: { ...minimal.raw, database: { delayedReplica: { delay: "soon" } } } }, "inline")).toThrow(ConfigValidationError);
    });
});

describe("runbook steps the drills print", () => {
    it("prints the runbook file and the step's heading", () => {
        expect(stepLine(AUTOMATIC_FAILOVER, "promoteByHand")).toBe("[docs/runbooks/automatic-failover.md] Step 3 — If CNPG does not promote");
    });

    for (const book of ALL_RUNBOOKS) {
        const file = path.join(ROOT, book.file);
        it(`${book.file}: every step the drill executes is a step of the runbook`, () => {
            const titles = Object.values(book.steps);
            expect(new Set(titles).size).toBe(titles.length);
            // A renamed or deleted runbook fails here: the drill would follow steps nobody reads.
            expect(fs.existsSync(file), `${book.file} exists`).toBe(true);
            const text = fs.readFileSync(file, "utf8").toLowerCase();
            const missing = titles.filter((t) => !text.includes(t.toLowerCase()));
            expect(missing).toEqual([]);
        });
    }
});
