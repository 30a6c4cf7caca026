/**
 * Postgres storage on AKS: Premium SSD managed disks through the Azure Disk CSI driver and
 * incremental disk snapshots (src/cloud/postgres-storage.ts decides the rest).
 *
 * Premium_LRS, not Premium_ZRS: CloudNativePG already keeps a copy of the data in every zone (one
 * instance per zone, a synchronous standby), so a zonal disk loses nothing when its zone fails
 * while costing less and writing with lower latency than a zone-redundant one.
 */
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { createPostgresStorage, PostgresStorageClasses, PostgresStorageSpec } from "../../cloud/postgres-storage";

export const AZURE_DISK_CSI_DRIVER = "disk.csi.azure.com";

export const AZURE_DISK_STORAGE: PostgresStorageSpec = {
    storageClassName: "fhir-ha-premium-disk",
    snapshotClassName: "fhir-ha-disk-incremental",
    driver: AZURE_DISK_CSI_DRIVER,
    parameters: { skuName: "Premium_LRS" },
    // Incremental snapshots store only changed blocks (billed by used size) and are zone-redundant
    // where the region allows.
    snapshotParameters: { incremental: "true" },
};

export const POSTGRES_STORAGE_CLASS = AZURE_DISK_STORAGE.storageClassName;
export const SNAPSHOT_CLASS = AZURE_DISK_STORAGE.snapshotClassName;

export function createStorageClasses(name: string, provider: KubernetesProvider, parent: pulumi.Resource, dependsOn: pulumi.Resource[]): PostgresStorageClasses {
    return createPostgresStorage(name, AZURE_DISK_STORAGE, { parent, provider, dependsOn });
}
