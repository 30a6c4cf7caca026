import { activeClusters, objectName, objectNamespace, ofType, scheduledBackupsOf, T } from "../resources";
import { envValue } from "../probes";
import { Rule } from "../types";
import { judge, notApplicable } from "./result";

/**
 * Barman's retention policy prunes only object-store backups; snapshot Backups (and their disk
 * snapshots) pile up unless something deletes those older than the window. The database tier's
 * pruning CronJob names the ScheduledBackup it prunes (SCHEDULED_BACKUP) and its window
 * (RETENTION_DAYS).
 */
export const snapshotPruning: Rule = {
    id: "snapshot-pruning",
    item: "monthly-retention",
    severity: "mandatory",
    description: "Snapshot backups are pruned after, and not before, a 30-day window",
    check(ctx) {
        const snapshotBackups = activeClusters(ctx).flatMap((c) => scheduledBackupsOf(ctx, c).filter((b) => b.inputs?.spec?.method === "volumeSnapshot"));
        if (snapshotBackups.length === 0) return notApplicable("no snapshot ScheduledBackup to prune");
        const jobs = ofType(ctx, T.cronJob).flatMap((j) =>
            (j.inputs?.spec?.jobTemplate?.spec?.template?.spec?.containers ?? []).map((c: Record<string, any>) => ({ job: j, container: c })),
        );
        const findings = snapshotBackups.map((b) => {
            const pruner = jobs.find((j) => objectNamespace(j.job) === objectNamespace(b) && envValue(j.container, "SCHEDULED_BACKUP") === objectName(b));
            if (!pruner) return { problem: `no CronJob prunes the Backups of ScheduledBackup ${objectName(b)}`, found: "" };
            const days = Number(envValue(pruner.container, "RETENTION_DAYS"));
            const found = `CronJob ${objectName(pruner.job)} ("${pruner.job.inputs?.spec?.schedule}") deletes ${objectName(b)} snapshots older than ${days} days`;
            return { problem: !(days >= 30) ? `${found}: fewer than 30` : undefined, found };
        });
        return judge(
            findings.flatMap((f) => (f.problem ? [f.problem] : [])),
            findings.map((f) => f.found),
            "set fhir-ha:backup.retention to 30d or more (the database tier renders the pruner with it)",
        );
    },
};
