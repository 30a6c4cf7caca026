/** Object-store (full) backups of a cluster: ScheduledBackups and Backups that write a base backup. */
import { BARMAN_PLUGIN, objectName, objectNamespace, ofType, scheduledBackupsOf, T } from "./resources";
import { CheckContext, CheckedResource } from "./types";

/** Whether a (Scheduled)Backup spec writes a base backup to the object store (not a snapshot). */
export function isObjectStoreBackup(spec: Record<string, any> | undefined): boolean {
    const method = spec?.method ?? "barmanObjectStore";
    return (method === "plugin" && spec?.pluginConfiguration?.name === BARMAN_PLUGIN) || method === "barmanObjectStore";
}

export function fullScheduledBackups(ctx: CheckContext, cluster: CheckedResource): CheckedResource[] {
    return scheduledBackupsOf(ctx, cluster).filter((b) => isObjectStoreBackup(b.inputs?.spec));
}

/** One-off Backup objects of a cluster that write to the object store (e.g. a first backup at deploy). */
export function oneOffFullBackups(ctx: CheckContext, cluster: CheckedResource): CheckedResource[] {
    return ofType(ctx, T.backup).filter(
        (b) => b.inputs?.spec?.cluster?.name === objectName(cluster) && objectNamespace(b) === objectNamespace(cluster) && isObjectStoreBackup(b.inputs?.spec),
    );
}
