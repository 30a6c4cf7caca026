/**
 * A configuration error that lists every problem at once, each naming the full key. The program
 * entry prints `message` alone (no stack trace) and the plan exits 1 with it.
 */
export class ConfigValidationError extends Error {
    public readonly problems: string[];

    constructor(problems: string[]) {
        super(
            `fhir-ha: invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigValidationError";
        this.problems = problems;
    }
}

/** How a value reads in an error message. */
export function show(value: unknown): string {
    if (typeof value === "string") return JSON.stringify(value);
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

/** The full config key as users type it: `fhir-ha:database.instances`. */
export function fullKey(path: string): string {
    return `fhir-ha:${path}`;
}
