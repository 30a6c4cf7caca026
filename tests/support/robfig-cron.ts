/**
 * The schedule semantics of robfig/cron v1.2.0's `cron.Parse`, which CloudNativePG 1.30's
 * ScheduledBackup webhook calls (internal/webhook/v1/scheduledbackup_webhook.go): six fields,
 * seconds first (the day of week may be left out), each a list of `*`, `?`, values, ranges and
 * steps, with names for months and days; day of week 0-6. Written from robfig's documented
 * grammar (doc.go, parser.go ranges) for tests: returns the allowed values per field, or the
 * error robfig would give.
 */
interface Bounds {
    min: number;
    max: number;
    names?: Record<string, number>;
}

const MONTHS = Object.fromEntries(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map((m, i) => [m, i + 1]));
const DAYS = Object.fromEntries(["sun", "mon", "tue", "wed", "thu", "fri", "sat"].map((d, i) => [d, i]));

export const ROBFIG_FIELDS: Bounds[] = [
    { min: 0, max: 59 },
    { min: 0, max: 59 },
    { min: 0, max: 23 },
    { min: 1, max: 31 },
    { min: 1, max: 12, names: MONTHS },
    { min: 0, max: 6, names: DAYS },
];

function value(token: string, b: Bounds): number {
    const named = b.names?.[token.toLowerCase()];
    if (named !== undefined) return named;
    if (!/^\d+$/.test(token)) throw new Error(`failed to parse int from ${token}`);
    return Number(token);
}

function range(expr: string, b: Bounds): number[] {
    const [rangePart, stepPart, extra] = expr.split("/");
    if (extra !== undefined) throw new Error(`too many slashes: ${expr}`);
    let start: number;
    let end: number;
    if (rangePart === "*" || rangePart === "?") {
        start = b.min;
        end = b.max;
    } else {
        const [lo, hi, more] = rangePart.split("-");
        if (more !== undefined) throw new Error(`too many hyphens: ${expr}`);
        start = value(lo, b);
        end = hi !== undefined ? value(hi, b) : start;
    }
    let step = 1;
    if (stepPart !== undefined) {
        step = value(stepPart, { min: 0, max: 0 });
        // N/step means N-max/step.
        if (rangePart !== "*" && rangePart !== "?" && !rangePart.includes("-")) end = b.max;
    }
    if (start < b.min) throw new Error(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
    if (end > b.max) throw new Error(`end of range (${end}) above maximum (${b.max}): ${expr}`);
    if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
    if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
    const out: number[] = [];
    for (let v = start; v <= end; v += step) out.push(v);
    return out;
}

/** The allowed values of each of the six fields; throws robfig's error. */
export function robfigParse(spec: string): number[][] {
    const fields = spec.trim().split(/\s+/);
    if (fields.length === 5) fields.push("*");
    if (fields.length !== 6) throw new Error(`Expected 5 to 6 fields, found ${fields.length}: ${spec}`);
    return fields.map((f, i) => [...new Set(f.split(",").flatMap((part) => range(part, ROBFIG_FIELDS[i])))].sort((a, b) => a - b));
}

/** A parsed schedule: the values of each of the six fields and the star bits of the two day fields. */
export interface RobfigSchedule {
    fields: number[][];
    /** robfig's starBit: a `*` or `?` range in the field's list (getRange; v1.2.0 keeps it with a step). */
    domStar: boolean;
    dowStar: boolean;
}

function starBit(field: string): boolean {
    return field.split(",").some((part) => {
        const low = part.split("/")[0].split("-")[0];
        return low === "*" || low === "?";
    });
}

export function robfigSchedule(spec: string): RobfigSchedule {
    const fields = spec.trim().split(/\s+/);
    if (fields.length === 5) fields.push("*");
    return { fields: robfigParse(spec), domStar: starBit(fields[3]), dowStar: starBit(fields[5]) };
}

/** spec.go `dayMatches`: both day fields when either has the star bit, either one otherwise. */
export function robfigDayMatches(s: RobfigSchedule, t: Date): boolean {
    const domMatch = s.fields[3].includes(t.getUTCDate());
    const dowMatch = s.fields[5].includes(t.getUTCDay());
    if (s.domStar || s.dowStar) return domMatch && dowMatch;
    return domMatch || dowMatch;
}

/** Whether the schedule fires in the UTC hour starting at `t` (at second 0 of an allowed minute). */
export function robfigFiresInHour(s: RobfigSchedule, t: Date): boolean {
    return s.fields[0].includes(0) && s.fields[2].includes(t.getUTCHours()) && s.fields[4].includes(t.getUTCMonth() + 1) && robfigDayMatches(s, t);
}

/** Longest gap in hours between hours in which the schedule fires, over 2023-2027 (UTC). */
export function robfigMaxGapHours(spec: string): number {
    const s = robfigSchedule(spec);
    const start = Date.UTC(2023, 0, 1);
    let last: number | undefined;
    let gap = 0;
    for (let h = 0; h < (5 * 365 + 1) * 24; h++) {
        if (!robfigFiresInHour(s, new Date(start + h * 3_600_000))) continue;
        if (last !== undefined) gap = Math.max(gap, h - last);
        last = h;
    }
    return gap;
}
