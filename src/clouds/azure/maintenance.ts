/**
 * `fhir-ha:cluster.maintenance` on AKS: the two planned-maintenance configurations that govern
 * what otherwise runs at any hour (learn.microsoft.com/azure/aks/planned-maintenance):
 * - `aksManagedAutoUpgradeSchedule`: the cluster auto-upgrades of `fhir-ha:azure.upgradeChannel`;
 * - `aksManagedNodeOSUpgradeSchedule`: the node image upgrades of the `NodeImage` node OS channel.
 * Each upgrade drains nodes and so moves Postgres primaries; both belong in the quiet window.
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

export function maintenanceConfigurationArgs(
    configName: string,
    resourceGroupName: pulumi.Input<string>,
    clusterName: pulumi.Input<string>,
    window: MaintenanceWindowConfig,
): containerservice.MaintenanceConfigurationArgs {
    return { resourceGroupName, resourceName: clusterName, configName, maintenanceWindow: maintenanceWindowArgs(window) };
}
