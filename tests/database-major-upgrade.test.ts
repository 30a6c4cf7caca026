/**
 * Major upgrades as config: the archive generation a cluster writes under, what the topology
 * renders after an upgrade, and the refusals (downgrade, a target CNPG does not upgrade to, a
 * restore that does not name its generation), each naming its key before anything is registered.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfig, validateConfig } from "../src/validation";
import { BACKUP_STATE_FILTER, GENERATION_WAIT_SCRIPT, UPGRADE_WAIT_SCRIPT } from "../src/database/first-backup-wait";
import { databaseTopology } from "../src/database/topology";
import { archiveGeneration, databaseNames } from "../src/names";

const SECRETS = { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] };
const raw = (database: Record<string, unknown>) => ({
    cloud: "kubernetes",
    kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "fhir-backups" },
    database,
});
const problems = (database: Record<string, unknown>) => checkConfig(raw(database), SECRETS).problems;
const config = (database: Record<string, unknown>) => validateConfig(raw(database), SECRETS);

describe("archive generations", () => {
    it("the creation major keeps the plain cluster name; any other major gets <cluster>-pg<major>", () => {
        expect(archiveGeneration("fhir-db", 17, 17)).toBe("fhir-db");
        expect(archiveGeneration("fhir-db", 18, 17)).toBe("fhir-db-pg18");
        expect(archiveGeneration("fhir-db", 18, 16)).toBe("fhir-db-pg18");
    });

    it("a stack that never set a major keeps its archive, its delayed replica and their names", () => {
        const names = databaseNames(config({}));
        expect(names.serverName("fhir-db")).toBe("fhir-db");
        expect(names.delayedCluster).toBe("fhir-db-delayed");
        expect(names.backupServiceAccounts.map((a) => a.name)).toEqual(["fhir-db", "fhir-db-delayed"]);
    });

    it("after 17 -> 18 the primary archives under fhir-db-pg18 in the same store, and the delayed replica is a new cluster following it", () => {
        const t = databaseTopology(config({ postgresVersion: 18 }));
        const [primary, delayed] = t.clusters;
        expect(primary).toMatchObject({ name: "fhir-db", serverName: "fhir-db-pg18", objectStore: "fhir-db-store", archivePrefix: "fhir-db" });
        expect(primary.upgrade).toEqual({ major: 18, creationGeneration: "fhir-db" });
        expect(primary.image).toMatch(/postgresql:18\./);
        expect(delayed).toMatchObject({ name: "fhir-db-pg18-delayed", key: "delayed-pg18", serverName: "fhir-db-pg18-delayed" });
        expect(delayed.source).toMatchObject({ cluster: "fhir-db", objectStore: "fhir-db-store", serverName: "fhir-db-pg18" });
        expect(delayed.image).toBe(primary.image);
    });

    it("a restore to before the upgrade reads the creation generation and runs the old major; its delayed replica runs it too", () => {
        const t = databaseTopology(config({ postgresVersion: 18, restore: { enabled: true, sourceMajor: 17 } }));
        const restore = t.clusters.find((c) => c.role === "restore")!;
        const delayed = t.clusters.find((c) => c.role === "delayed")!;
        expect(restore.source).toMatchObject({ cluster: "fhir-db", serverName: "fhir-db" });
        expect(restore.image).toMatch(/postgresql:17\./);
        expect(restore.serverName).toBe("fhir-db-restore");
        expect(delayed).toMatchObject({ name: "fhir-db-restore-delayed", key: "delayed" });
        expect(delayed.image).toBe(restore.image);
        expect(t.clusters[0].image).toMatch(/postgresql:18\./);
    });

    it("a restore of the current generation after an upgrade reads fhir-db-pg18 on 18", () => {
        const restore = databaseTopology(config({ postgresVersion: 18, restore: { enabled: true, sourceMajor: 18 } })).clusters.find((c) => c.role === "restore")!;
        expect(restore.source?.serverName).toBe("fhir-db-pg18");
        expect(restore.image).toMatch(/postgresql:18\./);
    });
});

describe("major upgrade refusals", () => {
    it("refuses a downgrade below the creation major, naming both keys and the way back", () => {
        expect(problems({ postgresVersion: 16 })).toEqual([
            expect.stringMatching(
                /^fhir-ha:database\.postgresVersion = 16: lower than fhir-ha:database\.createdWithMajor \(17\); PostgreSQL has no in-place downgrade.*database\.restore\.sourceMajor.*set fhir-ha:database\.createdWithMajor = 16$/,
            ),
        ]);
    });

    it("accepts a stack created with 16 that says so", () => {
        expect(problems({ postgresVersion: 16, createdWithMajor: 16 })).toEqual([]);
        expect(databaseNames(config({ postgresVersion: 16, createdWithMajor: 16 })).serverName("fhir-db")).toBe("fhir-db");
    });

    it("refuses an in-place upgrade to a major CloudNativePG 1.30 does not upgrade to (below 16)", () => {
        expect(problems({ postgresVersion: 15, createdWithMajor: 14 })).toEqual([
            "fhir-ha:database.postgresVersion = 15: CloudNativePG 1.30 upgrades in place only to 16 or higher (from fhir-ha:database.createdWithMajor = 14); choose 16-18",
        ]);
    });

    it("accepts skipping a major (16 -> 18): pg_upgrade and CloudNativePG allow it", () => {
        expect(problems({ postgresVersion: 18, createdWithMajor: 16 })).toEqual([]);
    });

    it("refuses a restore after or together with an upgrade that does not name the generation it reads", () => {
        expect(problems({ postgresVersion: 18, restore: { enabled: true } })).toEqual([
            "fhir-ha:database.restore.enabled = true with fhir-ha:database.postgresVersion = 18 and fhir-ha:database.createdWithMajor = 17: " +
                "the archive holds one generation per major, so a restore after (or together with) a major upgrade must name the one it reads: " +
                "set fhir-ha:database.restore.sourceMajor (17 to go back to before the upgrade, 18 for the current one). Upgrade and restore in separate `pulumi up`s",
        ]);
    });

    it("refuses a restore of a generation the stack never had", () => {
        expect(problems({ postgresVersion: 18, restore: { enabled: true, sourceMajor: 16 } })).toEqual([
            "fhir-ha:database.restore.sourceMajor = 16: fhir-db has archive generations for majors 17 to 18 only (fhir-ha:database.createdWithMajor to fhir-ha:database.postgresVersion)",
        ]);
        expect(problems({ restore: { enabled: true, sourceMajor: 12 } })).toEqual([
            "fhir-ha:database.restore.sourceMajor = 12: the restored cluster runs this major; CloudNativePG 1.30 images exist for 14, 15, 16, 17, 18",
        ]);
    });

    it("a restore without an upgrade needs no source major", () => {
        expect(problems({ restore: { enabled: true } })).toEqual([]);
    });
});

/**
 * Runs a wait script with a stand-in `kubectl` that prints `answer` and records its arguments;
 * `timeoutMs` stops a script that keeps waiting.
 */
function runWait(script: string, env: Record<string, string>, answer: unknown, timeoutMs: number) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wait-"));
    fs.writeFileSync(path.join(dir, "answer.json"), JSON.stringify(answer));
    fs.writeFileSync(path.join(dir, "kubectl"), `#!/bin/bash\necho "$@" >> ${dir}/args\ncat ${dir}/answer.json\n`, { mode: 0o755 });
    const r = spawnSync("bash", ["-c", script], { env: { PATH: `${dir}:/usr/bin:/bin`, NAMESPACE: "fhir", ...env }, timeout: timeoutMs, encoding: "utf8" });
    const args = fs.existsSync(path.join(dir, "args")) ? fs.readFileSync(path.join(dir, "args"), "utf8") : "";
    fs.rmSync(dir, { recursive: true, force: true });
    return { status: r.status, stdout: r.stdout, args };
}

describe("the wait Jobs' scripts (run with bash, jq and a stand-in kubectl)", () => {
    const cluster = (majorVersion: number, phase: string) => ({ status: { pgDataImageInfo: { majorVersion }, phase } });

    it("the upgrade wait ends once the data directory is on the new major and the cluster is healthy", () => {
        const r = runWait(UPGRADE_WAIT_SCRIPT, { CLUSTER: "fhir-db", MAJOR: "18" }, cluster(18, "Cluster in healthy state"), 10_000);
        expect(r.status).toBe(0);
        expect(r.stdout).toContain("fhir-db: upgraded to PostgreSQL 18 and healthy");
        expect(r.args).toContain("get clusters.postgresql.cnpg.io fhir-db -n fhir -o json");
    });

    it("the upgrade wait keeps waiting while CNPG upgrades, and on the old major", () => {
        const upgrading = runWait(UPGRADE_WAIT_SCRIPT, { CLUSTER: "fhir-db", MAJOR: "18" }, cluster(17, "Upgrading Postgres major version"), 1500);
        expect(upgrading.status).toBeNull();
        expect(upgrading.stdout).toContain("fhir-db: 17 Upgrading Postgres major version");
        const oldHealthy = runWait(UPGRADE_WAIT_SCRIPT, { CLUSTER: "fhir-db", MAJOR: "18" }, cluster(17, "Cluster in healthy state"), 1500);
        expect(oldHealthy.status).toBeNull();
    });

    it("the generation's backup wait selects the Backups of the generation's ScheduledBackup only", () => {
        const items = [{ spec: { method: "plugin" }, status: { phase: "completed" } }];
        const r = runWait(GENERATION_WAIT_SCRIPT, { CLUSTER: "fhir-db", SCHEDULED_BACKUP: "fhir-db-pg18-weekly-full", FILTER: BACKUP_STATE_FILTER }, { items }, 10_000);
        expect(r.status).toBe(0);
        expect(r.args).toContain("-l cnpg.io/cluster=fhir-db,cnpg.io/scheduled-backup=fhir-db-pg18-weekly-full");
    });
});
