/**
 * Multi-language use: `pulumi package add` loads the package root, collects the components it
 * exports and runs Pulumi's TypeScript component analyzer over them to build the schema other
 * languages' SDKs are generated from. Run the same analyzer here (it needs no CLI), over the
 * sources this checkout has. The load path itself (a fresh clone, the install Pulumi runs,
 * `require(<folder>)`, GetSchema) is tests/package/plugin-load.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";

// The analyzer's own .d.ts pulls in all of TypeScript's compiler API types; `tsc --noEmit` of
// this repository need not parse them for the few fields read here.
interface Property {
    $ref?: string;
    type?: string;
    optional?: boolean;
}
interface AnalyzeResult {
    components: Record<string, { inputs: Record<string, Property>; outputs: Record<string, Property> }>;
    typeDefinitions: Record<string, { type: string; properties?: Record<string, Property> }>;
}
type AnalyzerClass = new (dir: string, name: string, packageJSON: Record<string, unknown>, components: Set<string>) => { analyze(): AnalyzeResult };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Analyzer } = require("@pulumi/pulumi/provider/experimental/analyzer") as { Analyzer: AnalyzerClass };
import { beforeAll, describe, expect, it } from "vitest";

const repo = join(__dirname, "..", "..");
let components: string[];
let result: AnalyzeResult;

beforeAll(async () => {
    const root = await import("../../src/index");
    components = getPulumiComponents(root).map((c) => c.name);
    const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
    result = new Analyzer(repo, "fhir-ha", pkg, new Set(components)).analyze();
}, 120_000);

describe("the component schema other languages see", () => {
    it("offers exactly FhirPlatform from the package root", () => {
        expect(components).toEqual(["FhirPlatform"]);
        expect(Object.keys(result.components)).toEqual(["FhirPlatform"]);
    });

    it("types the settings as plain objects with a required cloud and optional sections", () => {
        const inputs = result.components.FhirPlatform.inputs;
        expect(inputs.config).toMatchObject({ $ref: "#/types/fhir-ha:index:FhirPlatformSettings" });
        expect(inputs.secrets).toMatchObject({ $ref: "#/types/fhir-ha:index:ConfigSecrets", optional: true });
        const settings = result.typeDefinitions.FhirPlatformSettings;
        expect(settings.type).toBe("object");
        expect(settings.properties!.cloud).toMatchObject({ type: "string" });
        expect(settings.properties!.cloud.optional).toBeFalsy();
        for (const section of ["database", "backup", "fhir", "aws", "gcp", "azure", "kubernetes"]) {
            expect(settings.properties![section]).toMatchObject({ optional: true });
        }
        expect(result.typeDefinitions.DatabaseSettings.properties!.delayedReplica).toMatchObject({
            $ref: "#/types/fhir-ha:index:DelayedReplicaSettings",
        });
    });

    it("keeps secrets as inputs and exposes the outputs users need", () => {
        expect(result.typeDefinitions.ConfigSecrets.properties!.aidboxLicense).toMatchObject({ type: "string", optional: true });
        expect(Object.keys(result.components.FhirPlatform.outputs).sort()).toEqual(
            ["backupBucket", "clusterName", "databaseCluster", "fhirEndpoint", "kubeconfig", "replicaArchiveURL"].sort(),
        );
    });

    it("uses no union, literal or intersection types in any argument type", () => {
        const kinds = new Set(Object.values(result.typeDefinitions).flatMap((t) => Object.values(t.properties ?? {}).map((p) => ("$ref" in p ? "ref" : p.type))));
        for (const k of kinds) expect(["ref", "string", "number", "integer", "boolean", "array", "object"]).toContain(k);
    });
});
