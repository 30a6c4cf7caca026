/** Plain-language facts about the rendered database tier that the plan prints for a reviewer. */
import { regionLossNote } from "../cloud/replica";
import { parseDuration } from "../config/duration";
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
    const b = config.backup;
    const regionLoss = regionLossNote(config.cloud, b.replica.region, b.walArchiveTimeout, parseDuration(b.walArchiveTimeout) ?? 0);
    if (regionLoss) notes.push(regionLoss);
    return notes;
}
