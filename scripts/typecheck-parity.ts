/**
 * `npm run check:typecheck-parity`: `npm run typecheck` runs the native compiler (tsgo, TypeScript
 * 7) while TypeScript 5.9's tsc builds the package. This check shows that both find the same
 * mistakes in this codebase: in a temporary copy of the tree (the checkout is never touched) it
 * adds files with deliberate mistakes, each line marked with the error codes a developer expects
 * there (cloud SDK inputs, Kubernetes inputs, our own helpers, vitest's types, strict-mode
 * checks), runs both compilers as the package scripts do, and fails unless each compiler reports
 * every marked line with an expected code and both report errors at exactly the same positions
 * (file, line, column). Where the codes at one position differ it says so: TypeScript 7 heads an
 * argument's error with the reason (TS2739 "missing the following properties") where 5.9 puts
 * TS2345 "Argument of type ... is not assignable" above that same reason.
 *
 *   npm run check:typecheck-parity
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { copyCheckout } from "./checkout-copy";

const ROOT = path.resolve(__dirname, "..");

/** Files added to the copy; `// expect TSnnnn` (or `TSnnnn/TSmmmm`, either) marks the codes expected on that line. */
export const MISTAKES: Record<string, string> = {
    "src/parity-mistakes.ts": [
        'import * as iam from "@pulumi/aws/iam";',
        'import * as containerservice from "@pulumi/azure-native/containerservice";',
        'import * as container from "@pulumi/gcp/container";',
        'import * as appsv1 from "@pulumi/kubernetes/apps/v1";',
        'import { installRelease } from "./charts/release";',
        'import { autoscalerValues } from "./clouds/aws/autoscaler";',
        'new iam.Role("r", { assumeRolePolicy: 42 }); // expect TS2322',
        'new containerservice.ManagedClusterz("m", {}); // expect TS2551',
        'new container.Cluster("c", { location: "europe-west1", nodeConfig: { diskSizeGb: "big" } }); // expect TS2322',
        'new appsv1.Deployment("d", { metadata: { name: "d" }, replicaz: 2 }); // expect TS2353',
        'installRelease("n", { key: "k", releaseName: "r" }, {}); // expect TS2345/TS2739',
        'autoscalerValues("c", "eu-west-1", "arn"); // expect TS2554',
        'export function first(x, m: Map<string, number>) { return x ? m.get("a") : 0; } // expect TS7006',
        'export function count(m: Map<string, number>): number { return m.get("a"); } // expect TS2322',
        'export function sign(n: number): number { if (n > 0) return 1; } // expect TS2366',
        "",
    ].join("\n"),
    "tests/parity-mistakes.test.ts": [
        'import { describe, expect } from "vitest";',
        "expect(1).toBee(1); // expect TS2551",
        'describe("x", (n: number) => n.toFixed()); // expect TS2769',
        "",
    ].join("\n"),
    "scripts/parity-mistakes.ts": [
        "// @ts-expect-error nothing is wrong on the next line // expect TS2578",
        "export const fine = 1;",
        'export const half: string = undefined; // expect TS2322',
        "",
    ].join("\n"),
};

export interface Diagnostic {
    file: string;
    line: number;
    column: number;
    code: string;
}

const position = (d: Diagnostic) => `${d.file}(${d.line},${d.column})`;

/** `file(line,col): error TSnnnn` lines of a compiler's plain output. */
export function parseDiagnostics(output: string): Diagnostic[] {
    return [...output.matchAll(/^(\S[^(\n]*)\((\d+),(\d+)\): error (TS\d+)/gm)].map((m) => ({ file: m[1], line: Number(m[2]), column: Number(m[3]), code: m[4] }));
}

/** What the markers promise: an error on that line with one of the codes. */
export interface Expected {
    file: string;
    line: number;
    codes: string[];
}

export function expectedDiagnostics(files: Record<string, string>): Expected[] {
    return Object.entries(files).flatMap(([file, text]) =>
        text.split("\n").flatMap((line, i) => [...line.matchAll(/expect (TS\d+(?:\/TS\d+)*)/g)].map((m) => ({ file, line: i + 1, codes: m[1].split("/") }))),
    );
}

function run(dir: string, script: string): Diagnostic[] {
    const child = spawnSync("npm", ["run", "--silent", script, "--", "--pretty", "false"], { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (child.status === 0) throw new Error(`npm run ${script} passed on a tree with deliberate mistakes`);
    const found = parseDiagnostics(child.stdout);
    if (found.length === 0) throw new Error(`npm run ${script} failed without a diagnostic (exit ${child.status}):\n${child.stdout}${child.stderr}`);
    return found;
}

function main(): number {
    const dir = copyCheckout(ROOT, "fhir-ha-typecheck-parity-");
    try {
        for (const [file, text] of Object.entries(MISTAKES)) fs.writeFileSync(path.join(dir, file), text);
        const results = { typecheck: run(dir, "typecheck"), "typecheck:tsc": run(dir, "typecheck:tsc") };
        const problems: string[] = [];
        for (const [script, found] of Object.entries(results)) {
            for (const want of expectedDiagnostics(MISTAKES)) {
                if (!found.some((d) => d.file === want.file && d.line === want.line && want.codes.includes(d.code))) {
                    problems.push(`npm run ${script} reports no ${want.codes.join(" or ")} at ${want.file}:${want.line}`);
                }
            }
        }
        const codesAt = (found: Diagnostic[]) => new Map(found.map((d) => [position(d), d.code]));
        const native = codesAt(results.typecheck);
        const tsc = codesAt(results["typecheck:tsc"]);
        for (const at of native.keys()) if (!tsc.has(at)) problems.push(`only npm run typecheck reports an error at ${at}`);
        for (const at of tsc.keys()) if (!native.has(at)) problems.push(`only npm run typecheck:tsc reports an error at ${at}`);
        for (const [at, code] of [...tsc].sort()) {
            const other = native.get(at);
            process.stdout.write(`${at}: tsc ${code}, tsgo ${other ?? "none"}${other && other !== code ? " (codes differ)" : ""}\n`);
        }
        if (problems.length > 0) {
            process.stderr.write(`typecheck parity: ${problems.length} problem(s)\n${problems.join("\n")}\n`);
            return 1;
        }
        process.stdout.write(`typecheck parity: both compilers report errors at the same ${tsc.size} positions, every marked line included\n`);
        return 0;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) process.exit(main());
