/**
 * Test helper: runs `npm run plan` (src/plan/cli.ts) as the user does, in a child process, and
 * returns its exit code and output. Output goes to a temporary directory unless `--out` is given.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { main } from "../../src/plan/cli";

export const REPO_ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(REPO_ROOT, "src/plan/cli.ts");

export interface PlanRun {
    code: number;
    stdout: string;
    stderr: string;
    /** The --out directory the plan wrote to. */
    outDir: string;
}

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function runPlan(args: string[]): Promise<PlanRun> {
    const outDir = args.includes("--out") ? args[args.indexOf("--out") + 1] : tempDir("fhir-ha-plan-");
    const argv = args.includes("--out") ? args : [...args, "--out", outDir];
    const tsx = pathToFileURL(require.resolve("tsx")).href;
    return new Promise((resolve) => {
        execFile(process.execPath, ["--import", tsx, CLI, ...argv], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
            const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
            resolve({ code, stdout, stderr, outDir });
        });
    });
}

/** Reads `<outDir>/<stack>.json`. */
export function readPlan(outDir: string, stack: string): any {
    return JSON.parse(fs.readFileSync(path.join(outDir, `${stack}.json`), "utf8"));
}

/**
 * Runs the command's `main` (src/plan/cli.ts) in this process, for its wiring: options, usage
 * errors, output formats and exit codes. `plans` stand in for the child process that plans each
 * stack: the stack's document is written where that child writes it, and a stack without one
 * fails as a failed child would (exit 1). The real command, with its children, runs in the
 * global setup and in the end-to-end tests that use `runPlan`.
 */
export function runPlanHere(args: string[], plans: Record<string, object> = {}): PlanRun {
    const outDir = args.includes("--out") ? args[args.indexOf("--out") + 1] : tempDir("fhir-ha-plan-");
    const argv = args.includes("--out") ? args : [...args, "--out", outDir];
    let stdout = "";
    let stderr = "";
    const code = main(argv, {
        stdout: (text) => void (stdout += text),
        stderr: (text) => void (stderr += text),
        planStack: (stack, parsed) => {
            const doc = plans[stack];
            if (!doc) return 1;
            fs.mkdirSync(parsed.outDir, { recursive: true });
            fs.writeFileSync(path.join(parsed.outDir, `${stack}.json`), JSON.stringify(doc));
            return 0;
        },
    });
    return { code, stdout, stderr, outDir };
}
