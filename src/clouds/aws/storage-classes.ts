/**
 * The storage the database tier uses: an encrypted gp3 StorageClass bound where the pod lands,
 * and an EBS VolumeSnapshotClass for the daily snapshot backups.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export const EBS_CSI_DRIVER = "ebs.csi.aws.com";
export const STORAGE_CLASS_NAME = "fhir-ha-gp3";
export const SNAPSHOT_CLASS_NAME = "fhir-ha-ebs-snapshots";

export function storageClassSpec() {
    return {
        metadata: { name: STORAGE_CLASS_NAME },
        provisioner: EBS_CSI_DRIVER,
        parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
        // EBS volumes are zonal: create the volume only once the scheduler has put the Postgres
        // pod in a zone, never first and then strand the pod in a zone without its disk.
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        // CNPG deletes a PVC only when it drops an instance for good (scale-down, rebuild of a
        // broken replica); Retain would leave such volumes billed and unused. Data safety comes
        // from replicas and the object-store backups, not from orphaned volumes.
        reclaimPolicy: "Delete",
    };
}

export function snapshotClassSpec() {
    return {
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshotClass",
        metadata: { name: SNAPSHOT_CLASS_NAME },
        driver: EBS_CSI_DRIVER,
        // The database tier prunes snapshot backups past the retention; Delete frees the EBS snapshot with them.
        deletionPolicy: "Delete",
    };
}

export interface StorageClasses {
    storageClass: k8s.storage.v1.StorageClass;
    snapshotClass: k8s.apiextensions.CustomResource;
}

export function createStorageClasses(
    name: string,
    provider: k8s.Provider,
    dependsOn: { driver: pulumi.Resource[]; snapshots: pulumi.Resource[] },
    parent: pulumi.Resource,
): StorageClasses {
    const storageClass = new k8s.storage.v1.StorageClass(`${name}-gp3`, storageClassSpec(), {
        parent,
        provider,
        dependsOn: dependsOn.driver,
    });
    // The VolumeSnapshotClass CRD comes with the snapshot-controller add-on.
    const snapshotClass = new k8s.apiextensions.CustomResource(`${name}-ebs-snapshots`, snapshotClassSpec(), {
        parent,
        provider,
        dependsOn: dependsOn.snapshots,
    });
    return { storageClass, snapshotClass };
}
