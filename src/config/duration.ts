/**
 * Durations in config are written the way operators say them ("5min", "12h", "30d", "1h30m").
 * Every consumer (CNPG's Go durations, PostgreSQL GUCs, Barman retention policies, the recovery
 * drills) goes through this one parser so that what is validated is what is deployed.
 */

const UNIT_SECONDS: Record<string, number> = {
    s: 1,
    sec: 1,
    m: 60,
    min: 60,
    h: 3600,
    d: 86_400,
    w: 604_800,
};

const PART = /(\d+)(sec|min|s|m|h|d|w)/y;

/** Parses "90s", "5min", "12h", "1h30m", "30d", "2w" into whole seconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
    const s = text.trim();
    if (s === "") return undefined;
    let total = 0;
    PART.lastIndex = 0;
    let pos = 0;
    while (pos < s.length) {
        PART.lastIndex = pos;
        const m = PART.exec(s);
        if (!m) return undefined;
        total += Number(m[1]) * UNIT_SECONDS[m[2]];
        pos = PART.lastIndex;
    }
    return total;
}

/** A duration in Go's time.ParseDuration syntax (Kubernetes metav1.Duration), e.g. "12h", "1h30m". */
export function toGoDuration(seconds: number): string {
    if (seconds === 0) return "0s";
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}`;
}

/** A duration as a PostgreSQL GUC value (archive_timeout, recovery_min_apply_delay): "5min", "300s". */
export function toPostgresDuration(seconds: number): string {
    if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
    if (seconds % 3600 === 0) return `${seconds / 3600}h`;
    if (seconds % 60 === 0) return `${seconds / 60}min`;
    return `${seconds}s`;
}

/**
 * A Barman recovery-window retention policy ("30d", "4w"): whole days or weeks only, as the
 * Barman Cloud plugin's ObjectStore `retentionPolicy` pattern accepts. Undefined when the
 * duration is not a whole number of days.
 */
export function toRetentionPolicy(seconds: number): string | undefined {
    if (seconds <= 0 || seconds % 86_400 !== 0) return undefined;
    const days = seconds / 86_400;
    return days % 7 === 0 ? `${days / 7}w` : `${days}d`;
}
