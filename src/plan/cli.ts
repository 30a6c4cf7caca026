/**
 * `npm run plan`: the offline plan of every stack (or those named with --stack). Each stack is
 * planned in its own child process (`run-stack.ts`) because Pulumi's mock runtime is global to
 * a process. Stacks run one after another so the output reads in order.
 *
 * Exit 0 when every stack planned, 1 when any stack failed (its message is printed), 2 on a
 * usage error (unknown option, unknown stack, no stacks), 3 with --strict when every stack
 * planned but a mandatory checklist rule failed (the checklist is printed after each stack), 4
 * with --diff when the diff would replace or delete a protected resource (`pulumi preview` stops
 * there too; the diff is still printed).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
import { planChecklistReport } from "../checklist/plan-report";
import { parsePlanArgs, PlanArgs, USAGE, UsageError } from "./args";
import { diffPlans, renderDiffJson, renderDiffMarkdown, renderDiffText } from "./diff";
import { replacingKeyWarnings } from "../config/replacing-keys";
import { PlanDocument } from "./document";
import { listStacks } from "./stack-files";

// run-stack.ts beside this file, or run-stack.js in the compiled plan (scripts/plan.js).
const RUN_STACK = path.join(__dirname, `run-stack${path.extname(__filename)}`);
const COMPILED = path.extname(__filename) === ".js";

/** The stacks to plan; an unknown name is a usage error listing the known ones. */
export function selectStacks(args: PlanArgs): string[] {
    const available = listStacks(args.stacksDir);
    if (available.length === 0) throw new UsageError(`no stack files (Pulumi.<stack>.yaml) in ${args.stacksDir}`);
    const unknown = args.stacks.filter((s) => !available.includes(s));
    if (unknown.length > 0) {
        throw new UsageError(`unknown stack ${unknown.join(", ")}: ${args.stacksDir} has ${available.join(", ")}`);
    }
    return args.stacks.length > 0 ? [...new Set(args.stacks)] : available;
}

/**
 * Where the command writes, and how it plans one stack. `npm run plan` uses the process's own
 * streams and a child process per stack; tests hand in their own to check the command's wiring
 * (usage errors, formats, exit codes) without starting processes.
 */
export interface PlanCliIo {
    stdout(text: string): void;
    stderr(text: string): void;
    /** Plans one stack into `args.outDir/<stack>.json`; returns the exit code. */
    planStack(stack: string, args: PlanArgs): number;
}

/** The arguments of `run-stack.ts` for one stack. */
function stackArgs(stack: string, args: PlanArgs): string[] {
    return [
        ...["--stack", stack, "--stacks-dir", path.resolve(args.stacksDir), "--out", path.resolve(args.outDir)],
        ...(args.program ? ["--program", path.resolve(args.program)] : []),
    ];
}

/**
 * Plans one stack in a child process; returns its exit code. Its output goes to our stdout, or
 * to stderr when stdout is reserved for a diff.
 */
function planStackInChild(stack: string, args: PlanArgs): number {
    // The compiled plan needs no TypeScript loader (a --program given as .ts loads it on demand).
    const loader = COMPILED ? [] : ["--import", pathToFileURL(require.resolve("tsx")).href];
    const child = spawnSync(
        process.execPath,
        [
            ...loader,
            RUN_STACK,
            ...stackArgs(stack, args),
        ],
        { stdio: ["inherit", args.diff ? 2 : "inherit", "inherit"] },
    );
    if (child.error) throw child.error;
    return child.status ?? 1;
}

/** Reads the base plan of a diff; a missing or foreign file is a usage error. */
function readBasePlan(file: string, stack: string): PlanDocument {
    if (!fs.existsSync(file)) throw new UsageError(`--diff ${file}: no such file`);
    const doc = JSON.parse(fs.readFileSync(file, "utf8")) as PlanDocument;
    if (!Array.isArray(doc.resources)) throw new UsageError(`--diff ${file}: not a plan document (out/plan/<stack>.json)`);
    if (doc.stack !== stack) throw new UsageError(`--diff ${file}: a plan of stack ${doc.stack}, not ${stack}`);
    return doc;
}

const PROCESS_IO: PlanCliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    planStack: planStackInChild,
};

export function main(argv: string[], io: PlanCliIo = PROCESS_IO): number {
    let args: PlanArgs;
    let stacks: string[];
    try {
        args = parsePlanArgs(argv);
        if (args.help) {
            io.stdout(`${USAGE}\n`);
            return 0;
        }
        stacks = selectStacks(args);
        if (args.diff) readBasePlan(args.diff, stacks[0]);
    } catch (e) {
        if (e instanceof UsageError) {
            io.stderr(`fhir-ha plan: ${e.message}\n\n${USAGE}\n`);
            return 2;
        }
        throw e;
    }
    const unmet: string[] = [];
    const failed = stacks.filter((stack) => {
        const code = io.planStack(stack, args);
        if (code !== 0) io.stderr(`fhir-ha plan: stack ${stack} failed (exit ${code})\n\n`);
        if (code === 0) {
            const checklist = planChecklistReport(path.join(args.outDir, `${stack}.json`), stack);
            (args.diff ? io.stderr : io.stdout)(`${checklist.text}\n\n`);
            if (checklist.mandatoryFailed.length > 0) unmet.push(stack);
        }
        return code !== 0;
    });
    if (stacks.length > 1) {
        io.stdout(`Planned ${stacks.length - failed.length} of ${stacks.length} stacks${failed.length ? `; failed: ${failed.join(", ")}` : ""}\n`);
    }
    if (failed.length > 0) return 1;
    if (args.diff) {
        const head = JSON.parse(fs.readFileSync(path.join(args.outDir, `${stacks[0]}.json`), "utf8")) as PlanDocument;
        const diff = diffPlans(readBasePlan(args.diff, stacks[0]), head, replacingKeyWarnings());
        io.stdout(args.format === "text" ? renderDiffText(diff) : args.format === "json" ? renderDiffJson(diff) : renderDiffMarkdown(diff));
        // As `pulumi preview` fails on a replace or delete of a protected resource.
        if (diff.errors.length > 0) {
            io.stderr(`fhir-ha plan --diff: ${diff.errors.join("\n")}\n`);
            return 4;
        }
    }
    if (args.strict && unmet.length > 0) {
        io.stderr(`fhir-ha plan --strict: mandatory checklist rules fail in ${unmet.join(", ")}\n`);
        return 3;
    }
    return 0;
}

/**
 * The command as `npm run plan` runs it (scripts/plan.js): a single stack is planned in this
 * process, which spares starting a second Node process and loading the modules again; several
 * stacks each get their own (the mock runtime is process-global). Then `main` as always.
 */
export async function runCommand(argv: string[]): Promise<number> {
    let single: { stack: string; args: PlanArgs } | undefined;
    try {
        const args = parsePlanArgs(argv);
        const stacks = args.help ? [] : selectStacks(args);
        if (stacks.length === 1 && (!args.diff || fs.existsSync(args.diff))) single = { stack: stacks[0], args };
    } catch {
        // A usage error: `main` reports it.
    }
    if (!single) return main(argv);
    // Loaded here, not at the top: the tests' in-process runs of `main` load no Pulumi SDK. A plain
    // require works under every loader (the TypeScript one registered by scripts/plan.js too).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { planStackCommand } = require("./run-stack") as typeof import("./run-stack");
    const { stack, args } = single;
    const code = await planStackCommand(stackArgs(stack, args), args.diff ? (text) => void process.stderr.write(text) : undefined);
    return main(argv, { ...PROCESS_IO, planStack: () => code });
}

if (require.main === module) runCommand(process.argv.slice(2)).then((code) => process.exit(code));
