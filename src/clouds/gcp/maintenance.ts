/**
 * `fhir-ha:cluster.maintenance` on GKE: a recurring maintenance window (RFC 5545 weekly rule)
 * and "no upgrades" exclusions. Without a window GKE upgrades control plane and nodes at any
 * hour, and every node upgrade drains nodes and so switches Postgres primaries over.
 *
 * GKE's rules, checked here before deploy (source:
 * https://cloud.google.com/kubernetes-engine/docs/concepts/maintenance-windows-and-exclusions):
 * - the window must allow at least 48 hours of maintenance in any rolling 32 days, counting only
 *   stretches of at least 4 hours (https://cloud.google.com/kubernetes-engine/docs/how-to/maintenance-window);
 *   checked on the worst 32-day span, not an average (`hoursPer32Days`, src/cloud/maintenance.ts):
 *   one weekly 11-hour window averages 50 h but any 32 days hold only 4 of them, 44 h;
 * - a "no upgrades" exclusion lasts at most 30 days, and at most three of them may be set
 *   (a cluster holds at most 20 exclusions in all).
 *
 * The window's first day is a fixed date in the past: GKE reads only its time of day and
 * duration (the recurrence picks the days), and a date taken from the clock would change the
 * input on every run.
 */
import * as container from "@pulumi/gcp/container";
import { hoursPer32Days, MaintenanceWindowConfig, parseExclusion } from "../../cloud/maintenance";

export const MIN_HOURS_PER_32_DAYS = 48;
export const MAX_NO_UPGRADE_DAYS = 30;
export const MAX_NO_UPGRADE_EXCLUSIONS = 3;

/** A Saturday; any past date works, it must only stay the same. */
const WINDOW_ANCHOR = "2024-01-06";

const RRULE_DAYS: Record<string, string> = {
    monday: "MO",
    tuesday: "TU",
    wednesday: "WE",
    thursday: "TH",
    friday: "FR",
    saturday: "SA",
    sunday: "SU",
};

/** Pure: the cluster's maintenancePolicy. */
export function gkeMaintenancePolicy(window: MaintenanceWindowConfig): container.ClusterArgs["maintenancePolicy"] {
    const start = new Date(`${WINDOW_ANCHOR}T${window.startTime}:00Z`);
    const end = new Date(start.getTime() + window.durationHours * 3_600_000);
    const zulu = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
    return {
        recurringWindow: {
            startTime: zulu(start),
            endTime: zulu(end),
            recurrence: `FREQ=WEEKLY;BYDAY=${window.days.map((d) => RRULE_DAYS[d]).join(",")}`,
        },
        maintenanceExclusions: window.exclusions.map((text, i) => {
            const e = parseExclusion(text)!;
            return {
                exclusionName: `fhir-ha-freeze-${i + 1}`,
                startTime: zulu(new Date(e.start)),
                endTime: zulu(new Date(e.end)),
                exclusionOptions: { scope: "NO_UPGRADES" },
            };
        }),
    };
}

/** GKE's limits on the window and exclusions, as problems naming the keys. */
export function gkeMaintenanceProblems(window: MaintenanceWindowConfig): string[] {
    const key = (k: string) => `fhir-ha:cluster.maintenance.${k}`;
    const problems: string[] = [];
    const hours = hoursPer32Days(window);
    if (window.days.length > 0 && hours < MIN_HOURS_PER_32_DAYS) {
        const enough = [...Array(25).keys()].find((h) => h >= window.durationHours && hoursPer32Days({ ...window, durationHours: h }) >= MIN_HOURS_PER_32_DAYS);
        problems.push(
            `${key("days")} / ${key("durationHours")}: ${window.days.join(", ")} for ${window.durationHours} h from ${window.startTime} UTC leave ` +
                `only ${+hours.toFixed(2)} h of window in the worst 32 days; GKE needs at least ${MIN_HOURS_PER_32_DAYS} h in any rolling 32 days ` +
                `(in stretches of at least 4 h) and refuses the cluster otherwise: ` +
                (enough !== undefined ? `set durationHours to at least ${enough} or add days` : "add days"),
        );
    }
    const parsed = window.exclusions.map(parseExclusion).filter((e) => e !== undefined);
    for (const e of parsed) {
        const days = (Date.parse(e.end) - Date.parse(e.start)) / 86_400_000;
        if (days > MAX_NO_UPGRADE_DAYS) {
            problems.push(`${key("exclusions")}: "${e.start}/${e.end}" lasts ${days.toFixed(1)} days; a GKE "no upgrades" exclusion lasts at most ${MAX_NO_UPGRADE_DAYS}`);
        }
    }
    if (parsed.length > MAX_NO_UPGRADE_EXCLUSIONS) {
        problems.push(`${key("exclusions")}: ${parsed.length} ranges; GKE allows at most ${MAX_NO_UPGRADE_EXCLUSIONS} "no upgrades" exclusions`);
    }
    return problems;
}
