/**
 * Planning the shipped `azure-prod` stack in a fresh process (the mock runtime is global to a
 * process): src/program.ts with the stack file's config renders the Azure target with the tiers
 * on top, and neither the AWS nor the GCP SDK is ever required.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

/** Runs in the child: evaluate the program with the stack's config, then report packages and resources. */
const PROBE = `
const path = require("path");
const fs = require("fs");
const { evaluateProgram } = require(path.resolve("src/plan/evaluate"));
const { stackConfigFromYaml } = require(path.resolve("src/plan/stack-files"));
(async () => {
    const stackConfig = stackConfigFromYaml(fs.readFileSync("stacks/Pulumi.azure-prod.yaml", "utf8"), "fhir-ha");
    const result = await evaluateProgram({ programPath: path.resolve("src/program.ts"), project: "fhir-ha", stack: "azure-prod", stackConfig });
    const loaded = Object.keys(require.cache)
        .map((file) => /node_modules[\\\\/](@pulumi[\\\\/][^\\\\/]+)[\\\\/]/.exec(file))
        .filter(Boolean)
        .map((m) => m[1].replace("\\\\", "/"));
    const resources = result.resources.map((r) => ({ type: r.type, name: r.name }));
    process.stdout.write(JSON.stringify({ packages: [...new Set(loaded)].sort(), resources }));
})().catch((e) => { process.stderr.write(String((e && e.stack) || e)); process.exit(1); });
`;

describe("plan of stacks/Pulumi.azure-prod.yaml", () => {
    it("renders AKS, backup storage and identity with the tiers, loading neither @pulumi/aws nor @pulumi/gcp", () => {
        const out = execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["--eval", PROBE], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
        const { packages, resources } = JSON.parse(out) as { packages: string[]; resources: { type: string; name: string }[] };
        expect(packages).toContain("@pulumi/azure-native");
        expect(packages).not.toContain("@pulumi/aws");
        expect(packages).not.toContain("@pulumi/gcp");
        const count = (type: string) => resources.filter((r) => r.type === type).length;
        expect(count("fhir-ha:azure:Cluster")).toBe(1);
        expect(count("azure-native:containerservice:ManagedCluster")).toBe(1);
        expect(count("azure-native:containerservice:AgentPool")).toBe(3);
        expect(count("azure-native:storage:StorageAccount")).toBe(1);
        // The stack has the primary and the delayed replica: one trusted service account each.
        expect(count("azure-native:managedidentity:FederatedIdentityCredential")).toBe(2);
        expect(count("kubernetes:postgresql.cnpg.io/v1:Cluster")).toBe(2);
        expect(count("kubernetes:barmancloud.cnpg.io/v1:ObjectStore")).toBeGreaterThan(0);
    });
});
