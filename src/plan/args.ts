/**
 * Command line of `npm run plan`. Parsing is pure; a mistake is a `UsageError` (exit 2).
 */
export const USAGE = `usage: npm run plan -- [--stack NAME]... [--stacks-dir DIR] [--out DIR] [--program FILE] [--strict]
       npm run plan -- --stack NAME --diff BASE.json [--format markdown|text]

  --stack NAME       plan only this stack (repeatable); default: every stacks/Pulumi.<NAME>.yaml
  --stacks-dir DIR   where the stack files are (default: stacks)
  --out DIR          where the plan is written (default: out/plan)
  --program FILE     evaluate FILE instead of src/program.ts (tests, benchmarks)
  --strict           exit 3 when a mandatory checklist rule fails (docs/checklist.md)
  --diff BASE.json   compare the stack's plan with an earlier one (e.g. of the base commit) and
                     print only the diff on stdout (the plan's own output goes to stderr)
  --format FORMAT    the diff as markdown (for PR comments, the default) or text
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
    /** markdown | text */
    format: string;
    help: boolean;
}

export function parsePlanArgs(argv: string[]): PlanArgs {
    const args: PlanArgs = { stacks: [], stacksDir: "stacks", outDir: "out/plan", format: "markdown", help: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        // Accept `--flag=value` as well as `--flag value`.
        const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        const value = () => {
            const v = inline ?? argv[++i];
            if (v === undefined || v === "" || (inline === undefined && v.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
            return v;
        };
        switch (flag) {
            case "--stack":
                args.stacks.push(value());
                break;
            case "--stacks-dir":
                args.stacksDir = value();
                break;
            case "--out":
                args.outDir = value();
                break;
            case "--program":
                args.program = value();
                break;
            case "--strict":
                if (inline !== undefined) throw new UsageError("--strict takes no value");
                args.strict = true;
                break;
            case "--diff":
                args.diff = value();
                break;
            case "--format":
                args.format = value();
                if (!DIFF_FORMATS.includes(args.format)) throw new UsageError(`--format ${args.format}: one of ${DIFF_FORMATS.join(" | ")}`);
                break;
            case "--help":
            case "-h":
                args.help = true;
                break;
            default:
                throw new UsageError(flag.startsWith("-") ? `unknown option ${flag}` : `unexpected argument ${JSON.stringify(flag)} (name a stack with --stack ${flag})`);
        }
    }
    if (args.diff !== undefined && args.stacks.length !== 1) throw new UsageError("--diff compares one stack: name it with --stack NAME");
    return args;
}

export const DIFF_FORMATS = ["markdown", "text"];
