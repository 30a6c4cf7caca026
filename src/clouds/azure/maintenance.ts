/**
 * `fhir-ha:cluster.maintenance` on AKS: the three planned-maintenance configurations that govern
 * what otherwise runs at any hour (learn.microsoft.com/azure/aks/planned-maintenance):
 * - `aksManagedAutoUpgradeSchedule`: the cluster auto-upgrades of `fhir-ha:azure.upgradeChannel`;
 * - `aksManagedNodeOSUpgradeSchedule`: the node image upgrades of the `NodeImage` node OS channel;
 * - `default`: AKS's weekly releases, which roll "control plane components (such as API Server,
 *   ETCD) and add-ons (CoreDNS, Metrics Server)" (same page, "Schedule configuration types") —
 *   for this stack also Cilium, the disk CSI driver and the snapshot controller.
 * Each upgrade drains nodes or restarts add-ons the database depends on; all belong in the quiet window.
 *
 * AKS's weekly schedule names one day per configuration, and each configuration name exists once
 * per cluster. So: every day of the week → a daily schedule; otherwise a weekly one on the first
 * configured day (in week order) — the other days of the list are not used on AKS, which
 * docs/clouds/azure.md says. Exclusions become `notAllowedDates` (whole UTC days covering each range).
 * AKS may still break a window for urgent, critical maintenance (same page, "Considerations").
 */
import type * as containerservice from "@pulumi/azure-native/containerservice";
import type { containerservice as inputs } from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import { MaintenanceWindowConfig, parseExclusion, WEEKDAYS } from "../../cloud/maintenance";

export const AUTO_UPGRADE_SCHEDULE = "aksManagedAutoUpgradeSchedule";
export const NODE_OS_UPGRADE_SCHEDULE = "aksManagedNodeOSUpgradeSchedule";
/** AKS's name for the configuration of its weekly releases. */
export const WEEKLY_RELEASES_SCHEDULE = "default";
/** Every configuration the stack creates, each from the one window. */
export const MAINTENANCE_CONFIGURATIONS = [AUTO_UPGRADE_SCHEDULE, NODE_OS_UPGRADE_SCHEDULE, WEEKLY_RELEASES_SCHEDULE];

const capital = (day: string) => day[0].toUpperCase() + day.slice(1);

/** The day AKS's weekly schedule uses: the earliest configured day of the week. */
export function weeklyDay(days: string[]): string {
    const sorted = [...days].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
    return capital(sorted[0]);
}

/** Days of the configured list that AKS cannot use (one weekly day per configuration). */
export function unusedDays(days: string[]): string[] {
    if (new Set(days).size === WEEKDAYS.length) return [];
    const used = weeklyDay(days).toLowerCase();
    return days.filter((d) => d !== used);
}

const utcDate = (iso: string) => new Date(Date.parse(iso)).toISOString().slice(0, 10);

export function maintenanceWindowArgs(window: MaintenanceWindowConfig): inputs.MaintenanceWindowArgs {
    const everyDay = new Set(window.days).size === WEEKDAYS.length;
    const notAllowedDates = window.exclusions
        .map(parseExclusion)
        .filter((e): e is NonNullable<typeof e> => e !== undefined)
        .map((e) => ({ start: utcDate(e.start), end: utcDate(e.end) }));
    return {
        schedule: everyDay ? { daily: { intervalDays: 1 } } : { weekly: { dayOfWeek: weeklyDay(window.days), intervalWeeks: 1 } },
        durationHours: window.durationHours,
        startTime: window.startTime,
        utcOffset: "+00:00",
        notAllowedDates: notAllowedDates.length > 0 ? notAllowedDates : undefined,
    };
}

/**
 * The `default` configuration has no `maintenanceWindow`: it takes one-hour slots per weekday
 * (`timeInWeek[].hourSlots`: "0 corresponds to 00:00 UTC ... [0, 1] means the 00:00 - 02:00 UTC
 * time range") and excluded periods (`notAllowedTime`) (learn.microsoft.com/rest/api/aks/
 * maintenance-configurations/create-or-update, `TimeInWeek`; the planned-maintenance page's
 * "default" examples use the same two fields).
 * So every configured day is used, and the window becomes the whole hours inside it: a start at
 * 02:30 for 4 hours gives the slots 3, 4 and 5. Hours past midnight belong to the next day.
 */
export function weeklyReleaseSlots(window: MaintenanceWindowConfig): inputs.TimeInWeekArgs[] {
    const [hh, mm] = window.startTime.split(":").map(Number);
    const first = hh + (mm > 0 ? 1 : 0);
    const last = hh + window.durationHours - 1;
    const slots = new Map<number, Set<number>>();
    for (const day of window.days) {
        const d = WEEKDAYS.indexOf(day);
        for (let h = first; h <= last; h++) {
            const dayIndex = (d + Math.floor(h / 24)) % WEEKDAYS.length;
            slots.set(dayIndex, (slots.get(dayIndex) ?? new Set()).add(h % 24));
        }
    }
    return [...slots.entries()]
        .sort(([a], [b]) => a - b)
        .map(([d, hours]) => ({ day: capital(WEEKDAYS[d]), hourSlots: [...hours].sort((a, b) => a - b) }));
}

export function maintenanceConfigurationArgs(
    configName: string,
    resourceGroupName: pulumi.Input<string>,
    clusterName: pulumi.Input<string>,
    window: MaintenanceWindowConfig,
): containerservice.MaintenanceConfigurationArgs {
    if (configName === WEEKLY_RELEASES_SCHEDULE) {
        const notAllowedTime = window.exclusions
            .map(parseExclusion)
            .filter((e): e is NonNullable<typeof e> => e !== undefined)
            .map((e) => ({ start: e.start, end: e.end }));
        return {
            resourceGroupName,
            resourceName: clusterName,
            configName,
            timeInWeek: weeklyReleaseSlots(window),
            notAllowedTime: notAllowedTime.length > 0 ? notAllowedTime : undefined,
        };
    }
    return { resourceGroupName, resourceName: clusterName, configName, maintenanceWindow: maintenanceWindowArgs(window) };
}
