/**
 * Lifecycle scenarios: a sequence of stack configs run through the offline plan, each step
 * diffed against the step before it (src/plan/diff: the operation `pulumi preview` would take on
 * each resource). A step may also carry the cloud's side of the story (`cloudState`: mock layers
 * over the shipped ones), e.g. a control plane that upgraded itself between two `pulumi up`s, so
 * drift is a step like any other: plan N-1 is the state as last deployed, plan N is what the next
 * plain `pulumi up` would do with the cloud as it now is.
 *
 * Usage:
 *   const run = await runLifecycle("aws-prod", [
 *       { title: "as shipped" },
 *       { title: "zone b removed", change: { "fhir-ha:zones": [...] } },
 *   ]);
 *   expect(opsOf(run.steps[1])).toEqual({ ... });
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { PROTECTED_TYPES } from "../../src/config/replacing-keys";
import { PlanDocument, PlanResource } from "../../src/plan/document";
import { diffPlans, Operation, PlanDiff } from "../../src/plan/diff";
import { CloudMocks } from "../../src/plan/mocks/types";
import { stackConfigFromYaml } from "../../src/plan/stack-files";
import { planInProcess } from "./in-process-plan";

const STACKS_DIR = path.resolve(__dirname, "../../stacks");

export interface LifecycleStep {
    title: string;
    /**
     * Config keys of the stack file to set for this step and every later one, as they appear in
     * `stacks/Pulumi.<stack>.yaml` (`"fhir-ha:zones"`, objects as objects). `null` removes a key.
     * Nested objects are merged into the previous step's value.
     */
    change?: Record<string, unknown>;
    /** The cloud as it is at this step (mock layers over the shipped mocks); none: as planned. */
    cloudState?: CloudMocks[];
    /**
     * The other stack files this step's program reads (a region pair's other stack): stack name →
     * changes over its shipped file, written to a directory of their own. None: stacks/ as shipped.
     */
    otherStacks?: Record<string, Record<string, unknown>[]>;
}

export interface LifecycleStepResult {
    title: string;
    plan: PlanDocument;
    /** The diff against the previous step's plan (undefined for the first step). */
    diff?: PlanDiff;
}

export interface LifecycleRun {
    stack: string;
    steps: LifecycleStepResult[];
}

function merge(base: unknown, change: unknown): unknown {
    if (base && change && typeof base === "object" && typeof change === "object" && !Array.isArray(base) && !Array.isArray(change)) {
        const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
        for (const [k, v] of Object.entries(change)) {
            if (v === null) delete out[k];
            else out[k] = merge(out[k], v);
        }
        return out;
    }
    return change;
}

/** A shipped stack's file with `changes` applied one after another (YAML text, as a PR would edit it). */
export function stackFileWith(stack: string, changes: Record<string, unknown>[]): string {
    const file = YAML.parse(fs.readFileSync(path.join(STACKS_DIR, `Pulumi.${stack}.yaml`), "utf8"));
    for (const change of changes) file.config = merge(file.config, change);
    return YAML.stringify(file);
}

/**
 * Plans every step of a scenario in this process, one after another (the mock runtime is one
 * per process), and diffs each against the one before. A step whose program refuses its config
 * rejects the whole run with that error, so a test of a refusal plans only up to that step.
 */
export async function runLifecycle(stack: string, steps: LifecycleStep[]): Promise<LifecycleRun> {
    const results: LifecycleStepResult[] = [];
    const changes: Record<string, unknown>[] = [];
    for (const step of steps) {
        if (step.change) changes.push(step.change);
        const config = stackConfigFromYaml(stackFileWith(stack, changes), "fhir-ha");
        const plan = await planInProcess(stack, config, { cloudState: step.cloudState, stacksDir: step.otherStacks && otherStacksDir(step.otherStacks) });
        const prev = results[results.length - 1];
        results.push({ title: step.title, plan, diff: prev ? diffPlans(prev.plan, plan) : undefined });
    }
    return { stack, steps: results };
}

/** A fresh directory holding the given stacks' files, each with its changes applied. */
function otherStacksDir(stacks: Record<string, Record<string, unknown>[]>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-stacks-"));
    for (const [name, changes] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), stackFileWith(name, changes));
    return dir;
}

/** The diff of a step, or an error naming the step when it is the first one. */
function diffOf(step: LifecycleStepResult): PlanDiff {
    if (!step.diff) throw new Error(`lifecycle step "${step.title}" is the first step: it has no diff`);
    return step.diff;
}

/** `op type name` of every resource a step creates, updates, replaces or deletes, sorted. */
export function operationsOf(step: LifecycleStepResult, ops: Operation[] = ["create", "update", "replace", "delete"]): string[] {
    return diffOf(step)
        .operations.filter((o) => ops.includes(o.op))
        .map((o) => `${o.op} ${o.type} ${o.name}`)
        .sort();
}

/** How many resources a step creates, updates, replaces and deletes. */
export function operationCounts(step: LifecycleStepResult): Record<Exclude<Operation, "same">, number> {
    const counts = { create: 0, update: 0, replace: 0, delete: 0 };
    for (const o of diffOf(step).operations) if (o.op !== "same") counts[o.op] += 1;
    return counts;
}

/** Stateful or foundational resources (PROTECTED_TYPES) a step replaces or deletes: `op type name`. */
export function statefulTouched(step: LifecycleStepResult): string[] {
    return diffOf(step)
        .operations.filter((o) => (o.op === "replace" || o.op === "delete") && PROTECTED_TYPES.includes(o.type))
        .map((o) => `${o.op} ${o.type} ${o.name}`)
        .sort();
}

/*
 * What the offline diff cannot see is the cluster: an object Pulumi dropped with `retainOnDelete`
 * is still there. Its create must go through a provider with `upsertExistingObjects`, or
 * pulumi-kubernetes >= 4.29 fails it with AlreadyExists.
 */

/** `Kind namespace/name` of a Kubernetes object (its identity in the cluster), or undefined. */
export function identity(r: PlanResource): string | undefined {
    if (!r.type.startsWith("kubernetes:") || r.type.startsWith("kubernetes:helm.sh")) return undefined;
    const meta = (r.inputs.metadata ?? {}) as Record<string, unknown>;
    if (typeof meta.name !== "string") return undefined;
    return `${r.inputs.kind} ${typeof meta.namespace === "string" ? meta.namespace : "?"}/${meta.name}`;
}

/** URNs of the plan's Kubernetes providers that upsert existing objects. */
export function upsertProviders(plan: PlanDocument): Set<string> {
    return new Set(plan.resources.filter((r) => r.type === "pulumi:providers:kubernetes" && String(r.inputs.upsertExistingObjects) === "true").map((r) => r.urn));
}

/** Identities of objects registered with retainOnDelete in any of `plans`. */
export function retainedIn(plans: PlanDocument[]): Set<string> {
    return new Set(plans.flatMap((p) => p.resources.filter((r) => r.options?.retainOnDelete).map(identity)).filter((i): i is string => i !== undefined));
}

export interface Recreated {
    identity: string;
    op: string;
    upsert: boolean;
}

/**
 * Objects `diff` creates (a create, or a replace under a new name) that are still in the cluster:
 * retained by one of `earlier` and absent from `previous` (the state before this step).
 */
export function recreatedRetained(earlier: PlanDocument[], previous: PlanDocument, head: PlanDocument, diff: PlanDiff): Recreated[] {
    const present = retainedIn(earlier);
    const inPrevious = new Set(previous.resources.map(identity));
    const byUrn = new Map(head.resources.map((r) => [r.urn, r]));
    const upsert = upsertProviders(head);
    return diff.operations
        .filter((o) => o.op === "create" || o.op === "replace")
        .map((o) => byUrn.get(o.urn)!)
        .filter((r) => {
            const id = identity(r);
            return id !== undefined && present.has(id) && !inPrevious.has(id);
        })
        .map((r) => ({ identity: identity(r)!, op: diff.operations.find((o) => o.urn === r.urn)!.op, upsert: upsert.has(r.options!.provider!) }))
        .sort((a, b) => a.identity.localeCompare(b.identity));
}
