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
import { buildPlanDocument } from "./document";
import { evaluateProgram, isUserError } from "./evaluate";
import { postProcess } from "./post-process";
import { projectName, stackConfigFromYaml, stackFile } from "./stack-files";
import { renderCounts, renderTree } from "./tree";
import { writePlan } from "./write";

const REPO_ROOT = path.resolve(__dirname, "../..");
export const DEFAULT_PROGRAM = path.join(REPO_ROOT, "src/program.ts");

function flag(argv: string[], name: string): string | undefined {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
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
    const evaluation = await evaluateProgram({ programPath, project, stack, stackConfig });
    const exportedCloud = evaluation.outputs.cloud;
    const doc = postProcess(
        buildPlanDocument({
            stack,
            cloud: typeof exportedCloud === "string" ? exportedCloud : (stackConfig.config[`${project}:cloud`] ?? ""),
            resources: evaluation.resources,
            outputs: evaluation.outputs,
        }),
    );
    const written = writePlan(doc, outDir);
    process.stdout.write(
        [
            `Plan of stack ${stack} (cloud: ${doc.cloud || "?"})`,
            "",
            renderTree(doc, project),
            "",
            renderCounts(doc),
            "",
            `Wrote ${path.relative(process.cwd(), written.json)} and ${written.objectFiles.length} Kubernetes objects under ${path.relative(process.cwd(), written.objectsDir)}/`,
            "",
        ].join("\n"),
    );
    return 0;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
        if (isUserError(e)) {
            process.stderr.write(`${e.message}\n`);
        } else {
            // Not a config mistake but a bug in the program or the plan: the trace is what helps.
            process.stderr.write(`fhir-ha plan: the program failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        }
        process.exit(1);
    },
);
