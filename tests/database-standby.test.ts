/**
 * The database tier's plan of a region pair (src/database/topology.ts PairPlan), from config
 * alone: which clusters, stores and backups a standby and a promoted cluster get.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { rawFhirHaConfig } from "../src/config/load";
import { FhirHaConfig } from "../src/config/types";
import { databaseTopology } from "../src/database/topology";
import { stackConfigFromYaml } from "../src/plan/stack-files";
import { validateConfig } from "../src/validation";

const { raw } = rawFhirHaConfig(stackConfigFromYaml(fs.readFileSync(path.join(__dirname, "../stacks/Pulumi.aws-dr.yaml"), "utf8"), "fhir-ha").config);
const shipped = validateConfig(raw, { region: "eu-west-1" });
const withPair = (standbyOf: Partial<FhirHaConfig["database"]["standbyOf"]>): FhirHaConfig => ({
    ...shipped,
    database: { ...shipped.database, standbyOf: { ...shipped.database.standbyOf, ...standbyOf } },
});

describe("a standby's topology", () => {
    const t = databaseTopology(shipped);
    it("is one cluster, bootstrapped from the other, naming it the pair's primary, with no scheduled backups; its delayed replica replays the other's archive", () => {
        expect(t.clusters.map((c) => [c.role, c.name, c.scheduledBackups, c.archivesWal])).toEqual([
            ["primary", "fhir-db-dr", false, true],
            ["delayed", "fhir-db-delayed", false, false],
        ]);
        // The same external cluster the standby replays: the read-only store on archiveURL, under the other's server name.
        expect(t.clusters[1].source).toEqual({ externalName: "replica-source", cluster: "fhir-db", objectStore: "fhir-db-store", serverName: "fhir-db" });
        expect(t.clusters[0].pair).toMatchObject({ primary: "fhir-db", standby: true, promotionToken: "", bootstrapFromOther: true });
        expect(t.clusters[0].pair!.other).toEqual({ externalName: "fhir-db", cluster: "fhir-db", objectStore: "fhir-db-store", serverName: "fhir-db" });
        expect(t.clusters[0].pair!.self).toEqual({ externalName: "fhir-db-dr", cluster: "fhir-db-dr", objectStore: "fhir-db-dr-store", serverName: "fhir-db-dr" });
    });
    it("reads the other archive through a store of its own on archiveURL, and archives into its own store", () => {
        expect(t.readOnlyStores).toEqual([
            { key: "standby-source-store", name: "fhir-db-store", archivePrefix: "fhir-db", cluster: "fhir-db", baseURL: "s3://fhir-ha-fhir-aws-aws-prod-k3x9q2ab-123456789012-eu-west-1-an" },
        ]);
        expect(t.clusters[0].objectStore).toBe("fhir-db-dr-store");
    });
    it("reads the other cluster's generation from standbyOf.serverName, its delayed replica too (named after it)", () => {
        const upgraded = databaseTopology(withPair({ serverName: "fhir-db-pg18" }));
        expect(upgraded.clusters[0].pair!.other.serverName).toBe("fhir-db-pg18");
        expect(upgraded.clusters[1]).toMatchObject({ name: "fhir-db-pg18-delayed", source: { serverName: "fhir-db-pg18", objectStore: "fhir-db-store" } });
    });
    it("runs no delayed replica with delayedReplica.enabled false", () => {
        const off = databaseTopology({ ...shipped, database: { ...shipped.database, delayedReplica: { ...shipped.database.delayedReplica, enabled: false } } });
        expect(off.clusters.map((c) => c.role)).toEqual(["primary"]);
    });
});

describe("once promoted", () => {
    it("names itself the primary, takes backups and runs its delayed replica, keeping the other's store", () => {
        const t = databaseTopology(withPair({ promoted: true }));
        expect(t.clusters.map((c) => [c.role, c.name, c.scheduledBackups])).toEqual([
            ["primary", "fhir-db-dr", true],
            ["delayed", "fhir-db-dr-delayed", false],
        ]);
        expect(t.clusters[0].pair).toMatchObject({ primary: "fhir-db-dr", standby: false, promotionToken: "" });
        expect(t.readOnlyStores.map((s) => s.name)).toEqual(["fhir-db-store"]);
    });
    it("carries the promotion token only when promoted", () => {
        expect(databaseTopology(withPair({ promoted: true, promotionToken: "tok" })).clusters[0].pair!.promotionToken).toBe("tok");
    });
    it("a former primary demoted in place keeps initdb, and runs no delayed replica until promoted again", () => {
        const demoted = databaseTopology(withPair({ createdAsStandby: false }));
        expect(demoted.clusters[0].pair!.bootstrapFromOther).toBe(false);
        expect(demoted.clusters.map((c) => c.role)).toEqual(["primary"]);
        expect(databaseTopology(withPair({ createdAsStandby: false, promoted: true })).clusters.map((c) => c.name)).toEqual(["fhir-db-dr", "fhir-db-dr-delayed"]);
    });
});

describe("outside a pair", () => {
    it("renders no pair and no standby store", () => {
        const t = databaseTopology(withPair({ cluster: "" }));
        expect(t.clusters[0].pair).toBeUndefined();
        expect(t.readOnlyStores).toEqual([]);
        expect(t.clusters.map((c) => c.role)).toEqual(["primary", "delayed"]);
    });
});
