/**
 * Reading durations and schedules the way the deployed tools spell them (PostgreSQL GUCs, Go
 * durations, Barman retention policies, CNPG's 6-field cron), so a rule judges the rendered value
 * and not the config it came from.
 */
import { maxIntervalHours } from "../config/cron";

const PG_UNITS: Record<string, number> = { ms: 0.001, s: 1, min: 60, h: 3600, d: 86_400 };

/** A PostgreSQL time GUC in seconds: "5min", "300s", "300" (bare = seconds); undefined if unreadable. */
export function postgresSeconds(value: unknown): number | undefined {
    if (typeof value === "number") return value;
    if (typeof value !== "string") return undefined;
    const m = /^\s*(\d+)\s*(ms|s|min|h|d)?\s*$/.exec(value);
    return m ? Number(m[1]) * PG_UNITS[m[2] ?? "s"] : undefined;
}

const GO_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A Go duration (metav1.Duration) in seconds: "12h", "1h30m", "90m", "1.5h"; undefined if unreadable. */
export function goDurationSeconds(value: unknown): number | undefined {
    if (typeof value !== "string" || value.trim() === "") return undefined;
    const s = value.trim();
    if (s === "0") return 0;
    const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
    let total = 0;
    let pos = 0;
    while (pos < s.length) {
        part.lastIndex = pos;
        const m = part.exec(s);
        if (!m) return undefined;
        total += Number(m[1]) * GO_UNITS[m[2]];
        pos = part.lastIndex;
    }
    return total;
}

/**
 * A Barman Cloud retention policy ("30d", "4w", "1m") in days. A month is counted as 28 days,
 * the shortest, so "1m" never passes for 30 days by rounding up.
 */
export function retentionDays(value: unknown): number | undefined {
    if (typeof value !== "string") return undefined;
    const m = /^\s*([1-9]\d*)\s*([dwm])\s*$/i.exec(value);
    if (!m) return undefined;
    return Number(m[1]) * { d: 1, w: 7, m: 28 }[m[2].toLowerCase() as "d" | "w" | "m"];
}

const DESCRIPTORS: Record<string, string> = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
};

/**
 * The longest gap in hours between two runs of a CNPG ScheduledBackup schedule: 6 fields with
 * seconds first (the seconds field is dropped; it moves runs by under a minute), a robfig
 * descriptor, or `@every <duration>`. Undefined when the schedule cannot be read.
 */
export function cnpgScheduleMaxGapHours(schedule: unknown): number | undefined {
    if (typeof schedule !== "string") return undefined;
    const s = schedule.trim();
    if (s.startsWith("@every ")) {
        const seconds = goDurationSeconds(s.slice("@every ".length));
        return seconds === undefined || seconds <= 0 ? undefined : seconds / 3600;
    }
    const fields = s.split(/\s+/);
    // CNPG reads 6 fields, seconds first: a 5-field cron there is a mistake, not a schedule.
    const cron5 = DESCRIPTORS[s.toLowerCase()] ?? (fields.length === 6 ? fields.slice(1).join(" ") : undefined);
    if (cron5 === undefined) return undefined;
    try {
        return maxIntervalHours(cron5);
    } catch {
        return undefined;
    }
}

/** "12h", "2d 4h", "30min": a duration in seconds as a person reads it. */
export function showSeconds(seconds: number): string {
    if (seconds % 86_400 === 0 && seconds >= 86_400) return `${seconds / 86_400}d`;
    if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600}h`;
    if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60}min`;
    return `${seconds}s`;
}
