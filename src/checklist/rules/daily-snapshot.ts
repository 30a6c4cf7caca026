import { cnpgScheduleMaxGapHours } from "../durations";
import { activeClusters, byObjectName, objectName, ofType, scheduledBackupsOf, T } from "../resources";
import { Rule } from "../types";
import { perCluster } from "./cluster-common";

/**
 * A daily volume snapshot makes a restore start from at most a day of WAL to replay. Every
 * managed cloud target has a CSI snapshot class, so there it is mandatory; a brought cluster may
 * have none, and then it is advisory.
 */
export const dailySnapshot: Rule = {
    id: "daily-snapshot",
    item: "daily-incremental",
    severity: "mandatory",
    description: "A volume-snapshot backup of the database at least daily, where the cluster supports snapshots",
    check(ctx) {
        const managed = ["aws", "gcp", "azure"].includes(ctx.cloud);
        const classes = ofType(ctx, T.volumeSnapshotClass);
        const result = perCluster(
            activeClusters(ctx),
            "no writable CNPG Cluster in the plan",
            managed
                ? "set fhir-ha:backup.incremental to daily; the cloud target must expose its VolumeSnapshotClass"
                : "set fhir-ha:kubernetes.volumeSnapshotClass to a CSI VolumeSnapshotClass of your cluster, and fhir-ha:backup.incremental to daily",
            (c) => {
                const className = c.inputs?.spec?.backup?.volumeSnapshot?.className;
                if (!className) return { problem: "no spec.backup.volumeSnapshot.className: no snapshot backups", found: "" };
                if (managed && !byObjectName(classes, className)) return { problem: `VolumeSnapshotClass ${className} is not in the plan`, found: "" };
                const snapshots = scheduledBackupsOf(ctx, c).filter((b) => b.inputs?.spec?.method === "volumeSnapshot");
                if (snapshots.length === 0) return { problem: `snapshot class ${className} but no ScheduledBackup with method volumeSnapshot`, found: "" };
                const gaps = snapshots.map((b) => ({ name: objectName(b), schedule: b.inputs?.spec?.schedule, gap: cnpgScheduleMaxGapHours(b.inputs?.spec?.schedule) }));
                const best = gaps.filter((g) => g.gap !== undefined).sort((a, b) => (a.gap as number) - (b.gap as number))[0];
                if (!best) return { problem: `schedule of ${gaps.map((g) => `${g.name} "${g.schedule}"`).join(", ")} cannot be read (CNPG takes 6 fields, seconds first)`, found: "" };
                const found = `ScheduledBackup ${best.name} "${best.schedule}" (volumeSnapshot, class ${className}), at most ${best.gap}h apart`;
                return { problem: (best.gap as number) > 24 ? `${found}: more than a day apart` : undefined, found };
            },
        );
        // Where the plan cannot promise snapshot support, a missing snapshot is advice, not a failure.
        return !result.passed && !managed ? { ...result, severity: "advisory" } : result;
    },
};
