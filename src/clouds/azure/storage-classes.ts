/**
 * The StorageClass and VolumeSnapshotClass the database tier uses on AKS.
 *
 * Premium_LRS, not Premium_ZRS: CloudNativePG already keeps a copy of the data in every zone (one
 * instance per zone, a synchronous standby), so a zonal disk loses nothing when its zone fails
 * while costing less and writing with lower latency than a zone-redundant one. WaitForFirstConsumer
 * creates each disk in the zone the scheduler picked for its pod, so anti-affinity decides zones,
 * not the provisioner.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export const AZURE_DISK_CSI_DRIVER = "disk.csi.azure.com";
export const POSTGRES_STORAGE_CLASS = "fhir-ha-premium-disk";
export const SNAPSHOT_CLASS = "fhir-ha-disk-incremental";

export function storageClassSpec(): k8s.storage.v1.StorageClassArgs {
    return {
        metadata: { name: POSTGRES_STORAGE_CLASS },
        provisioner: AZURE_DISK_CSI_DRIVER,
        parameters: { skuName: "Premium_LRS" },
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        // Database volumes outlive an accidental PVC or namespace delete; released disks are
        // removed by hand (docs/clouds/azure.md, teardown).
        reclaimPolicy: "Retain",
    };
}

export function snapshotClassSpec(): k8s.apiextensions.CustomResourceArgs & Record<string, unknown> {
    return {
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshotClass",
        metadata: { name: SNAPSHOT_CLASS },
        driver: AZURE_DISK_CSI_DRIVER,
        deletionPolicy: "Delete",
        // Incremental snapshots store only changed blocks (billed by used size) and are
        // zone-redundant where the region allows.
        parameters: { incremental: "true" },
    };
}

export interface StorageClasses {
    storageClass: k8s.storage.v1.StorageClass;
    snapshotClass: k8s.apiextensions.CustomResource;
}

export function createStorageClasses(name: string, provider: k8s.Provider, parent: pulumi.Resource, dependsOn: pulumi.Resource[]): StorageClasses {
    const opts = { parent, provider, dependsOn };
    return {
        storageClass: new k8s.storage.v1.StorageClass(`${name}-postgres-storage`, storageClassSpec(), opts),
        snapshotClass: new k8s.apiextensions.CustomResource(`${name}-disk-snapshots`, snapshotClassSpec(), opts),
    };
}
