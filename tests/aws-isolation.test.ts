/**
 * Planning the aws-prod stack loads the AWS SDK and no other cloud's. Runs the real program in a
 * child process: the mock runtime and the module cache are per process, and this test's own
 * imports must not pollute what is measured.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

/** Installs the mock runtime with the stack's config, runs src/program.ts, reports what got loaded. */
const CHILD = `
const fs = require("fs");
const root = process.argv[2];
const stack = process.argv[3];
const { stackConfigFromYaml } = require(root + "/src/plan/stack-files");
const { installMockRuntime, settle } = require(root + "/src/plan/mock-runtime");
(async () => {
    const text = fs.readFileSync(root + "/stacks/Pulumi." + stack + ".yaml", "utf8");
    const { config, secretKeys } = stackConfigFromYaml(text, "fhir-ha");
    const recorder = await installMockRuntime({ project: "fhir-ha", stack, config, secretKeys });
    require(root + "/src/program.ts");
    // The cloud module is imported lazily inside FhirPlatform; give a slow first import time to land.
    const planned = () => recorder.resources.some((r) => r.type === "fhir-ha:database:FhirDatabase");
    for (let round = 0; round < 20 && !planned(); round++) await settle(recorder);
    const packages = new Set();
    for (const file of Object.keys(require.cache)) {
        const m = /node_modules\\/(@pulumi\\/[^/]+)\\//.exec(file);
        if (m) packages.add(m[1]);
    }
    process.stdout.write(JSON.stringify({ packages: [...packages].sort(), types: [...new Set(recorder.resources.map((r) => r.type))] }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe("aws-prod plan", () => {
    it("loads @pulumi/aws and neither @pulumi/gcp nor @pulumi/azure-native", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-aws-isolation-"));
        const script = path.join(dir, "plan-child.ts");
        fs.writeFileSync(script, CHILD);
        try {
            const { stdout } = await promisify(execFile)(path.join(ROOT, "node_modules/.bin/tsx"), [script, ROOT, "aws-prod"], {
                cwd: ROOT,
                timeout: 60_000,
            });
            const report = JSON.parse(stdout) as { packages: string[]; types: string[] };
            // The program really planned the AWS target (not an early failure that loaded nothing).
            expect(report.types).toEqual(expect.arrayContaining(["aws:eks/cluster:Cluster", "aws:s3/bucket:Bucket", "fhir-ha:database:FhirDatabase"]));
            expect(report.packages).toContain("@pulumi/aws");
            expect(report.packages).not.toContain("@pulumi/gcp");
            expect(report.packages).not.toContain("@pulumi/azure-native");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
