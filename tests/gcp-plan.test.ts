/**
 * Planning the shipped `gcp-prod` stack in a fresh process: it evaluates src/program.ts with the
 * stack file's config, renders the GCP target, and never loads another cloud's SDK.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

/** Runs in the child: plan the stack, then list the @pulumi packages that were required. */
const PROBE = `
const path = require("path");
const fs = require("fs");
const { evaluateProgram } = require(path.resolve("src/plan/evaluate"));
const { stackConfigFromYaml } = require(path.resolve("src/plan/stack-files"));
(async () => {
    const stackConfig = stackConfigFromYaml(fs.readFileSync("stacks/Pulumi.gcp-prod.yaml", "utf8"), "fhir-ha");
    const evaluation = await evaluateProgram({ programPath: path.resolve("src/program.ts"), project: "fhir-ha", stack: "gcp-prod", stackConfig });
    const packages = new Set();
    for (const file of Object.keys(require.cache)) {
        const m = /node_modules[\\\\/](@pulumi[\\\\/][^\\\\/]+)[\\\\/]/.exec(file);
        if (m) packages.add(m[1].replace("\\\\", "/"));
    }
    process.stdout.write(JSON.stringify({ packages: [...packages].sort(), resources: evaluation.resources.map((r) => ({ type: r.type, name: r.name })) }));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

describe("plan of stacks/Pulumi.gcp-prod.yaml", () => {
    it("renders the GCP target and loads neither @pulumi/aws nor @pulumi/azure-native", () => {
        const out = execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["--eval", PROBE], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
        const { packages, resources } = JSON.parse(out) as { packages: string[]; resources: { type: string; name: string }[] };
        expect(packages).toContain("@pulumi/gcp");
        expect(packages).not.toContain("@pulumi/aws");
        expect(packages).not.toContain("@pulumi/azure-native");
        const types = resources.map((r) => r.type);
        for (const type of ["fhir-ha:gcp:Cluster", "gcp:container/cluster:Cluster", "gcp:container/nodePool:NodePool", "gcp:storage/bucket:Bucket"]) {
            expect(types).toContain(type);
        }
    });
});
