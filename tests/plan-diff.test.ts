/**
 * The semantic plan diff on real plans: plan the `local` stack, change config the way a pull
 * request would (replicas, delay, an added resource), plan again, and read the markdown. The
 * variants are planned in this process (tests/support/in-process-plan.ts); one end-to-end run of
 * `npm run plan --diff` checks that the command prints exactly that diff.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { PlanDocument } from "../src/plan/document";
import { diffPlans, diffValues, renderDiffMarkdown } from "../src/plan/diff";
import { stackConfigFromYaml } from "../src/plan/stack-files";
import { planInProcess } from "./support/in-process-plan";
import { readPlan, REPO_ROOT, runPlan, runPlanHere, tempDir } from "./support/plan-cli";
import { shippedPlan } from "./support/shipped-plans";

function merge(base: unknown, change: unknown): unknown {
    if (base && change && typeof base === "object" && typeof change === "object" && !Array.isArray(change)) {
        const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
        for (const [k, v] of Object.entries(change)) out[k] = merge(out[k], v);
        return out;
    }
    return change;
}

/** A shipped stack file with some config keys changed, as a pull request would change them (YAML text). */
function changedStackFile(stack: string, change: Record<string, unknown> = {}): string {
    const file = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8"));
    file.config = merge(file.config, change);
    return YAML.stringify(file);
}

/** Plans a shipped stack with some config keys changed, in this process. */
function planStack(stack: string, change: Record<string, unknown> = {}): Promise<PlanDocument> {
    return planInProcess(stack, stackConfigFromYaml(changedStackFile(stack, change), "fhir-ha"));
}

let base: PlanDocument;
let moreReplicas: PlanDocument;
let longerDelay: PlanDocument;
let withRestore: PlanDocument;

beforeAll(async () => {
    // One after another: the mock runtime is one per process.
    base = await planStack("local");
    moreReplicas = await planStack("local", { "fhir-ha:fhir": { replicas: 4 } });
    longerDelay = await planStack("local", { "fhir-ha:database": { delayedReplica: { delay: "18h" } } });
    withRestore = await planStack("local", { "fhir-ha:database": { restore: { enabled: true, targetTime: "2026-11-20T08:00:00Z" } } });
}, 120_000);

describe("plan diff", () => {
    it("shows a change of FHIR replicas as one changed input of the Deployment", () => {
        const diff = diffPlans(base, moreReplicas);
        expect(diff.added).toEqual([]);
        expect(diff.removed).toEqual([]);
        const deployment = diff.changed.find((c) => c.type === "kubernetes:apps/v1:Deployment");
        expect(deployment?.changes).toContainEqual({ path: "spec.replicas", before: 3, after: 4 });
        const md = renderDiffMarkdown(diff);
        // Nothing created, replaced or deleted: the Deployment (and the component's recorded config) update.
        expect(md).toMatch(/^0 to create, \d+ to update, 0 to replace, 0 to delete, \d+ unchanged$/m);
        expect(md).toContain("- `~` `kubernetes:apps/v1:Deployment` **fhir-server-deployment**");
        expect(md).toContain("| `spec.replicas` | `3` | `4` |");
    });

    it("shows a change of the replica delay on the delayed Cluster", () => {
        const diff = diffPlans(base, longerDelay);
        const delayed = diff.changed.find((c) => c.type === "kubernetes:postgresql.cnpg.io/v1:Cluster" && c.changes.some((x) => x.path === "spec.replica.minApplyDelay"));
        expect(delayed?.changes.find((x) => x.path === "spec.replica.minApplyDelay")).toEqual({ path: "spec.replica.minApplyDelay", before: "12h", after: "18h" });
        expect(renderDiffMarkdown(diff)).toContain("| `spec.replica.minApplyDelay` | `12h` | `18h` |");
    });

    it("lists resources a change adds, by type and name", () => {
        const diff = diffPlans(base, withRestore);
        const addedTypes = diff.added.map((r) => r.type);
        // A point-in-time restore adds a new Cluster (and its own archive) beside the old one.
        expect(addedTypes).toContain("kubernetes:postgresql.cnpg.io/v1:Cluster");
        expect(diff.removed).toEqual([]);
        const md = renderDiffMarkdown(diff);
        // Each added resource is a `+` line with its type and name, without an input table.
        for (const r of diff.added) expect(md).toContain(`- \`+\` \`${r.type}\` **${r.name}**\n`);
        expect(md).toContain("- `+` `kubernetes:postgresql.cnpg.io/v1:Cluster` **fhir-database-restore**");
        expect(diffPlans(withRestore, base).removed.map((r) => r.urn).sort()).toEqual(diff.added.map((r) => r.urn).sort());
    });

    it("says so when nothing changed", () => {
        const diff = diffPlans(base, base);
        expect(diff.changed).toEqual([]);
        expect(renderDiffMarkdown(diff)).toContain("No changes.");
    });

    it("addresses named list items by name and keeps secrets masked", () => {
        const before = { containers: [{ name: "fhir", env: [{ name: "A", value: "1" }, { name: "PASSWORD", value: "[secret]" }] }] };
        const after = { containers: [{ name: "fhir", env: [{ name: "A", value: "2" }, { name: "PASSWORD", value: "[secret]" }, { name: "B", value: "x" }] }] };
        expect(diffValues(before, after)).toEqual([
            { path: "containers[fhir].env[A].value", before: "1", after: "2" },
            { path: "containers[fhir].env[B]", before: undefined, after: { name: "B", value: "x" } },
        ]);
    });

    it("reports checklist items that flip", () => {
        const withChecklist = (doc: PlanDocument, passed: boolean): PlanDocument => ({
            ...doc,
            checklist: [{ id: "fhir-replicas", item: "several FHIR server instances", severity: "mandatory", passed, evidence: "" }],
        });
        const diff = diffPlans(withChecklist(base, true), withChecklist(base, false));
        expect(diff.checklist).toEqual([{ id: "fhir-replicas", item: "several FHIR server instances", before: true, after: false }]);
        expect(renderDiffMarkdown(diff)).toContain("| `fhir-replicas` | several FHIR server instances | ✔ | ✘ |");
    });

    it("is what `npm run plan -- --stack NAME --diff BASE.json --format markdown` prints, and only that", async () => {
        // End to end: the base is the global setup's plan of the shipped stack, the head a real
        // `npm run plan` of the changed stack file.
        const shippedBase = shippedPlan<PlanDocument>("local");
        const baseFile = path.join(tempDir("fhir-ha-diff-base-"), "local.json");
        fs.writeFileSync(baseFile, JSON.stringify(shippedBase));
        const dir = tempDir("fhir-ha-diff-stacks-");
        fs.writeFileSync(path.join(dir, "Pulumi.local.yaml"), changedStackFile("local", { "fhir-ha:fhir": { replicas: 4 } }));
        const run = await runPlan(["--stack", "local", "--stacks-dir", dir, "--diff", baseFile, "--format", "markdown"]);
        expect(run.code).toBe(0);
        const head = readPlan(run.outDir, "local") as PlanDocument;
        expect(run.stdout).toBe(renderDiffMarkdown(diffPlans(shippedBase, head)));
        expect(run.stdout).toContain("| `spec.replicas` | `3` | `4` |");
        expect(run.stderr).toContain("fhir-ha:kubernetes:Cluster"); // the plan tree went to stderr
    });

    it("prints the diff as text with --format text", () => {
        const baseFile = path.join(tempDir("fhir-ha-diff-base-"), "local.json");
        fs.writeFileSync(baseFile, JSON.stringify(base));
        const text = runPlanHere(["--stack", "local", "--diff", baseFile, "--format", "text"], { local: moreReplicas });
        expect(text.code).toBe(0);
        expect(text.stdout).toMatch(/^\s+~\s+kubernetes:apps\/v1:Deployment fhir-server-deployment$/m);
        expect(text.stdout).toContain("spec.replicas: 3 → 4");
    });

    it("refuses a diff without one named stack, or of another stack's plan", () => {
        const baseFile = path.join(tempDir("fhir-ha-diff-base-"), "local.json");
        fs.writeFileSync(baseFile, JSON.stringify(base));
        const noStack = runPlanHere(["--diff", baseFile]);
        expect(noStack.code).toBe(2);
        expect(noStack.stderr).toContain("--diff compares one stack: name it with --stack NAME");
        const other = runPlanHere(["--stack", "aws-prod", "--diff", baseFile], { "aws-prod": shippedPlan("aws-prod") });
        expect(other.code).toBe(2);
        expect(other.stderr).toContain("a plan of stack local, not aws-prod");
    });
});
