/**
 * Plans ONE stack in this process (the mock runtime is process-global, so `cli.ts` starts one of
 * these per stack): evaluate the program with the stack's config, build the plan document, run
 * the post-processors, write the files, print the tree.
 *
 *   run-stack.ts --stack NAME --stacks-dir DIR --out DIR [--program FILE]
 *
 * Exit 0 on success, 1 when the program fails (invalid config: the message alone).
 */
import * as fs from "fs";
import * as path from "path";
import { OFFLINE_PLAN_ENV } from "../config/load";
import { buildPlanDocument } from "./document";
import { evaluateProgram, isUserError } from "./evaluate";
import { postProcess } from "./post-process";
import { projectName, STACKS_DIR_ENV, stackConfigFromYaml, stackFile } from "./stack-files";
import { renderCounts, renderNotes, renderTree } from "./tree";
import { writePlan } from "./write";

const REPO_ROOT = path.resolve(__dirname, "../..");
const SOURCE_MAPS = process.env.FHIR_HA_PLAN_SOURCE_MAPS === "1";
/** src/program.ts, or program.js beside the compiled plan (scripts/plan.js). */
export const DEFAULT_PROGRAM = path.join(__dirname, `../program${path.extname(__filename)}`);

/** A path as the user would type it: relative when under the working directory. */
function shown(file: string): string {
    const rel = path.relative(process.cwd(), file);
    return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}

function flag(argv: string[], name: string): string | undefined {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[], out: (text: string) => void): Promise<number> {
    // The SDK captures a full stack trace at every registration (the source position it would
    // send to the engine); with the TypeScript loader's source maps on, each frame costs a map
    // lookup. The plan has no engine to send positions to; set FHIR_HA_PLAN_SOURCE_MAPS=1 when
    // debugging a failure, to get TypeScript positions in its trace.
    if (!SOURCE_MAPS) process.setSourceMapsEnabled(false);
    // The shipped stacks hold documentation placeholders; plan them, with warnings (src/validation/load.ts).
    process.env[OFFLINE_PLAN_ENV] = "1";
    const stack = flag(argv, "--stack");
    const stacksDir = flag(argv, "--stacks-dir");
    const outDir = flag(argv, "--out");
    const file = stack && stacksDir ? stackFile(stacksDir, stack) : undefined;
    if (!stack || !outDir || !file) {
        process.stderr.write("usage: run-stack.ts --stack NAME --stacks-dir DIR --out DIR [--program FILE]\n");
        return 2;
    }
    const project = projectName(path.join(REPO_ROOT, "Pulumi.yaml"));
    const stackConfig = stackConfigFromYaml(fs.readFileSync(file, "utf8"), project);
    const programPath = path.resolve(flag(argv, "--program") ?? DEFAULT_PROGRAM);
    // The compiled plan runs without a TypeScript loader; a program given as .ts brings it in.
    if (programPath.endsWith(".ts") && path.extname(__filename) === ".js") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require("tsx/cjs/api") as { register(): void }).register();
    }
    // A region pair's program reads the other stack's file from the same directory
    // (src/validation/pair.ts); restored after, as tests run this in their own process.
    const stacksDirBefore = process.env[STACKS_DIR_ENV];
    process.env[STACKS_DIR_ENV] = path.resolve(stacksDir!);
    let evaluation;
    try {
        evaluation = await evaluateProgram({ programPath, project, stack, stackConfig });
    } finally {
        if (stacksDirBefore === undefined) delete process.env[STACKS_DIR_ENV];
        else process.env[STACKS_DIR_ENV] = stacksDirBefore;
    }
    const exportedCloud = evaluation.outputs.cloud;
    const doc = postProcess(
        buildPlanDocument({
            stack,
            cloud: typeof exportedCloud === "string" ? exportedCloud : (stackConfig.config[`${project}:cloud`] ?? ""),
            resources: evaluation.resources,
            outputs: evaluation.outputs,
            componentOutputs: evaluation.componentOutputs,
            sdks: evaluation.sdks,
            config: stackConfig,
        }),
    );
    const written = writePlan(doc, outDir);
    out(
        [
            `Plan of stack ${stack} (cloud: ${doc.cloud || "?"})`,
            "",
            renderTree(doc, project),
            "",
            renderCounts(doc),
            "",
            ...(doc.notes.length > 0 ? [renderNotes(doc), ""] : []),
            `Wrote ${shown(written.json)} and ${written.objectFiles.length} Kubernetes objects under ${shown(written.objectsDir)}/`,
            "",
        ].join("\n"),
    );
    return 0;
}

/**
 * Plans one stack in this process (`run-stack.ts` ARGS as a function); returns the exit code. The
 * plan CLI calls it for a single stack, sparing a second Node process; `out` takes the tree and
 * summary (stderr when stdout carries a diff).
 */
export async function planStackCommand(argv: string[], out: (text: string) => void = (text) => void process.stdout.write(text)): Promise<number> {
    try {
        return await main(argv, out);
    } catch (e: unknown) {
        if (isUserError(e)) {
            process.stderr.write(`${e.message}\n`);
        } else {
            // Not a config mistake but a bug in the program or the plan: the trace is what helps.
            process.stderr.write(`fhir-ha plan: the program failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
            if (!SOURCE_MAPS) process.stderr.write("(positions are in the transpiled code; run with FHIR_HA_PLAN_SOURCE_MAPS=1 for TypeScript positions)\n");
        }
        return 1;
    }
}

if (require.main === module) planStackCommand(process.argv.slice(2)).then((code) => process.exit(code));
