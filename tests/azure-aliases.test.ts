/**
 * The Azure component drops azure-native's API-version type aliases (src/clouds/azure/
 * api-version-aliases.ts) and keeps every other alias: checked on the alias shapes directly and on
 * what the shipped azure-prod plan registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { dropApiVersionAliases, isApiVersionAlias, withoutApiVersionAliases } from "../src/clouds/azure/api-version-aliases";
import { shippedPlan } from "./support/shipped-plans";

interface PlannedResource {
    type: string;
    name: string;
    options: { aliases?: Record<string, unknown>[] };
}

describe("which aliases are API-version aliases", () => {
    it("a type-only alias to a versioned module's token, preview suffix included", () => {
        expect(isApiVersionAlias({ type: "azure-native:containerservice/v20190201:AgentPool" })).toBe(true);
        expect(isApiVersionAlias({ type: "azure-native:authorization/v20171001preview:RoleAssignment" })).toBe(true);
    });
    it("not an unversioned token (a module move), nor an alias that also names a name or parent, nor a URN or another package", () => {
        expect(isApiVersionAlias({ type: "azure-native:insights:DiagnosticSetting" })).toBe(false);
        expect(isApiVersionAlias({ type: "azure-native:storage/v20230101:StorageAccount", name: "old" })).toBe(false);
        expect(isApiVersionAlias({ type: "azure-native:storage/v20230101:StorageAccount", parent: pulumi.rootStackResource })).toBe(false);
        expect(isApiVersionAlias("urn:pulumi:s::p::azure-native:storage/v20230101:StorageAccount::a")).toBe(false);
        expect(isApiVersionAlias({ type: "aws:s3/v2:Bucket" })).toBe(false);
        expect(isApiVersionAlias(pulumi.output({ type: "azure-native:storage/v20230101:StorageAccount" }))).toBe(false);
    });
    it("filters a list keeping order, and returns the same array when nothing is dropped", () => {
        const moved = { type: "azure-native:insights:DiagnosticSetting" };
        const renamed = { name: "old-name" };
        const list = [{ type: "azure-native:insights/v20210501preview:DiagnosticSetting" }, moved, renamed];
        expect(withoutApiVersionAliases(list)).toEqual([moved, renamed]);
        const untouched = [moved, renamed];
        expect(withoutApiVersionAliases(untouched)).toBe(untouched);
    });
});

describe("the transformation", () => {
    const args = (type: string, aliases?: pulumi.Input<string | pulumi.Alias>[]): pulumi.ResourceTransformationArgs => ({
        resource: pulumi.rootStackResource,
        type,
        name: "r",
        props: { a: 1 },
        opts: { aliases, protect: true },
    });
    it("rewrites only an azure-native resource's aliases, keeping its props and other options", () => {
        const out = dropApiVersionAliases(args("azure-native:storage:StorageAccount", [{ type: "azure-native:storage/v20150615:StorageAccount" }, { name: "old" }]));
        expect(out).toEqual({ props: { a: 1 }, opts: { aliases: [{ name: "old" }], protect: true } });
    });
    it("leaves other packages and resources without such aliases alone", () => {
        expect(dropApiVersionAliases(args("aws:s3/bucket:Bucket", [{ type: "azure-native:storage/v20150615:StorageAccount" }]))).toBeUndefined();
        expect(dropApiVersionAliases(args("azure-native:storage:StorageAccount", [{ name: "old" }]))).toBeUndefined();
        expect(dropApiVersionAliases(args("azure-native:storage:StorageAccount"))).toBeUndefined();
    });
});

describe("the shipped azure-prod plan", () => {
    const azure = shippedPlan<{ resources: PlannedResource[] }>("azure-prod").resources.filter((r) => r.type.startsWith("azure-native:"));
    it("registers its azure-native resources with no API-version alias", () => {
        expect(azure.length).toBeGreaterThan(20);
        const versioned = azure.flatMap((r) => (r.options.aliases ?? []).filter((a) => /\/v\d{8}/.test(String(a.type))).map((a) => `${r.name}: ${String(a.type)}`));
        expect(versioned).toEqual([]);
    });
    it("keeps the alias of a module move: both DiagnosticSettings still answer to azure-native:insights:DiagnosticSetting", () => {
        const settings = azure.filter((r) => r.type === "azure-native:monitor:DiagnosticSetting");
        expect(settings.map((r) => r.name).sort()).toEqual(["fhir-azure-backup-blob-audit", "fhir-azure-cluster-audit"]);
        for (const r of settings) expect((r.options.aliases ?? []).map((a) => a.type)).toEqual(["azure-native:insights:DiagnosticSetting"]);
    });
});
