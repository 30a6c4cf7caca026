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

const MINUTES_PER_WEEK = 7 * 24 * 60;

/** Minutes of the week (Monday 00:00 UTC = 0) the weekly window is open, as a 0/1 array. */
function openMinutesOfWeek(window: MaintenanceWindowConfig): Uint8Array {
    const open = new Uint8Array(MINUTES_PER_WEEK);
    const match = /^(\d{2}):(\d{2})$/.exec(window.startTime);
    if (!match) return open;
    const start = Number(match[1]) * 60 + Number(match[2]);
    for (const day of window.days) {
        const index = WEEKDAYS.indexOf(day);
        if (index < 0) continue;
        const from = index * 1440 + start;
        // A window may run past midnight, and Sunday's past the week's end into Monday.
        for (let m = 0; m < window.durationHours * 60; m++) open[(from + m) % MINUTES_PER_WEEK] = 1;
    }
    return open;
}

/**
 * The fewest hours of maintenance window in any rolling 32 days (GKE asks for at least 48).
 * GKE: "You must allow at least 48 hours of maintenance availability in a 32-day rolling window.
 * Only contiguous availability windows of at least four hours are considered."
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/maintenance-window). Windows on
 * neighbouring days that touch merge into one stretch; stretches shorter than 4 h count for
 * nothing (with `durationHours` >= 4 there are none). 32 days are 4 weeks and 4 days: every span
 * holds each weekly stretch 4 times, plus what falls into its remaining 96 hours, which is least
 * where those hours cover the longest gap. A stretch cut by the span's edge counts with the hours
 * inside the span (GKE's server arithmetic for cut stretches is not published).
 */
export function hoursPer32Days(window: MaintenanceWindowConfig): number {
    const open = openMinutesOfWeek(window);
    // Keep only stretches of at least 4 h (circular: a stretch may wrap from Sunday into Monday).
    const counted = new Uint8Array(MINUTES_PER_WEEK);
    const firstClosed = open.indexOf(0);
    if (firstClosed < 0) return 32 * 24;
    for (let i = 0, m = firstClosed; i < MINUTES_PER_WEEK; ) {
        const at = (m + i) % MINUTES_PER_WEEK;
        if (!open[at]) {
            i++;
            continue;
        }
        let length = 0;
        while (i + length < MINUTES_PER_WEEK && open[(m + i + length) % MINUTES_PER_WEEK]) length++;
        if (length >= 4 * 60) for (let k = 0; k < length; k++) counted[(m + i + k) % MINUTES_PER_WEEK] = 1;
        i += length;
    }
    const weekly = counted.reduce((sum, v) => sum + v, 0);
    // The remaining 4 days: the least open time in any 96 consecutive hours of the (circular) week.
    const rest = 4 * 24 * 60;
    let inRest = 0;
    for (let k = 0; k < rest; k++) inRest += counted[k];
    let least = inRest;
    for (let t = 1; t < MINUTES_PER_WEEK; t++) {
        inRest += counted[(t + rest - 1) % MINUTES_PER_WEEK] - counted[t - 1];
        least = Math.min(least, inRest);
    }
    return (4 * weekly + least) / 60;
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
