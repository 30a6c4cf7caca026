/**
 * How the retention drill makes a 30-day recovery window meaningful in a two-minute run: the base
 * backups are real, but their recorded begin/end times (backup.info, which is what
 * barman-cloud-backup-delete judges them by) are moved into the past, some beyond the window and
 * some inside it. Pure functions: the ages, the rewrite of backup.info and the outcome a
 * correct recovery-window policy must produce.
 */

const DAY_MS = 86_400_000;

/**
 * Ages in days for `count` backups, oldest first: two beyond the window (a week apart, like the
 * weekly full schedule), the rest spread inside it, the newest a day old.
 */
export function fakeBackupAges(count: number, windowDays: number): number[] {
    if (count < 3) throw new Error("the retention drill needs at least 3 backups: two beyond the window and one inside");
    if (windowDays < 2) throw new Error(`a recovery window of ${windowDays} days is too short to place backups inside it`);
    const beyond = [windowDays + 14, windowDays + 7];
    const inside = count - beyond.length;
    const step = (windowDays - 1) / inside;
    const within = Array.from({ length: inside }, (_, i) => Math.max(1, Math.round(windowDays - 1 - step * i - step / 2)));
    within[within.length - 1] = 1;
    return [...beyond, ...within];
}

export interface DatedBackup {
    id: string;
    endMs: number;
}

export interface RetentionOutcome {
    /** The newest backup that ended before the window began: recovery to the window's start needs it. */
    neededForWindowStart?: string;
    keep: string[];
    remove: string[];
}

/**
 * What "RECOVERY WINDOW OF n DAYS" must do: keep every backup that ended inside the window, keep
 * the newest one that ended before it (the base for recovering to the window's first moment),
 * remove the older ones.
 */
export function expectedRetention(backups: DatedBackup[], windowDays: number, nowMs: number): RetentionOutcome {
    const windowStart = nowMs - windowDays * DAY_MS;
    const newestFirst = [...backups].sort((a, b) => b.endMs - a.endMs);
    const keep: string[] = [];
    const remove: string[] = [];
    let needed: string | undefined;
    for (const b of newestFirst) {
        if (b.endMs >= windowStart) keep.push(b.id);
        else if (needed === undefined) {
            needed = b.id;
            keep.push(b.id);
        } else remove.push(b.id);
    }
    return { neededForWindowStart: needed, keep: keep.reverse(), remove: remove.reverse() };
}

/** A time as Barman writes it in backup.info: "2026-01-31 12:00:00.000000+00:00". */
export function barmanInfoTime(ms: number): string {
    const iso = new Date(ms).toISOString(); // 2026-01-31T12:00:00.000Z
    return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000+00:00`;
}

/** backup.info with begin_time and end_time replaced; every other line is kept as it was. */
export function rewriteBackupInfo(text: string, beginMs: number, endMs: number): string {
    let seen = 0;
    const out = text.split("\n").map((line) => {
        if (line.startsWith("begin_time=")) {
            seen++;
            return `begin_time=${barmanInfoTime(beginMs)}`;
        }
        if (line.startsWith("end_time=")) {
            seen++;
            return `end_time=${barmanInfoTime(endMs)}`;
        }
        return line;
    });
    if (seen !== 2) throw new Error("backup.info has no begin_time/end_time lines to rewrite");
    return out.join("\n");
}

export function daysAgo(nowMs: number, days: number): number {
    return nowMs - days * DAY_MS;
}
