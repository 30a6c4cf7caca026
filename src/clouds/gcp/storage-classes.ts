/**
 * Storage for Postgres: zonal Persistent Disks through the PD CSI driver, bound only when the pod
 * is scheduled (WaitForFirstConsumer) so each instance's disk is created in the zone CNPG placed
 * it in, and a VolumeSnapshotClass for CNPG's volume-snapshot backups. PDs are encrypted at rest.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export const PD_CSI_DRIVER = "pd.csi.storage.gke.io";
export const SNAPSHOT_CLASS_NAME = "postgres-pd-snapshot";

export function storageClassName(diskType: string): string {
    return `postgres-${diskType}`;
}

/** Pure: the StorageClass object. */
export function storageClassSpec(diskType: string): k8s.storage.v1.StorageClassArgs {
    return {
        metadata: { name: storageClassName(diskType) },
        provisioner: PD_CSI_DRIVER,
        // Zonal disks (no regional replication): CNPG already keeps a copy per zone, a regional PD
        // would pay twice for the same redundancy and slow every write.
        parameters: { type: diskType, "replication-type": "none" },
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        // CNPG deletes a PVC only when it removes an instance for good (scale-down, or a replica it
        // rebuilds from the primary); the archive in GCS is the recovery path, not orphaned disks.
        reclaimPolicy: "Delete",
    };
}

/** Pure: the VolumeSnapshotClass object. */
export function snapshotClassSpec(): k8s.apiextensions.CustomResourceArgs {
    return {
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshotClass",
        metadata: { name: SNAPSHOT_CLASS_NAME },
        driver: PD_CSI_DRIVER,
        // CNPG's retention deletes the VolumeSnapshot objects it no longer needs; their PD snapshots go with them.
        deletionPolicy: "Delete",
    };
}

export interface StorageClasses {
    storageClass: k8s.storage.v1.StorageClass;
    snapshotClass: k8s.apiextensions.CustomResource;
}

export function createStorageClasses(name: string, diskType: string, opts: pulumi.CustomResourceOptions): StorageClasses {
    const storageClass = new k8s.storage.v1.StorageClass(`${name}-postgres-storage`, storageClassSpec(diskType), opts);
    const snapshotClass = new k8s.apiextensions.CustomResource(`${name}-postgres-snapshots`, snapshotClassSpec(), opts);
    return { storageClass, snapshotClass };
}
