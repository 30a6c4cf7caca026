/**
 * The plans of the shipped stacks, made once per test run by tests/global-setup.ts with the real
 * `npm run plan`. Read-only: tests that change a plan work on a copy (`structuredClone`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { inject } from "vitest";

export interface ShippedPlanRun {
    outDir: string;
    code: number;
    stdout: string;
    stderr: string;
}

export function shippedPlanRun(): ShippedPlanRun {
    const outDir = inject("shippedPlanDir");
    const read = (f: string) => fs.readFileSync(path.join(outDir, f), "utf8");
    return { outDir, code: Number(read("plan.code.txt")), stdout: read("plan.stdout.txt"), stderr: read("plan.stderr.txt") };
}

const cache = new Map<string, any>();

/** The plan document of a shipped stack (`out/plan/<stack>.json`); throws when it was not planned. */
export function shippedPlan<T = any>(stack: string): T {
    if (!cache.has(stack)) {
        const file = path.join(inject("shippedPlanDir"), `${stack}.json`);
        if (!fs.existsSync(file)) throw new Error(`stack ${stack} was not planned by the global setup:\n${shippedPlanRun().stderr}`);
        cache.set(stack, JSON.parse(fs.readFileSync(file, "utf8")));
    }
    return structuredClone(cache.get(stack)) as T;
}
