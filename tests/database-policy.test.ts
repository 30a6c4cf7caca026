/**
 * The pure parts the database tier renders from: schedule conversion (CNPG's 6-field cron),
 * duration parsing and spelling per tool, the backup policy, and the tier's own small rules
 * (topology, synchronous settings, slot limit, chart values, snapshot pruning filter).
 */
import { execFileSync } from "child_process";
import { describe, expect, it } from "vitest";
import { backupPolicy } from "../src/config/backup-policy";
import { maxIntervalHours, parseSchedule, toCnpgSchedule } from "../src/config/cron";
import { parseDuration, toGoDuration, toPostgresDuration, toRetentionPolicy } from "../src/config/duration";
import { ConfigValidationError } from "../src/config/errors";
import { CHARTS } from "../src/config/pins";
import { FhirHaConfig } from "../src/config/types";
import { validateConfig } from "../src/validation";
import { maxSlotWalKeepSize } from "../src/database/instance-settings";
import { destinationPath } from "../src/database/object-store";
import { operatorReleases, pluginPlacementValues } from "../src/database/operator-releases";
import { PRUNE_FILTER } from "../src/database/snapshot-pruner";
import { synchronousSettings } from "../src/database/synchronous";
import { databaseTopology } from "../src/database/topology";
import * as pulumi from "@pulumi/pulumi";

const config = (extra: Record<string, unknown> = {}): FhirHaConfig =>
    validateConfig(
        { cloud: "kubernetes", kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "b" }, ...extra },
        { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] },
    );

describe("CNPG schedules (six fields, seconds first)", () => {
    it("converts the keywords to quiet-hour schedules", () => {
        expect(toCnpgSchedule("weekly")).toBe("0 0 1 * * 0");
        expect(toCnpgSchedule("daily")).toBe("0 0 3 * * *");
        expect(toCnpgSchedule("monthly")).toBe("0 0 1 1 * *");
        expect(toCnpgSchedule("  Weekly ")).toBe("0 0 1 * * 0");
    });

    it("prepends the seconds field to a 5-field cron instead of passing it through", () => {
        expect(toCnpgSchedule("30 2 * * 6")).toBe("0 30 2 * * 6");
        expect(toCnpgSchedule("0 */6 * * mon-fri")).toBe("0 0 */6 * * mon-fri");
        expect(toCnpgSchedule("0 2 * * 0").split(" ")).toHaveLength(6);
    });

    it("rejects what is not a keyword or a valid 5-field cron, saying why", () => {
        expect(() => toCnpgSchedule("0 0 2 * * 0")).toThrow(/got 6 field/);
        expect(() => toCnpgSchedule("hourly")).toThrow(/expected daily, weekly, monthly/);
        expect(() => toCnpgSchedule("61 2 * * *")).toThrow(/minute/);
        expect(() => toCnpgSchedule("0 24 * * *")).toThrow(/hour/);
        expect(() => toCnpgSchedule("0 2 * * 8")).toThrow(/day of week/);
        expect(() => toCnpgSchedule("0 2 5-1 * *")).toThrow(/day of month/);
        expect(() => toCnpgSchedule("0 2 */0 * *")).toThrow(/step/);
        expect(() => toCnpgSchedule("")).toThrow();
        // Three fields: not a cron schedule; parseSchedule returns the problem as text.
        expect(parseSchedule("* * *")).toMatch(/field|cron|5/i);
    });

    it("measures the longest gap, so weekly really means at most 7 days between full backups", () => {
        expect(maxIntervalHours("weekly")).toBe(168);
        expect(maxIntervalHours("daily")).toBe(24);
        expect(maxIntervalHours("0 1 1 * *")).toBe(31 * 24);
    });
});

describe("durations", () => {
    it("parses the ways operators write them", () => {
        expect(parseDuration("5min")).toBe(300);
        expect(parseDuration("12h")).toBe(43_200);
        expect(parseDuration("1h30m")).toBe(5_400);
        expect(parseDuration("30d")).toBe(2_592_000);
        expect(parseDuration("2w")).toBe(1_209_600);
        expect(parseDuration("90s")).toBe(90);
    });

    it("rejects malformed input", () => {
        for (const bad of ["", "  ", "5", "h", "5x", "12 h", "-5m", "1.5h", "5min!", "m5"]) {
            expect(parseDuration(bad), JSON.stringify(bad)).toBeUndefined();
        }
    });

    it("spells them the way each consumer reads them", () => {
        expect(toGoDuration(43_200)).toBe("12h");
        expect(toGoDuration(5_400)).toBe("1h30m");
        expect(toGoDuration(0)).toBe("0s");
        expect(toPostgresDuration(300)).toBe("5min");
        expect(toPostgresDuration(90)).toBe("90s");
        expect(toRetentionPolicy(30 * 86_400)).toBe("30d");
        expect(toRetentionPolicy(28 * 86_400)).toBe("4w");
        expect(toRetentionPolicy(36 * 3600)).toBeUndefined();
        expect(toRetentionPolicy(0)).toBeUndefined();
    });
});

describe("the backup policy the tier renders", () => {
    it("derives every value from config, in each tool's spelling", () => {
        const c = config();
        const p = backupPolicy(c.backup, c.database);
        expect(p).toMatchObject({
            retentionPolicy: "30d",
            barmanRetentionPolicy: "RECOVERY WINDOW OF 30 DAYS",
            retentionDays: 30,
            archiveTimeout: "5min",
            fullSchedule: "0 0 1 * * 0",
            incrementalSchedule: "0 0 3 * * *",
            minApplyDelay: "12h",
            walCompression: "none",
            dataCompression: "gzip",
        });
        expect(backupPolicy(config({ backup: { walCompression: "gzip" } }).backup, c.database).walCompression).toBe("gzip");
        // The ObjectStore CRD's pattern for retentionPolicy.
        expect(p.retentionPolicy).toMatch(/^[1-9][0-9]*[dwm]$/);
    });

    it("follows a 24 h delay and a custom full-backup cron", () => {
        const c = config({ backup: { full: "15 2 * * 6" }, database: { delayedReplica: { delay: "24h" } } });
        const p = backupPolicy(c.backup, c.database);
        expect(p.fullSchedule).toBe("0 15 2 * * 6");
        expect(p.minApplyDelay).toBe("24h");
    });
});

describe("topology", () => {
    it("runs the primary and the delayed replica by default, the FHIR server on the primary", () => {
        const t = databaseTopology(config());
        expect(t.clusters.map((c) => [c.role, c.name, c.servesFhir, c.archivesWal])).toEqual([
            ["primary", "fhir-db", true, true],
            ["delayed", "fhir-db-delayed", false, false],
        ]);
        expect(t.clusters[1].source).toMatchObject({ cluster: "fhir-db", objectStore: "fhir-db-store", serverName: "fhir-db" });
        expect(t.readOnlyStores).toEqual([]);
    });

    it("gives every cluster its own store and prefix, never another's", () => {
        const t = databaseTopology(config({ database: { restore: { enabled: true } } }));
        const stores = t.clusters.map((c) => c.objectStore);
        expect(new Set(stores).size).toBe(stores.length);
        expect(t.clusters.map((c) => c.archivePrefix)).toEqual(t.clusters.map((c) => c.name));
        expect(t.clusters.find((c) => c.role === "restore")!.servesFhir).toBe(true);
        expect(t.clusters.find((c) => c.role === "primary")!.servesFhir).toBe(false);
    });

    it("refuses a restore from the delayed replica (it keeps no archive) with the full key", () => {
        const fromDelayed = () => databaseTopology(config({ database: { restore: { enabled: true, sourceCluster: "fhir-db-delayed", clusterName: "x" } } }));
        expect(fromDelayed).toThrow(ConfigValidationError);
        expect(fromDelayed).toThrow(/fhir-ha:database\.restore\.sourceCluster = "fhir-db-delayed"/);
    });
});

describe("instance settings", () => {
    it("waits for ANY n standbys with required durability and quorum failover; none for n = 0", () => {
        const db = config().database;
        expect(synchronousSettings(db)).toEqual({ method: "any", number: 1, dataDurability: "required", failoverQuorum: true });
        expect(synchronousSettings({ ...db, synchronousReplicas: 2 })!.number).toBe(2);
        expect(synchronousSettings({ ...db, synchronousReplicas: 0 })).toBeUndefined();
    });

    it("lets a replication slot hold back at most half the WAL volume", () => {
        expect(maxSlotWalKeepSize("20Gi")).toBe("10240MB");
        expect(maxSlotWalKeepSize("5Gi")).toBe("2560MB");
        expect(() => maxSlotWalKeepSize("lots")).toThrow(/walStorageSize/);
    });

    it("joins the base URL and the prefix with exactly one slash", async () => {
        const value = (o: pulumi.Output<string>) => new Promise((resolve) => o.apply(resolve));
        expect(await value(destinationPath("s3://bucket", "fhir-db"))).toBe("s3://bucket/fhir-db");
        expect(await value(destinationPath("gs://bucket/", "fhir-db"))).toBe("gs://bucket/fhir-db");
    });
});

describe("operator releases", () => {
    it("pin the plugin images only while the chart is at the pinned version", () => {
        const charts = config().charts;
        const pinned = operatorReleases(charts).find((r) => r.key === "barmanCloud")!;
        expect(pinned.values).toMatchObject({ image: { tag: CHARTS.barmanCloud.imageTag }, sidecarImage: { tag: CHARTS.barmanCloud.imageTag } });
        const mirrored = operatorReleases({ ...charts, barmanCloud: { repository: "https://mirror.example/charts", version: "0.8.0" } });
        const plugin = mirrored.find((r) => r.key === "barmanCloud")!;
        expect(plugin.values).toEqual({ crds: { create: true }, ...pluginPlacementValues() });
        expect(plugin.repository).toBe("https://mirror.example/charts");
        expect(plugin.after).toEqual(["certManager", "cloudnativePg"]);
    });

    it("run two CNPG operator replicas: automatic failover needs a live operator", () => {
        const cnpg = operatorReleases(config().charts).find((r) => r.key === "cloudnativePg")!;
        expect(cnpg.values.replicaCount).toBe(2);
    });

    it("keep the CNPG operator's replicas in different zones, evicted 30 s after their node is lost, with a PriorityClass", () => {
        const cnpg = operatorReleases(config().charts).find((r) => r.key === "cloudnativePg")!;
        expect(cnpg.values.topologySpreadConstraints).toEqual([
            {
                maxSkew: 1,
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "DoNotSchedule",
                nodeTaintsPolicy: "Honor",
                labelSelector: { matchLabels: { "app.kubernetes.io/name": "cloudnative-pg" } },
            },
        ]);
        expect(cnpg.values.tolerations).toEqual([
            { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 },
            { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 },
        ]);
        expect(cnpg.values.priorityClassName).toBe("fhir-ha-database-operator");
    });
});

describe("snapshot pruning filter (run with jq)", () => {
    const day = 86_400_000;
    const now = Date.UTC(2026, 7, 20);
    const backup = (name: string, daysAgo: number, phase: string, method = "volumeSnapshot") => ({
        metadata: { name, creationTimestamp: new Date(now - daysAgo * day).toISOString().replace(/\.\d+Z$/, "Z") },
        spec: { method },
        status: { phase },
    });
    const expired = (items: object[]) =>
        execFileSync("jq", ["-r", "--argjson", "cutoff", String((now - 30 * day) / 1000), PRUNE_FILTER], { input: JSON.stringify({ items }) })
            .toString()
            .split("\n")
            .filter(Boolean)
            .sort();
    let jq = true;
    try {
        execFileSync("jq", ["--version"]);
    } catch {
        jq = false;
    }

    // jq comes with the kubectl image the CronJob runs; here the global setup makes sure the host
    // has it (tests/support/system-tools.ts), so these tests run their filter or fail, never skip.
    const needJq = (_ctx: unknown) => {
        expect(jq, "jq on PATH (tests/global-setup.ts installs it)").toBe(true);
    };

    it("keeps the window and the newest completed snapshot before it; deletes older ones", (ctx) => {
        needJq(ctx);
        const items = [
            backup("d1", 1, "completed"),
            backup("d29", 29, "completed"),
            backup("d31", 31, "completed"),
            backup("d32", 32, "completed"),
            backup("d33-failed", 33, "failed"),
            backup("d40", 40, "completed"),
            backup("d45-running", 45, "running"),
            backup("d50-plugin", 50, "completed", "plugin"),
        ];
        expect(expired(items)).toEqual(["d32", "d33-failed", "d40"]);
    });

    it("deletes nothing while every snapshot is inside the window, or when none completed before it", (ctx) => {
        needJq(ctx);
        expect(expired([backup("a", 1, "completed"), backup("b", 20, "completed")])).toEqual([]);
        expect(expired([backup("a", 1, "completed"), backup("old-failed", 40, "failed")])).toEqual(["old-failed"]);
    });
});
