/**
 * The pull-request workflow is code too: parse it and check the steps the preview depends on.
 * actionlint itself runs over it in tests/actionlint.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";

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
        expect(job.strategy.matrix.stack).toEqual(["aws-prod", "gcp-prod", "azure-prod"]);
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
        expect(script).toContain('echo "<!-- fhir-ha-plan-diff -->" > out/plan-diff.md');
        expect(fs.existsSync(path.join(__dirname, "..", "policy"))).toBe(true);
    });
});
