/**
 * Backups of a cluster the FHIR server writes to:
 * - weekly full (base) backups to the object store through the plugin, the first one as soon as
 *   the cluster exists (`immediate`): the ONE full backup a new cluster takes;
 * - daily volume snapshots where the cloud has a VolumeSnapshotClass (EBS, PD and Azure Disk
 *   snapshots are incremental at block level), pruned by the snapshot pruner;
 * - no Backup object of its own: `pulumi up` waits for that first backup with a Job that only
 *   reads (first-backup-wait.ts).
 * Pulumi registers the ScheduledBackups with `retainOnDelete`: the Backups they own own the
 * VolumeSnapshots, so deleting a ScheduledBackup would garbage-collect every snapshot it took.
 * WAL is archived continuously by the Cluster's plugin entry regardless.
 */
import * as pulumi from "@pulumi/pulumi";
import { BackupPolicy } from "../config/backup-policy";
import { BARMAN_PLUGIN, CNPG_API_VERSION } from "./constants";

export function weeklyBackupName(cluster: string): string {
    return `${cluster}-weekly-full`;
}

export function snapshotBackupName(cluster: string): string {
    return `${cluster}-daily-snapshot`;
}

/** The Cluster's `spec.backup` for snapshot backups. */
export function snapshotBackupSettings(className: pulumi.Input<string>) {
    return {
        volumeSnapshot: {
            className,
            // Online (hot) snapshots: no instance is stopped to take them.
            online: true,
            // Deleting a snapshot Backup deletes its VolumeSnapshots: that is how the pruner
            // frees the space (the default, "none", would leave them behind forever).
            snapshotOwnerReference: "backup",
        },
    };
}

interface BackupArgs {
    cluster: string;
    namespace: pulumi.Input<string>;
    policy: BackupPolicy;
}

interface WeeklyBackupArgs extends BackupArgs {
    /**
     * The archive generation (names.ts archiveGeneration) the schedule is for; default the cluster
     * name. After a major upgrade the new generation gets a new ScheduledBackup, whose `immediate`
     * backup is the new major's first base backup (CNPG: "take a new base backup as soon as
     * possible" after an upgrade, cloudnative-pg v1.30.0 docs/src/postgres_upgrades.md).
     */
    generation?: string;
    /**
     * A previous generation's schedule: suspended (CNPG skips a suspended ScheduledBackup), kept so
     * it neither runs a second weekly backup nor, deleted, takes its Backup objects with it.
     */
    suspended?: boolean;
}

export function weeklyFullBackupManifest(args: WeeklyBackupArgs) {
    return {
        apiVersion: CNPG_API_VERSION,
        kind: "ScheduledBackup",
        metadata: { name: weeklyBackupName(args.generation ?? args.cluster), namespace: args.namespace },
        spec: {
            ...(args.suspended ? { suspend: true } : {}),
            cluster: { name: args.cluster },
            // Six fields, seconds first (robfig/cron), converted from the config's five.
            schedule: args.policy.fullSchedule,
            // The new cluster's first base backup; nothing else starts one.
            immediate: true,
            method: "plugin",
            pluginConfiguration: { name: BARMAN_PLUGIN },
            // Read the data from a standby so the backup does not load the primary.
            target: "prefer-standby",
            // Backup objects go with the ScheduledBackup; the data in the bucket is governed by
            // the ObjectStore's retention policy, not by these objects.
            backupOwnerReference: "self",
        },
    };
}

export function dailySnapshotBackupManifest(args: BackupArgs) {
    return {
        apiVersion: CNPG_API_VERSION,
        kind: "ScheduledBackup",
        metadata: { name: snapshotBackupName(args.cluster), namespace: args.namespace },
        spec: {
            cluster: { name: args.cluster },
            schedule: args.policy.incrementalSchedule,
            immediate: false,
            method: "volumeSnapshot",
            target: "prefer-standby",
            // Owned by the ScheduledBackup, not the Cluster: the Cluster is retained on delete,
            // its snapshots should not be garbage-collected with a config change either.
            backupOwnerReference: "self",
        },
    };
}
