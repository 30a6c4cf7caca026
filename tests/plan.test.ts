/**
 * `npm run plan` end to end on the shipped `local` stack: the JSON document, the parent links,
 * masking of secrets, the YAML objects, the printed tree, determinism, and the exit codes.
 */
import * as fs from "fs";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SECRET_MARK } from "../src/plan/mock-runtime";
import { secretPlaceholder } from "../src/plan/stack-files";
import { PlanRun, readPlan, REPO_ROOT, runPlan, runPlanHere, tempDir } from "./support/plan-cli";
import { shippedPlanRun } from "./support/shipped-plans";

const STACK_TEXT = fs.readFileSync(path.join(REPO_ROOT, "stacks/Pulumi.local.yaml"), "utf8");

/** Every file under `dir` (relative path → content), for byte comparisons; `only` keeps the plan of one stack. */
function filesUnder(dir: string, only?: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const rel = path.relative(dir, path.join(entry.parentPath, entry.name));
        if (only && rel !== `${only}.json` && !rel.startsWith(`${only}${path.sep}`)) continue;
        out[rel] = fs.readFileSync(path.join(dir, rel), "utf8");
    }
    return out;
}

/** One stack's part of `npm run plan` output: from its "Plan of stack" line to the next stack's, or the summary. */
function stackSection(stdout: string, stack: string): string {
    const start = stdout.indexOf(`Plan of stack ${stack} `);
    if (start < 0) return "";
    const rest = stdout.slice(start + 1);
    const ends = [rest.indexOf("\nPlan of stack "), rest.indexOf("\nPlanned ")].filter((i) => i >= 0);
    return stdout.slice(start, ends.length ? start + 1 + Math.min(...ends) + 1 : undefined);
}

describe("npm run plan --stack local", () => {
    let first: PlanRun;
    let plan: any;

    beforeAll(async () => {
        first = await runPlan(["--stack", "local"]);
        plan = readPlan(first.outDir, "local");
    }, 120_000);

    it("exits 0 and writes <out>/local.json with the documented shape", () => {
        expect(first.stderr).toBe("");
        expect(first.code).toBe(0);
        expect(Object.keys(plan)).toEqual(expect.arrayContaining(["stack", "cloud", "resources", "outputs"]));
        expect(plan.stack).toBe("local");
        expect(plan.cloud).toBe("kubernetes");
        for (const r of plan.resources) {
            expect(Object.keys(r)).toEqual(["urn", "type", "name", "parent", "custom", "inputs", "options"]);
            // Every resource carries the options the engine acts on (docs/plan.md).
            expect(Object.keys(r.options).sort()).toEqual(
                ["aliases", "deleteBeforeReplace", "dependencies", "ignoreChanges", "protect", "replaceOnChanges", "retainOnDelete", ...(r.options.provider ? ["provider"] : []), ...(r.options.propertyDependencies ? ["propertyDependencies"] : [])].sort(),
            );
            expect(r.urn).toBe(`${r.urn.split("::").slice(0, -1).join("::")}::${r.name}`);
            expect(r.urn.endsWith(`${r.type}::${r.name}`)).toBe(true);
        }
    });

    it("links every resource to a parent that is in the plan, parents listed first", () => {
        const seen = new Set<string>();
        for (const r of plan.resources) {
            if (r.parent !== null) expect(seen.has(r.parent), `${r.urn} listed before its parent ${r.parent}`).toBe(true);
            seen.add(r.urn);
        }
        const platform = plan.resources.find((r: any) => r.type === "fhir-ha:index:FhirPlatform");
        expect(platform.parent).toBeNull();
        const namespace = plan.resources.find((r: any) => r.type === "kubernetes:core/v1:Namespace" && r.name === "fhir-namespace");
        expect(namespace.parent).toBe(platform.urn);
        // A child's URN qualifies its type with its parent's: `<parent type>$<type>`.
        const typeOf = new Map(plan.resources.map((r: any) => [r.urn, r.type]));
        for (const r of plan.resources.filter((x: any) => x.parent)) {
            expect(r.urn).toContain(`${typeOf.get(r.parent)}$${r.type}::${r.name}`);
        }
    });

    it("carries Kubernetes objects as apiVersion/kind/metadata inputs", () => {
        const namespace = plan.resources.find((r: any) => r.type === "kubernetes:core/v1:Namespace" && r.name === "fhir-namespace");
        expect(namespace.inputs.apiVersion).toBe("v1");
        expect(namespace.inputs.kind).toBe("Namespace");
        expect(namespace.inputs.metadata.name).toBe("fhir");
    });

    it("masks secrets: config marked secure and secret outputs appear only as [secret]", () => {
        const everything = Object.values(filesUnder(first.outDir)).join("\n") + first.stdout;
        for (const key of ["aidboxLicense", "s3AccessKeyId", "s3SecretAccessKey"]) {
            expect(everything).not.toContain(secretPlaceholder(`fhir-ha:${key}`));
        }
        // Nor the (undecryptable) ciphertext of the stack file.
        for (const cipher of STACK_TEXT.match(/secure: (\S+)/g) ?? []) expect(everything).not.toContain(cipher.slice("secure: ".length));
        const platform = plan.resources.find((r: any) => r.type === "fhir-ha:index:FhirPlatform");
        expect(platform.inputs.secrets).toEqual({ aidboxLicense: SECRET_MARK, s3AccessKeyId: SECRET_MARK, s3SecretAccessKey: SECRET_MARK });
        expect(plan.outputs.kubeconfig).toBe(SECRET_MARK);
    });

    it("exports the program's stack outputs", () => {
        expect(plan.outputs.cloud).toBe("kubernetes");
        expect(plan.outputs.databaseCluster).toBe("fhir-db");
        expect(plan.outputs.backupBucket).toBe("fhir-backups");
    });

    it("writes each Kubernetes object once as YAML, equal to its inputs in the JSON", () => {
        const objects = plan.resources.filter((r: any) => r.type.startsWith("kubernetes:") && r.inputs.kind);
        const dir = path.join(first.outDir, "local");
        const files = fs.readdirSync(dir).sort();
        expect(files).toHaveLength(objects.length);
        const byUrn = new Map<string, unknown>();
        for (const f of files) {
            const text = fs.readFileSync(path.join(dir, f), "utf8");
            const urn = /^# (\S+)\n/.exec(text)?.[1];
            expect(urn, f).toBeDefined();
            byUrn.set(urn!, parse(text));
            const obj = parse(text);
            expect(f).toBe(`${obj.kind.toLowerCase()}-${urn!.split("::").pop()}.yaml`);
        }
        for (const o of objects) expect(byUrn.get(o.urn)).toEqual(o.inputs);
    });

    it("prints the resource tree under the stack, nested like the parent links, and counts by type", () => {
        const lines = first.stdout.split("\n");
        const stackLine = lines.findIndex((l) => l.includes("pulumi:pulumi:Stack") && l.includes("fhir-ha-local"));
        expect(stackLine).toBeGreaterThan(0);
        const rows = lines.slice(stackLine + 1, stackLine + 1 + plan.resources.length);
        const depth = (urn: string | null): number => (urn ? 1 + depth(plan.resources.find((r: any) => r.urn === urn).parent) : 0);
        plan.resources.forEach((r: any, i: number) => {
            const row = rows[i];
            expect(row).toMatch(new RegExp(`[└├]─ ${r.type.replace(/[$/]/g, "\\$&")}\\s+${r.name}$`));
            // Each level of nesting indents the branch by three columns.
            expect(row.indexOf("─") - " +   ".length - 1).toBe(3 * depth(r.parent));
        });
        expect(first.stdout).toContain(`Resources by type (${plan.resources.length} total):`);
        const counts = new Map<string, number>();
        for (const r of plan.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
        const countLines = new Set(lines.map((l) => l.trim()));
        for (const [type, n] of counts) expect(countLines.has(`${n}  ${type}`), `${n}  ${type}`).toBe(true);
    });

    it("is deterministic: two plans of the same commit are byte-identical", () => {
        // The second plan is the global setup's `npm run plan` of every shipped stack, which
        // planned local among the others in another process.
        const second = shippedPlanRun();
        expect(second.code).toBe(0);
        expect(Object.keys(filesUnder(second.outDir, "local")).length).toBeGreaterThan(10);
        expect(filesUnder(second.outDir, "local")).toEqual(filesUnder(first.outDir));
        const section = stackSection(second.stdout, "local");
        expect(section).toContain("Plan of stack local (cloud: kubernetes)");
        expect(section.replaceAll(second.outDir, "OUT")).toBe(first.stdout.replaceAll(first.outDir, "OUT"));
    });
});

describe("npm run plan failures", () => {
    it("exits 1 with the validation message alone on invalid config", async () => {
        const stacks = tempDir("fhir-ha-stacks-");
        fs.writeFileSync(
            path.join(stacks, "Pulumi.broken.yaml"),
            "config:\n  fhir-ha:cloud: kubernetes\n  fhir-ha:zones: 1\n  fhir-ha:database:\n    instances: 2\n    synchronousReplicas: 2\n",
        );
        const run = await runPlan(["--stacks-dir", stacks]);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("fhir-ha:zones");
        expect(run.stderr).toContain("fhir-ha:database.synchronousReplicas");
        expect(run.stderr).not.toMatch(/^\s+at /m);
        expect(fs.existsSync(path.join(run.outDir, "broken.json"))).toBe(false);
    }, 60_000);

    it("exits 1 when a component's async initialize throws (the failure is not swallowed)", async () => {
        // A program outside the repository: import the SDK and the error class by absolute path
        // so they are the same module instances the plan uses.
        const dir = tempDir("fhir-ha-program-");
        const program = path.join(dir, "program.ts");
        fs.writeFileSync(
            program,
            [
                `import * as pulumi from ${JSON.stringify(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi"))};`,
                `import { ConfigValidationError } from ${JSON.stringify(path.join(REPO_ROOT, "src/config/errors"))};`,
                `class Late extends pulumi.ComponentResource {`,
                `    constructor(name: string) { super("test:index:Late", name, {}, {}); }`,
                `    protected async initialize(): Promise<unknown> {`,
                `        await new Promise((r) => setTimeout(r, 20));`,
                `        throw new ConfigValidationError(["fhir-ha:zones = [\\"mars-1a\\"]: not a zone of the region"]);`,
                `    }`,
                `}`,
                `new Late("late");`,
                `export const fine = "exports resolve before initialize fails";`,
            ].join("\n"),
        );
        const run = await runPlan(["--stack", "local", "--program", program]);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain('fhir-ha:zones = ["mars-1a"]: not a zone of the region');
        expect(run.stderr).not.toMatch(/^\s+at /m);
        expect(fs.existsSync(path.join(run.outDir, "local.json"))).toBe(false);
    }, 60_000);

    it("exits 2 on an unknown option, naming it", () => {
        const run = runPlanHere(["--stak", "local"]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("unknown option --stak");
        expect(run.stderr).toContain("usage:");
    }, 60_000);

    it("exits 2 on an unknown stack, listing the stacks there are", () => {
        const run = runPlanHere(["--stack", "nope"]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/unknown stack nope: .* has .*local/);
    });
});
