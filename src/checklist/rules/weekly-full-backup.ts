import { fullScheduledBackups } from "../backups";
import { cnpgScheduleMaxGapHours } from "../durations";
import { activeClusters, objectName } from "../resources";
import { Rule } from "../types";
import { perCluster } from "./cluster-common";

const WEEK_HOURS = 7 * 24;

/** A full backup at least weekly bounds recovery to one base backup plus at most a week of WAL. */
export const weeklyFullBackup: Rule = {
    id: "weekly-full-backup",
    item: "weekly-full",
    severity: "mandatory",
    description: "A ScheduledBackup to the object store at most 7 days apart",
    check: (ctx) =>
        perCluster(activeClusters(ctx), "no writable CNPG Cluster in the plan", "set fhir-ha:backup.full to weekly (or daily, or a cron at least weekly)", (c) => {
            const backups = fullScheduledBackups(ctx, c).map((b) => ({ name: objectName(b), schedule: b.inputs?.spec?.schedule, gap: cnpgScheduleMaxGapHours(b.inputs?.spec?.schedule) }));
            if (backups.length === 0) return { problem: "no ScheduledBackup to the object store", found: "" };
            const best = backups.filter((b) => b.gap !== undefined).sort((a, b) => (a.gap as number) - (b.gap as number))[0];
            if (!best) return { problem: `schedule of ${backups.map((b) => `${b.name} "${b.schedule}"`).join(", ")} cannot be read (CNPG takes 6 fields, seconds first)`, found: "" };
            const found = `ScheduledBackup ${best.name} "${best.schedule}", at most ${best.gap}h (${Math.round(((best.gap as number) / 24) * 10) / 10} days) apart`;
            return { problem: (best.gap as number) > WEEK_HOURS ? `${found}: more than 7 days apart` : undefined, found };
        }),
};
