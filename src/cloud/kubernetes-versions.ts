/**
 * The Kubernetes version policy, the same on every cloud:
 *
 * - `fhir-ha:cluster.kubernetesVersion` empty (the default) means "the version the cloud gives a
 *   new cluster today" (each cloud says how it keeps that version current: EKS upgrades at the
 *   end of standard support, GKE follows the release channel, AKS follows the upgrade channel).
 *   A default that names a version would stop working the day that version leaves support.
 * - A pinned minor version is checked against the cloud's support calendar (data, with sources
 *   and an as-of date, in `calendars/`): a version the cloud no longer supports is refused, one
 *   that leaves support within `WARN_DAYS` is flagged.
 *
 * Pure functions; "today" is an argument so tests fix it. The date decides validation messages
 * only, never a resource input.
 */

/** One minor version of one cloud's calendar. Dates are ISO `YYYY-MM-DD`, UTC. */
export interface CalendarEntry {
    /** Minor version, "1.34". */
    version: string;
    /** When the cloud made it generally available. */
    released: string;
    /** Last day of standard support (AWS), or of support at all (GKE end of life, AKS GA end of life). */
    endOfStandard: string;
    /** Last day of paid extended support / LTS, when the cloud offers it for this version. */
    endOfExtended?: string;
}

export interface SupportCalendar {
    /** aws | gcp | azure */
    cloud: string;
    /** The day the entries were read from the sources. */
    asOf: string;
    /** Where the dates come from (doc pages). */
    sources: string[];
    /** What extended support / LTS costs and how it is enabled, for messages. */
    extendedSupportNote: string;
    entries: CalendarEntry[];
}

/** A pinned version that leaves support within this many days is flagged by validation and the checklist. */
export const WARN_DAYS = 60;

export const MINOR_VERSION = /^1\.(\d{1,2})$/;

export type SupportState = "standard" | "ending-soon" | "extended" | "unsupported" | "not-in-calendar" | "not-yet-released";

export interface VersionStatus {
    state: SupportState;
    entry?: CalendarEntry;
    /** Days from today to the end of standard support (negative when past). */
    daysToEndOfStandard?: number;
}

const DAY_MS = 86_400_000;

function daysBetween(from: Date, toIso: string): number {
    const to = Date.parse(`${toIso}T00:00:00Z`);
    const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
    return Math.round((to - start) / DAY_MS);
}

/** Where a version stands in a calendar on a given day. */
export function versionStatus(calendar: SupportCalendar, version: string, today: Date): VersionStatus {
    const entry = calendar.entries.find((e) => e.version === version);
    if (!entry) return { state: "not-in-calendar" };
    if (daysBetween(today, entry.released) > 0) return { state: "not-yet-released", entry };
    const daysToEndOfStandard = daysBetween(today, entry.endOfStandard);
    if (daysToEndOfStandard < 0) {
        const inExtended = entry.endOfExtended !== undefined && daysBetween(today, entry.endOfExtended) >= 0;
        return { state: inExtended ? "extended" : "unsupported", entry, daysToEndOfStandard };
    }
    return { state: daysToEndOfStandard <= WARN_DAYS ? "ending-soon" : "standard", entry, daysToEndOfStandard };
}

/** The newest version in standard support on a day (what a new cluster gets by default, roughly). */
export function newestSupported(calendar: SupportCalendar, today: Date): CalendarEntry | undefined {
    return calendar.entries
        .filter((e) => ["standard", "ending-soon"].includes(versionStatus(calendar, e.version, today).state))
        .sort((a, b) => Number(b.version.split(".")[1]) - Number(a.version.split(".")[1]))[0];
}

export interface PinCheck {
    problems: string[];
    warnings: string[];
}

/**
 * Checks `fhir-ha:cluster.kubernetesVersion` against a cloud's calendar. Empty (follow the cloud)
 * is always fine. `allowExtended`: the stack opted into paid extended support / LTS.
 */
export function checkPinnedVersion(calendar: SupportCalendar, version: string, today: Date, allowExtended = false): PinCheck {
    const key = "fhir-ha:cluster.kubernetesVersion";
    const out: PinCheck = { problems: [], warnings: [] };
    if (version === "") return out;
    if (!MINOR_VERSION.test(version)) {
        out.problems.push(`${key} = ${JSON.stringify(version)}: must be a minor version such as "1.34", or "" to follow the cloud's default`);
        return out;
    }
    const newest = newestSupported(calendar, today);
    const suggestion = `use "" (the cloud's default for new clusters)${newest ? ` or "${newest.version}"` : ""}`;
    const status = versionStatus(calendar, version, today);
    const asOf = `(${calendar.cloud} calendar as of ${calendar.asOf})`;
    switch (status.state) {
        case "not-in-calendar":
            out.problems.push(`${key} = "${version}": not a version ${calendar.cloud} supports ${asOf}; ${suggestion}`);
            break;
        case "not-yet-released":
            out.problems.push(`${key} = "${version}": not released on ${calendar.cloud} before ${status.entry!.released} ${asOf}; ${suggestion}`);
            break;
        case "unsupported":
            out.problems.push(`${key} = "${version}": past end of support on ${status.entry!.endOfStandard} ${asOf}; ${suggestion}`);
            break;
        case "extended":
            if (allowExtended) {
                out.warnings.push(
                    `${key} = "${version}": in extended support since ${status.entry!.endOfStandard} (until ${status.entry!.endOfExtended}); ${calendar.extendedSupportNote}`,
                );
            } else {
                out.problems.push(
                    `${key} = "${version}": left standard support on ${status.entry!.endOfStandard} ${asOf}; ${suggestion}, ` +
                        `or opt into extended support (${calendar.extendedSupportNote})`,
                );
            }
            break;
        case "ending-soon":
            out.warnings.push(
                `${key} = "${version}": leaves standard support on ${status.entry!.endOfStandard} (in ${status.daysToEndOfStandard} days); plan the upgrade`,
            );
            break;
        case "standard":
            break;
    }
    return out;
}
