/**
 * Backup schedules are written as a keyword (daily | weekly | monthly) or a standard 5-field
 * cron. CloudNativePG's ScheduledBackup takes a 6-field cron with SECONDS FIRST (robfig/cron),
 * so a 5-field "0 2 * * 0" must become "0 0 2 * * 0", never be passed through.
 */

/** Keyword schedules, at quiet hours, staggered so full and snapshot backups do not overlap. */
export const SCHEDULE_KEYWORDS: Record<string, string> = {
    daily: "0 3 * * *",
    weekly: "0 1 * * 0",
    monthly: "0 1 1 * *",
};

interface FieldRange {
    name: string;
    min: number;
    max: number;
    names?: string[];
}

const FIELDS: FieldRange[] = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
    { name: "day of week", min: 0, max: 7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
];

export interface ParsedSchedule {
    /** The 5-field cron the keyword or input stands for. */
    cron5: string;
    /** The allowed values of each field, expanded. */
    sets: number[][];
}

function parseValue(token: string, f: FieldRange): number | undefined {
    if (/^\d+$/.test(token)) {
        const n = Number(token);
        return n >= f.min && n <= f.max ? n : undefined;
    }
    const i = f.names?.indexOf(token.toLowerCase()) ?? -1;
    if (i < 0) return undefined;
    return f.name === "month" ? i + 1 : i;
}

function expandField(text: string, f: FieldRange): number[] | string {
    const out = new Set<number>();
    for (const part of text.split(",")) {
        const [rangePart, stepPart, extra] = part.split("/");
        if (extra !== undefined) return `"${part}" has more than one "/"`;
        let step = 1;
        if (stepPart !== undefined) {
            if (!/^\d+$/.test(stepPart) || Number(stepPart) < 1) return `step "${stepPart}" is not a positive integer`;
            step = Number(stepPart);
        }
        let lo: number;
        let hi: number;
        if (rangePart === "*") {
            lo = f.min;
            hi = f.max;
        } else if (rangePart.includes("-")) {
            const [a, b] = rangePart.split("-");
            const va = parseValue(a, f);
            const vb = parseValue(b, f);
            if (va === undefined || vb === undefined || va > vb) return `"${rangePart}" is not a range within ${f.min}-${f.max}`;
            lo = va;
            hi = vb;
        } else {
            const v = parseValue(rangePart, f);
            if (v === undefined) return `"${rangePart}" is outside ${f.min}-${f.max}`;
            lo = v;
            hi = stepPart !== undefined ? f.max : v;
        }
        for (let v = lo; v <= hi; v += step) out.add(f.name === "day of week" && v === 7 ? 0 : v);
    }
    return [...out].sort((a, b) => a - b);
}

/** Parses a keyword or 5-field cron; returns an error string when it is not one. */
export function parseSchedule(text: string): ParsedSchedule | string {
    const trimmed = text.trim();
    const cron5 = SCHEDULE_KEYWORDS[trimmed.toLowerCase()] ?? trimmed;
    const fields = cron5.split(/\s+/);
    if (fields.length !== 5) {
        return `expected daily, weekly, monthly or a 5-field cron (minute hour day-of-month month day-of-week), got ${fields.length} field(s)`;
    }
    const sets: number[][] = [];
    for (let i = 0; i < 5; i++) {
        const r = expandField(fields[i], FIELDS[i]);
        if (typeof r === "string") return `${FIELDS[i].name}: ${r}`;
        sets.push(r);
    }
    return { cron5: fields.join(" "), sets };
}

/**
 * robfig/cron v1.2.0 marks a field whose list has a `*` or `?` part (with a step too: v1.2.0
 * keeps the mark) with a "star bit" (parser.go getRange), and its `dayMatches`
 * (spec.go) requires day of month AND day of week when either field carries it, either one
 * otherwise. The same rule as Vixie cron's, which marks a field that starts with `*`.
 */
function hasStarBit(field: string): boolean {
    return field.split(",").some((part) => ["*", "?"].includes(part.split("/")[0].split("-")[0]));
}

/** A step on something other than `*` ("1/3", "1-7/2"): robfig's day of week ends at 6, not 7. */
function nonStarStep(field: string): boolean {
    return field.split(",").some((part) => part.includes("/") && !hasStarBit(part));
}

/**
 * CloudNativePG's 6-field schedule (seconds first) for a keyword or 5-field cron. CNPG's webhook
 * parses it with robfig/cron v1.2, whose day of week is 0-6: a standard-cron 7 (Sunday) would be
 * refused, and a step on a value or range ("1/3") would run up to 6 instead of 7. So such a
 * day-of-week field is written as the list of days it means, never as `*`: a list carries no
 * star bit, so a restricted day of month is still ORed with it as the 5-field cron meant
 * (`0 1 15 * 0-7` stays "the 15th or any weekday", every day; `*` would make it AND, monthly).
 * `*` and `*` with a step keep their text: the same days, and the same star bit, in both.
 */
export function toCnpgSchedule(text: string): string {
    const parsed = parseSchedule(text);
    if (typeof parsed === "string") throw new Error(`invalid schedule "${text}": ${parsed}`);
    const fields = parsed.cron5.split(" ");
    if (/(^|[^\d])7($|[^\d])/.test(fields[4]) || nonStarStep(fields[4])) fields[4] = parsed.sets[4].join(",");
    return `0 ${fields.join(" ")}`;
}

/**
 * The longest gap in whole hours between two runs of a schedule AS CNPG RUNS IT (robfig's day
 * rule on the rendered schedule, see `hasStarBit`), found by walking five years of runs in order.
 * Used to prove "at most 7 days between full backups" and "retention covers at least one
 * full-backup interval". Day of month `*` with step 2 and day of week 1 (Mondays) is Mondays
 * with an odd date: up to 21 days apart.
 */
export function maxIntervalHours(text: string): number {
    const parsed = parseSchedule(text);
    if (typeof parsed === "string") throw new Error(`invalid schedule "${text}": ${parsed}`);
    const [minutes, hours, doms, months, dows] = parsed.sets.map((s) => new Set(s));
    // The fields as rendered for CNPG (minute hour dom month dow): their star bits decide.
    const rendered = toCnpgSchedule(text).split(" ").slice(1);
    const both = hasStarBit(rendered[2]) || hasStarBit(rendered[4]);
    if (minutes.size === 0) return Infinity;
    let last: number | undefined;
    let runs = 0;
    let maxGap = 0;
    // Five years including a leap year (2023-2027), day by day and then the schedule's hours in
    // order, in UTC (no DST gaps), so every weekday/month-day alignment and the year boundary
    // appear between two runs. (Hour by hour with a Date each cost the plan ~10 ms a call.)
    const start = Date.UTC(2023, 0, 1);
    const runHours = [...hours].sort((a, b) => a - b);
    const totalDays = 5 * 365 + 1;
    for (let day = 0; day < totalDays; day++) {
        const d = new Date(start + day * 86_400_000);
        if (!months.has(d.getUTCMonth() + 1)) continue;
        const domOk = doms.has(d.getUTCDate());
        const dowOk = dows.has(d.getUTCDay());
        const dayOk = both ? domOk && dowOk : domOk || dowOk;
        if (!dayOk) continue;
        for (const hour of runHours) {
            const h = day * 24 + hour;
            runs++;
            if (last !== undefined) maxGap = Math.max(maxGap, h - last);
            last = h;
        }
    }
    // A schedule that fires at most once in five years (e.g. only on 29 February) is no schedule.
    return runs < 2 ? Infinity : maxGap;
}
