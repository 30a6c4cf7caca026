/** Plain-language facts about the rendered database tier that the plan prints for a reviewer. */
import { regionLossNote } from "../cloud/replica";
import { maxIntervalHours } from "../config/cron";
import { parseDuration } from "../config/duration";
import { parseQuantity } from "../config/quantity";
import { isStandby } from "../config/standby";
import { FhirHaConfig } from "../config/types";

export function databaseNotes(config: FhirHaConfig, hasSnapshotClass: boolean): string[] {
    const notes: string[] = [];
    if (!hasSnapshotClass) {
        notes.push(
            "no VolumeSnapshotClass on this target: daily incremental backups are the continuously archived WAL only " +
                "(no daily volume snapshots); weekly full backups and point-in-time recovery are unaffected" +
                (config.cloud === "kubernetes" ? " (set fhir-ha:kubernetes.volumeSnapshotClass to enable them)" : ""),
        );
    }
    if (config.database.synchronousReplicas < 1) {
        notes.push("fhir-ha:database.synchronousReplicas = 0: replication is asynchronous, a failover may lose acknowledged commits");
    }
    if (!config.database.delayedReplica.enabled) {
        notes.push("fhir-ha:database.delayedReplica.enabled = false: no delayed replica; erroneous changes are recoverable by point-in-time restore only");
    }
    if (config.database.restore.enabled) {
        const r = config.database.restore;
        notes.push(
            `restore: new cluster ${r.clusterName} from the archive of ${r.sourceCluster}` +
                (r.targetTime ? ` up to ${r.targetTime}` : " to the end of its archive") +
                `; the FHIR server uses ${r.clusterName}; ${config.database.clusterName} is left running and untouched`,
        );
    }
    notes.push(...standbyNotes(config));
    const b = config.backup;
    const regionLoss = regionLossNote(config.cloud, b.replica.region, b.walArchiveTimeout, parseDuration(b.walArchiveTimeout) ?? 0, {
        storageSize: config.database.storageSize,
        storageBytes: parseQuantity(config.database.storageSize) ?? 0,
        full: b.full,
        fullIntervalHours: maxIntervalHours(b.full),
    });
    if (regionLoss) notes.push(regionLoss);
    return notes;
}

/** What the delayed replica of a standby does: a new standby's replays the other archive; a demoted primary's waits for promotion. */
function delayedWhileStandby(config: FhirHaConfig): string {
    const db = config.database;
    if (!db.delayedReplica.enabled) return "";
    if (!db.standbyOf.createdAsStandby) return " and no delayed replica";
    return ` (its delayed replica replays ${db.standbyOf.cluster}'s archive ${db.delayedReplica.delay} late, and is replaced by one of its own archive at promotion)`;
}

/** What a region pair's stack is now and, for a standby, the one command that promotes it. */
function standbyNotes(config: FhirHaConfig): string[] {
    const s = config.database.standbyOf;
    if (!s.cluster) return [];
    if (!isStandby(config)) {
        return [
            `region pair: ${config.database.clusterName} is the primary of the pair with ${s.cluster} in ${s.region}` +
                (s.promotionToken ? " (promoted with a demotion token: a planned switchover)" : " (promoted without a demotion token: an emergency promotion)") +
                "; docs/runbooks/region-loss.md",
        ];
    }
    return [
        `standby: ${config.database.clusterName} is a standby of ${s.cluster} in ${s.region}, replaying ${s.archiveURL} (read only); ` +
            `FHIR at 0 replicas, no scheduled backups${delayedWhileStandby(config)} until promoted; ` +
            "promote with: pulumi config set --path fhir-ha:database.standbyOf.promoted true (docs/runbooks/region-loss.md)",
    ];
}
