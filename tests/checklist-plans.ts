/**
 * Test helper for the checklist tests: plans stacks with the real plan (src/plan/run-stack.ts,
 * one child process per stack, two at a time), reads their JSON, and mutates copies.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { contextFromPlan, PlanLike } from "../src/checklist";
import { loadRunbooks } from "../src/checklist/load-runbooks";
import { CheckContext, CheckedResource } from "../src/checklist/types";
import { shippedPlan } from "./support/shipped-plans";

const ROOT = path.resolve(__dirname, "..");
const RUN_STACK = path.join(ROOT, "src/plan/run-stack.ts");

export interface PlannedStack extends PlanLike {
    stack: string;
    cloud: string;
    checklist: { id: string; item: string; severity: string; passed: boolean; evidence: string; applicable?: boolean }[];
}

function planOne(stack: string, stacksDir: string, outDir: string): Promise<PlannedStack> {
    const tsx = pathToFileURL(require.resolve("tsx")).href;
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            ["--import", tsx, RUN_STACK, "--stack", stack, "--stacks-dir", stacksDir, "--out", outDir],
            { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
            (err, _stdout, stderr) => {
                if (err) return reject(new Error(`plan of ${stack} failed: ${stderr}`));
                resolve(JSON.parse(fs.readFileSync(path.join(outDir, `${stack}.json`), "utf8")));
            },
        );
    });
}

/**
 * Plans the stacks (two processes at a time: the machine is shared) and returns their documents.
 * The shipped stacks were planned once for the whole run by the global setup: those are read.
 */
export async function planStacks(stacks: string[], stacksDir = path.join(ROOT, "stacks")): Promise<Record<string, PlannedStack>> {
    if (path.resolve(stacksDir) === path.join(ROOT, "stacks")) {
        return Object.fromEntries(stacks.map((s) => [s, shippedPlan<PlannedStack>(s)]));
    }
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-checklist-"));
    const queue = [...stacks];
    const out: Record<string, PlannedStack> = {};
    const worker = async () => {
        for (let s = queue.shift(); s !== undefined; s = queue.shift()) out[s] = await planOne(s, stacksDir, outDir);
    };
    await Promise.all([worker(), worker()]);
    fs.rmSync(outDir, { recursive: true, force: true });
    return out;
}

export const RUNBOOKS = loadRunbooks(path.join(ROOT, "docs/runbooks"));

/** A checklist context of a (copied) plan, with the repository's runbooks. */
export function contextOf(doc: PlanLike, runbooks: Record<string, string> | undefined = RUNBOOKS): CheckContext {
    return contextFromPlan(doc, runbooks);
}

/** A deep copy of a plan, changed by `change`, as a context. */
export function mutated(doc: PlanLike, change: (copy: PlanLike) => void, runbooks?: Record<string, string>): CheckContext {
    const copy = structuredClone(doc);
    change(copy);
    return contextOf(copy, runbooks);
}

type PlanResource = PlanLike["resources"][number];

/** The one resource of a type whose metadata.name (or Pulumi name) is `name`; throws when absent. */
export function find(doc: PlanLike, type: string, name?: string): PlanResource & { inputs: Record<string, any> } {
    const r = doc.resources.find((x) => x.type === type && (name === undefined || (x.inputs as any)?.metadata?.name === name || x.name === name));
    if (!r) throw new Error(`no ${type} ${name ?? ""} in the plan`);
    return r as PlanResource & { inputs: Record<string, any> };
}

export function remove(doc: PlanLike, type: string, name?: string): void {
    const r = find(doc, type, name);
    doc.resources.splice(doc.resources.indexOf(r), 1);
}

export function all(doc: PlanLike, type: string): (PlanResource & { inputs: Record<string, any> })[] {
    return doc.resources.filter((x) => x.type === type) as (PlanResource & { inputs: Record<string, any> })[];
}

export type { CheckedResource };

/** A plan changed to break one rule: the rule must fail, with evidence matching these patterns. */
export interface FailCase {
    rule: string;
    stack: string;
    what: string;
    change: (doc: PlanLike) => void;
    /** Patterns the evidence must match (what was found, how to fix it). */
    evidence: RegExp[];
    severity?: string;
}
