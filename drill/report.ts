/**
 * The drill report: one entry per drill, written to out/drill/report.json, and a readable summary.
 * Pure functions, so the aggregation and pass/fail rules are unit tested.
 */

export interface DrillResult {
    name: string;
    passed: boolean;
    rowsWritten: number;
    rowsLost: number;
    seconds: number;
    /** What was measured, what was checked and where the drill differs from CNPG in the cluster. */
    details: Record<string, unknown>;
    /** Headline figures printed under the summary table (e.g. RPO and RTO per scenario). */
    highlights?: string[];
}

/** Ids that were promised (acknowledged) but are not in the survivor. */
export function missingIds(promised: Iterable<number>, present: Iterable<number>): number[] {
    const have = new Set(present);
    return [...promised].filter((id) => !have.has(id));
}

/** Ids that must not be there (written after a restore target) but are. */
export function unexpectedIds(forbidden: Iterable<number>, present: Iterable<number>): number[] {
    const have = new Set(present);
    return [...forbidden].filter((id) => have.has(id));
}

/** Parses psql's one-id-per-line output. */
export function parseIds(text: string): number[] {
    return text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "")
        .map((l) => {
            const n = Number(l);
            if (!Number.isInteger(n)) throw new Error(`not an id: ${JSON.stringify(l)}`);
            return n;
        });
}

/** A drill that threw: failed, with the error as its detail. */
export function failedResult(name: string, seconds: number, error: unknown, details: Record<string, unknown> = {}): DrillResult {
    const message = error instanceof Error ? error.message : String(error);
    return { name, passed: false, rowsWritten: 0, rowsLost: 0, seconds, details: { ...details, error: message } };
}

/** Seconds with one decimal, as the report shows them. */
export function roundSeconds(ms: number): number {
    return Math.round(ms / 100) / 10;
}

export function allPassed(results: DrillResult[]): boolean {
    return results.length > 0 && results.every((r) => r.passed && r.rowsLost === 0);
}

/** The exit code of `npm run drill`: 0 only when every drill ran and passed. */
export function exitCode(results: DrillResult[], expectedDrills: number): number {
    return results.length === expectedDrills && allPassed(results) ? 0 : 1;
}

/** The readable summary printed at the end and written next to report.json. */
export function summary(results: DrillResult[], totalSeconds: number): string {
    const width = Math.max(5, ...results.map((r) => r.name.length));
    const lines = [
        `${"drill".padEnd(width)}  result  written  lost  seconds`,
        ...results.map(
            (r) =>
                `${r.name.padEnd(width)}  ${(r.passed ? "PASS" : "FAIL").padEnd(6)}  ${String(r.rowsWritten).padStart(7)}  ${String(r.rowsLost).padStart(4)}  ${r.seconds.toFixed(1).padStart(7)}`,
        ),
        "",
        `${results.filter((r) => r.passed).length}/${results.length} drills passed, ${results.reduce((n, r) => n + r.rowsLost, 0)} rows lost, ${totalSeconds.toFixed(1)} s in total`,
    ];
    for (const r of results) {
        for (const h of r.highlights ?? []) lines.push(`${r.name}: ${h}`);
    }
    for (const r of results.filter((x) => !x.passed)) {
        lines.push(`FAILED ${r.name}: ${String(r.details.error ?? "checks did not hold; see report.json")}`);
    }
    return lines.join("\n") + "\n";
}
