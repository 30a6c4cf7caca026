import { parseArgs, ParseArgsConfig } from "node:util";

/**
 * Command line of `npm run plan`. Parsing is pure; a mistake is a `UsageError` (exit 2).
 */
export const USAGE = `usage: npm run plan -- [--stack NAME]... [--stacks-dir DIR] [--out DIR] [--program FILE] [--strict]
       npm run plan -- --stack NAME --diff BASE.json [--format markdown|text|json]

  --stack NAME       plan only this stack (repeatable); default: every stacks/Pulumi.<NAME>.yaml
  --stacks-dir DIR   where the stack files are (default: stacks)
  --out DIR          where the plan is written (default: out/plan)
  --program FILE     evaluate FILE instead of src/program.ts (tests, benchmarks)
  --strict           exit 3 when a mandatory checklist rule fails (docs/checklist.md)
  --diff BASE.json   compare the stack's plan with an earlier one (e.g. of the base commit) and
                     print only the diff on stdout (the plan's own output goes to stderr)
  --format FORMAT    the diff as markdown (for PR comments, the default), text, or json (one
                     entry per resource: urn, type, op, changed paths, what forced a replace)
  --help             this text`;

export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export interface PlanArgs {
    /** Stacks asked for by name; empty means every stack in `stacksDir`. */
    stacks: string[];
    stacksDir: string;
    outDir: string;
    /** Program to evaluate; undefined means the repository's `src/program.ts`. */
    program?: string;
    /** Exit 3 when a mandatory checklist rule fails; unset means report only. */
    strict?: boolean;
    /** A plan document (`out/plan/<stack>.json` of another commit) to diff the stack's plan against. */
    diff?: string;
    /** markdown | text | json */
    format: string;
    help: boolean;
}

/** The options `util.parseArgs` knows; their meaning is in USAGE. */
const OPTIONS = {
    stack: { type: "string", multiple: true },
    "stacks-dir": { type: "string" },
    out: { type: "string" },
    program: { type: "string" },
    strict: { type: "boolean" },
    diff: { type: "string" },
    format: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/**
 * Parses with Node's `util.parseArgs` (tokens, non-strict), then checks each token so a mistake
 * gets today's message: an unknown option, a stray word, a missing value, a value on a flag.
 */
export function parsePlanArgs(argv: string[]): PlanArgs {
    const args: PlanArgs = { stacks: [], stacksDir: "stacks", outDir: "out/plan", format: "markdown", help: false };
    const { tokens } = parseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
    for (const t of tokens) {
        if (t.kind === "option-terminator") continue;
        if (t.kind === "positional") throw new UsageError(`unexpected argument ${JSON.stringify(t.value)} (name a stack with --stack ${t.value})`);
        const flag = t.rawName;
        const known = (OPTIONS as Record<string, { type: string }>)[t.name];
        if (!known) throw new UsageError(`unknown option ${flag}`);
        if (known.type === "boolean") {
            if (t.value !== undefined) throw new UsageError(`${flag} takes no value`);
        } else if (t.value === undefined || t.value === "" || (!t.inlineValue && t.value.startsWith("--"))) {
            // parseArgs takes the next word as the value even when it is another option.
            throw new UsageError(`${flag} needs a value`);
        }
        const value = t.value as string;
        switch (t.name) {
            case "stack":
                args.stacks.push(value);
                break;
            case "stacks-dir":
                args.stacksDir = value;
                break;
            case "out":
                args.outDir = value;
                break;
            case "program":
                args.program = value;
                break;
            case "strict":
                args.strict = true;
                break;
            case "diff":
                args.diff = value;
                break;
            case "format":
                args.format = value;
                if (!DIFF_FORMATS.includes(args.format)) throw new UsageError(`--format ${args.format}: one of ${DIFF_FORMATS.join(" | ")}`);
                break;
            case "help":
                args.help = true;
                break;
        }
    }
    if (args.diff !== undefined && args.stacks.length !== 1) throw new UsageError("--diff compares one stack: name it with --stack NAME");
    return args;
}

export const DIFF_FORMATS = ["markdown", "text", "json"];
