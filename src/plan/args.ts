/**
 * Command line of `npm run plan`. Parsing is pure; a mistake is a `UsageError` (exit 2).
 */
export const USAGE = `usage: npm run plan -- [--stack NAME]... [--stacks-dir DIR] [--out DIR] [--program FILE] [--strict]

  --stack NAME       plan only this stack (repeatable); default: every stacks/Pulumi.<NAME>.yaml
  --stacks-dir DIR   where the stack files are (default: stacks)
  --out DIR          where the plan is written (default: out/plan)
  --program FILE     evaluate FILE instead of src/program.ts (tests, benchmarks)
  --strict           exit 3 when a mandatory checklist rule fails (docs/checklist.md)
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
    help: boolean;
}

export function parsePlanArgs(argv: string[]): PlanArgs {
    const args: PlanArgs = { stacks: [], stacksDir: "stacks", outDir: "out/plan", help: false };
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
            case "--help":
            case "-h":
                args.help = true;
                break;
            default:
                throw new UsageError(flag.startsWith("-") ? `unknown option ${flag}` : `unexpected argument ${JSON.stringify(flag)} (name a stack with --stack ${flag})`);
        }
    }
    return args;
}
