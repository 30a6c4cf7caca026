/**
 * Plans every shipped stack ONCE per test run, with the real command (`npm run plan`), and hands
 * the output folder to the test files: schema validation, the checklist rules, the policy pack,
 * the SDK-isolation checks and the diff tests all read the same plans instead of planning the
 * same stacks again in their own child processes. Before that it makes sure the system tools the
 * tests need (promtool, jq) are there.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { TestProject } from "vitest/node";
import { listStacks } from "../src/plan/stack-files";
import { ensurePromtool } from "./support/promtool";
import { ensureTool, JQ } from "./support/system-tools";

const ROOT = path.resolve(__dirname, "..");

export default async function setup(project: TestProject): Promise<() => void> {
    // The alert rule tests need promtool, the Jobs' filter tests jq: installed here on a fresh Debian
    // machine (root), or the run stops now with the command to run, so `npm test` needs no step the
    // README does not name.
    ensurePromtool();
    ensureTool(JQ);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-shipped-plans-"));
    const tsx = pathToFileURL(require.resolve("tsx")).href;
    const plan = (stacks: string[]) =>
        new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
            execFile(
                process.execPath,
                ["--import", tsx, path.join(ROOT, "src/plan/cli.ts"), "--out", outDir, ...stacks.flatMap((s) => ["--stack", s])],
                { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 },
                (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
            );
        });
    // Two commands side by side (the machine has two cores), each planning half of the stacks.
    const stacks = listStacks(path.join(ROOT, "stacks"));
    const halves = [stacks.filter((_, i) => i % 2 === 0), stacks.filter((_, i) => i % 2 === 1)].filter((h) => h.length > 0);
    const runs = await Promise.all(halves.map(plan));
    const result = {
        code: Math.max(...runs.map((r) => r.code)),
        stdout: runs.map((r) => r.stdout).join(""),
        stderr: runs.map((r) => r.stderr).join(""),
    };
    fs.writeFileSync(path.join(outDir, "plan.stdout.txt"), result.stdout);
    fs.writeFileSync(path.join(outDir, "plan.stderr.txt"), result.stderr);
    fs.writeFileSync(path.join(outDir, "plan.code.txt"), String(result.code));
    project.provide("shippedPlanDir", outDir);
    return () => fs.rmSync(outDir, { recursive: true, force: true });
}

declare module "vitest" {
    export interface ProvidedContext {
        /** Where the global setup wrote `npm run plan -- --out DIR` of every shipped stack. */
        shippedPlanDir: string;
    }
}
