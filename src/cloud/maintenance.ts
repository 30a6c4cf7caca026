/**
 * The maintenance window, the same concept on every cloud (`fhir-ha:cluster.maintenance`):
 * the days and the UTC hours in which the cloud may upgrade the control plane and the nodes.
 * Each node upgrade drains nodes and so moves Postgres primaries (a switchover: seconds of
 * refused writes), so it belongs in a quiet hour, not "any time". Exclusions stop upgrades over
 * dates such as a release freeze.
 *
 * Each cloud maps the window onto its own mechanism (GKE maintenance policy, AKS maintenance
 * configurations; EKS has no managed upgrade window and uses it for nothing but documentation).
 * Pure functions.
 */

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

export interface MaintenanceWindowConfig {
    /** Weekdays (lowercase English names) the window opens on. */
    days: string[];
    /** Start, "HH:MM" in UTC. */
    startTime: string;
    /** Length of each window in whole hours. */
    durationHours: number;
    /** Date ranges with no upgrades at all, "START/END" as RFC 3339 times. */
    exclusions: string[];
}

export interface MaintenanceExclusion {
    start: string;
    end: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses "START/END" exclusions; undefined when malformed or END is not after START. */
export function parseExclusion(text: string): MaintenanceExclusion | undefined {
    const parts = text.split("/");
    if (parts.length !== 2 || !parts.every((p) => RFC3339.test(p))) return undefined;
    const [start, end] = parts;
    return Date.parse(end) > Date.parse(start) ? { start, end } : undefined;
}

/** Hours of maintenance window in a 32-day rolling period (GKE asks for at least 48). */
export function hoursPer32Days(window: MaintenanceWindowConfig): number {
    // A weekly window opens on each of its days 32/7 times in 32 days (on average).
    return (window.days.length * window.durationHours * 32) / 7;
}

/** Problems with the window, each naming its key and what is allowed. */
export function maintenanceProblems(window: MaintenanceWindowConfig): string[] {
    const key = (k: string) => `fhir-ha:cluster.maintenance.${k}`;
    const problems: string[] = [];
    const badDays = window.days.filter((d) => !WEEKDAYS.includes(d));
    if (window.days.length === 0) problems.push(`${key("days")}: at least one day, from ${WEEKDAYS.join(" | ")}`);
    if (badDays.length > 0) problems.push(`${key("days")}: ${badDays.map((d) => JSON.stringify(d)).join(", ")} not a day; use ${WEEKDAYS.join(" | ")}`);
    if (new Set(window.days).size !== window.days.length) problems.push(`${key("days")}: each day at most once`);
    if (!HHMM.test(window.startTime)) problems.push(`${key("startTime")} = ${JSON.stringify(window.startTime)}: must be "HH:MM" (UTC), e.g. "02:00"`);
    for (const e of window.exclusions) {
        if (!parseExclusion(e)) {
            problems.push(`${key("exclusions")}: ${JSON.stringify(e)} must be "START/END" in RFC 3339 with END after START, e.g. "2026-12-20T00:00:00Z/2027-01-03T00:00:00Z"`);
        }
    }
    return problems;
}
