/**
 * The pull-request workflow is code too: parse it and check the steps the preview depends on.
 * actionlint itself runs over it in tests/actionlint.test.ts.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { COMMENT_MARKER, composeComment, failureOf, StackDiff } from "../scripts/pr-comment";
import { PlanDiff } from "../src/plan/diff/compare";
import { renderDiffMarkdown } from "../src/plan/diff/markdown";
import { ResourceOperation } from "../src/plan/diff/operations";

const file = path.join(__dirname, "..", ".github", "workflows", "preview.yml");
const workflow = YAML.parse(fs.readFileSync(file, "utf8"));
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string; name?: string };
const steps = (job: string): Step[] => workflow.jobs[job].steps;
const runs = (job: string) => steps(job).map((s) => s.run ?? "").join("\n");

describe(".github/workflows/preview.yml", () => {
    it("runs on pull requests and grants permissions per job only: comments and OIDC where needed", () => {
        expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
        expect(workflow.permissions).toEqual({});
        expect(workflow.jobs.test.permissions).toEqual({ contents: "read" });
        expect(workflow.jobs["offline-plan-diff"].permissions).toEqual({ contents: "read", "pull-requests": "write" });
        expect(workflow.jobs.gate.permissions).toEqual({});
        expect(workflow.jobs["cloud-preview"].permissions).toEqual({ contents: "read", "pull-requests": "write", "id-token": "write" });
    });

    it("installs from the lockfile and runs the tests first", () => {
        expect(runs("test")).toMatch(/^npm ci$/m);
        expect(runs("test")).toMatch(/^npm test$/m);
        expect(runs("test")).toMatch(/^npm run test:package$/m);
        for (const job of ["offline-plan-diff", "cloud-preview"]) expect(workflow.jobs[job].needs).toContain("test");
    });

    it("previews every production stack with the policy pack and comments, only with credentials", () => {
        const job = workflow.jobs["cloud-preview"];
        expect(job.if).toBe("needs.gate.outputs.cloud-preview == 'true'");
        expect(job.strategy.matrix.stack).toEqual(["aws-prod", "aws-dr", "gcp-prod", "azure-prod"]);
        for (const stack of job.strategy.matrix.stack) expect(fs.existsSync(path.join(__dirname, "..", "stacks", `Pulumi.${stack}.yaml`))).toBe(true);
        const preview = steps("cloud-preview").find((s) => s.uses?.startsWith("pulumi/actions@"));
        expect(preview?.with).toMatchObject({ command: "preview", "comment-on-pr": true, policyPacks: "policy" });
        const auth = steps("cloud-preview").map((s) => s.uses ?? "");
        expect(auth).toEqual(expect.arrayContaining([expect.stringMatching(/^aws-actions\/configure-aws-credentials@/), expect.stringMatching(/^google-github-actions\/auth@/), expect.stringMatching(/^azure\/login@/)]));
        // The gate enables cloud previews only for PRs from this repository with a backend configured.
        expect(runs("gate")).toContain('[ "$SAME_REPO" = "true" ]');
    });

    it("checks renovate.json with Renovate itself, on the Node it needs, with a read-only token", () => {
        const job = workflow.jobs["renovate-config"];
        expect(job.permissions).toEqual({ contents: "read" });
        expect(steps("renovate-config").find((s) => s.uses?.startsWith("actions/setup-node@"))?.with?.["node-version"]).toBe(24);
        expect(runs("renovate-config")).toMatch(/^npm ci$/m);
        expect(runs("renovate-config")).toMatch(/^npm run check:renovate$/m);
        expect(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")).scripts["check:renovate"]).toBe("tsx scripts/renovate-check.ts");
    });

    it("diffs the offline plans of base and head for every stack, without credentials", () => {
        const job = workflow.jobs["offline-plan-diff"];
        expect(job.if).toBeUndefined();
        const script = runs("offline-plan-diff");
        expect(script).toContain("npm run plan -- --strict --out out/head");
        expect(script).toContain('git worktree add ../base "${{ github.event.pull_request.base.sha }}"');
        expect(script).toMatch(/npm run -s plan -- --stack "\$stack" --diff "out\/base\/\$stack.json" --format markdown/);
        expect(script).toContain('>> "$GITHUB_STEP_SUMMARY"');
        // The step that posts: through the REST API (the comment is found by its marker, then PATCHed or POSTed).
        const comment = steps("offline-plan-diff").find((s) => /gh api --method POST "repos\/\$REPO\/issues\/\$PR\/comments"/.test(s.run ?? ""));
        expect(comment?.if).toBe("github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'");
        // Found by its hidden marker and updated, never `--edit-last` (which may be a stack preview).
        expect(comment?.run).toContain('select(.body | startswith("<!-- fhir-ha-plan-diff -->"))');
        expect(comment?.run).toContain("--method PATCH");
        expect(comment?.run).not.toContain("--edit-last");
        // The comment is composed by scripts/pr-comment.ts, whose marker the comment step looks for.
        expect(script).toContain("npx tsx scripts/pr-comment.ts out/plan-diff out/plan-diff.md out/plan-diff-failures.txt");
        expect(COMMENT_MARKER).toBe("<!-- fhir-ha-plan-diff -->");
        expect(fs.existsSync(path.join(__dirname, "..", "policy"))).toBe(true);
        // The artifact holds the full diffs whatever failed before it.
        expect(steps("offline-plan-diff").find((s) => s.uses?.startsWith("actions/upload-artifact@"))?.if).toBe("always()");
    });

    it("ends the diff job with what actually failed, per stack, and passes when nothing did", () => {
        const last = steps("offline-plan-diff").at(-1)!;
        const run = (failures: string) => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-wf-"));
            try {
                fs.mkdirSync(path.join(dir, "out"));
                fs.writeFileSync(path.join(dir, "out/plan-diff-failures.txt"), failures);
                return spawnSync("bash", ["-e", "-c", last.run!], { cwd: dir, encoding: "utf8" });
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        };
        const failed = run(`${failureOf({ stack: "gcp-prod", markdown: "", code: 1, stderr: "" })}\n${failureOf({ stack: "aws-prod", markdown: "", code: 4, stderr: "" })}\n`);
        expect(failed.status).toBe(1);
        expect(failed.stdout).toMatch(/^::error::gcp-prod: the stack could not be planned \(exit 1/m);
        expect(failed.stdout).toMatch(/^::error::aws-prod: the diff replaces or deletes a protected resource/m);
        expect(failed.stdout).not.toMatch(/gcp-prod.*protected/);
        expect(run("").status).toBe(0);
    });

    it("skips a cloud's preview cleanly, with a notice, when its credentials are not configured", () => {
        const creds = steps("cloud-preview")[0] as Step & { id?: string; env?: Record<string, string> };
        expect(creds.id).toBe("creds");
        const run = (env: Record<string, string>) => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-wf-"));
            try {
                const output = path.join(dir, "output");
                fs.writeFileSync(output, "");
                const r = spawnSync("bash", ["-e", "-c", creds.run!], { env: { PATH: process.env.PATH!, GITHUB_OUTPUT: output, ...env }, encoding: "utf8" });
                return { ...r, output: fs.readFileSync(output, "utf8") };
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        };
        const azureUnset = run({ STACK: "azure-prod", AZURE_CLIENT_ID: "", AZURE_TENANT_ID: "t" });
        expect(azureUnset.status).toBe(0);
        expect(azureUnset.output).toBe("ready=false\n");
        expect(azureUnset.stdout).toContain("::notice::azure-prod: cloud preview skipped, repository variables not set: AZURE_CLIENT_ID AZURE_SUBSCRIPTION_ID");
        expect(run({ STACK: "aws-prod", AWS_ROLE_ARN: "arn:aws:iam::1:role/r", AWS_REGION: "eu-west-1" }).output).toBe("ready=true\n");
        expect(run({ STACK: "gcp-prod", GCP_WORKLOAD_IDENTITY_PROVIDER: "p" }).output).toBe("ready=false\n");
        // Every later step, the preview included, runs only when the credentials are there.
        for (const s of steps("cloud-preview").slice(1)) expect(s.if, s.name ?? s.uses).toMatch(/^steps\.creds\.outputs\.ready == 'true'/);
        // Reaching a restricted API: a configurable runner, hosted by default.
        expect(workflow.jobs["cloud-preview"]["runs-on"]).toBe("${{ vars.CLOUD_PREVIEW_RUNNER || 'ubuntu-latest' }}");
    });

    it("pins only action majors that declare the Node 24 runtime, and its header says so for each", () => {
        // Each action's action.yml at these majors declares `runs.using: node24` (sources in the
        // workflow's header); the login actions' previous majors were node20.
        const NODE24 = [
            "actions/checkout@v6",
            "actions/setup-node@v5",
            "actions/upload-artifact@v6",
            "pulumi/actions@v7",
            "aws-actions/configure-aws-credentials@v6",
            "google-github-actions/auth@v3",
            "azure/login@v3",
        ];
        const used = new Set(Object.keys(workflow.jobs).flatMap((j) => (workflow.jobs[j].steps ?? []).map((s: Step) => s.uses).filter(Boolean)));
        expect([...used].sort()).toEqual([...NODE24].sort());
        const header = fs.readFileSync(file, "utf8").split("\nname:")[0];
        for (const action of NODE24) expect(header).toMatch(new RegExp(`^#\\s+${action.replace(/[/.]/g, "\\$&")}\\s+node24\\b`, "m"));
    });
});

/** A stack's diff markdown as the plan CLI prints it, with `replaced` replaced resources and `updated` updated ones. */
function bigDiff(stack: string, replaced: number, updated: number): string {
    const op = (i: number, kind: "replace" | "update"): ResourceOperation => ({
        urn: `urn:pulumi:${stack}::fhir-ha::kubernetes:apps/v1:Deployment::${kind}-${i}`,
        type: "kubernetes:apps/v1:Deployment",
        name: `${kind}-${i}`,
        op: kind,
        changes: Array.from({ length: 8 }, (_, k) => ({ path: `spec.template.metadata.labels.label-${k}`, before: "x".repeat(60), after: "y".repeat(60) })),
        ...(kind === "replace" ? { replaceReasons: ["metadata.name"] } : {}),
    }) as ResourceOperation;
    const operations = [...Array.from({ length: replaced }, (_, i) => op(i, "replace")), ...Array.from({ length: updated }, (_, i) => op(i, "update"))];
    return renderDiffMarkdown({ stack, operations, added: [], removed: [], changed: [], checklist: [], config: [], errors: [], warnings: [`${stack} warning`] } as unknown as PlanDiff);
}

describe("the plan-diff comment (scripts/pr-comment.ts)", () => {
    const STACKS = ["aws-prod", "azure-prod", "gcp-prod", "local"];

    it("keeps every stack's full diff when they fit in one comment", () => {
        const diffs: StackDiff[] = STACKS.map((stack) => ({ stack, markdown: bigDiff(stack, 1, 2), code: 0, stderr: "" }));
        const comment = composeComment(diffs);
        expect(comment.startsWith("<!-- fhir-ha-plan-diff -->\n")).toBe(true);
        for (const d of diffs) expect(comment).toContain(d.markdown.trim());
    });

    it("stays within GitHub's 65,536 characters when every stack changes, still naming each stack's replacements", () => {
        const diffs: StackDiff[] = STACKS.map((stack) => ({ stack, markdown: bigDiff(stack, 40, 400), code: 0, stderr: "" }));
        // Each stack alone is near the CLI's own cap; together they are far over the limit.
        for (const d of diffs) expect(d.markdown.length).toBeGreaterThan(50_000);
        const comment = composeComment(diffs);
        expect(comment.length).toBeLessThanOrEqual(65_536);
        expect(comment.startsWith("<!-- fhir-ha-plan-diff -->\n")).toBe(true);
        expect(comment).toContain("`offline-plan` artifact");
        for (const stack of STACKS) {
            expect(comment).toContain(`### fhir-ha plan diff: \`${stack}\``);
            expect(comment).toContain(`> **Warning:** ${stack} warning`);
            for (let i = 0; i < 40; i++) expect(comment).toContain(`**replace-${i}**`);
        }
        // Input tables go first.
        expect(comment).not.toContain("| input | before | after |");
    });

    it("stays within the limit even when the replacements alone do not fit, saying how many lines were left out", () => {
        const diffs: StackDiff[] = STACKS.map((stack) => ({ stack, markdown: bigDiff(stack, 600, 0), code: 0, stderr: "" }));
        const comment = composeComment(diffs);
        expect(comment.length).toBeLessThanOrEqual(65_536);
        for (const stack of STACKS) expect(comment).toContain(`### fhir-ha plan diff: \`${stack}\``);
        expect(comment).toMatch(/_… \d+ more line\(s\): see the full diff\._/);
    });

    it("says when a stack's diff crashed, with the end of its error output, and that a new stack has no base", () => {
        const comment = composeComment([
            { stack: "aws-prod", markdown: "", code: 1, stderr: "TypeError: boom\n    at main (cli.ts:1)\n" },
            { stack: "new-stack", markdown: "", code: undefined, stderr: "" },
        ]);
        expect(comment).toContain("> **Diff failed:** aws-prod: the stack could not be planned (exit 1");
        expect(comment).toContain("TypeError: boom");
        expect(comment).toContain("New stack: no plan of the base commit to compare with.");
        expect(failureOf({ stack: "new-stack", markdown: "", code: undefined, stderr: "" })).toBeUndefined();
        expect(failureOf({ stack: "a", markdown: "", code: 0, stderr: "" })).toBeUndefined();
    });
});
