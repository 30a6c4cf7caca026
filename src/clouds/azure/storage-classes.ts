/**
 * Postgres storage on AKS: managed disks through the Azure Disk CSI driver and incremental disk
 * snapshots (src/cloud/postgres-storage.ts decides the rest).
 *
 * The SKU is `fhir-ha:azure.diskSku`:
 *  - PremiumV2_LRS (default): 3,000 IOPS and 125 MB/s at any size, more provisioned through a
 *    VolumeAttributesClass (`DiskIOPSReadWrite`, `DiskMBpsReadWrite`: kubernetes-sigs/azuredisk-csi-driver
 *    docs/driver-parameters.md and deploy/example/modifyvolume). It takes only `cachingMode: None`
 *    (same doc), attaches only to zonal VMs (the pools here are zonal) and is not offered in every
 *    region (https://learn.microsoft.com/azure/virtual-machines/disks-deploy-premium-v2#regional-availability).
 *  - Premium_LRS: performance by size tier (a 20 GiB WAL disk is a P4: 120 IOPS, 25 MB/s).
 *
 * LRS, not ZRS: CloudNativePG already keeps a copy of the data in every zone (one instance per
 * zone, a synchronous standby), so a zonal disk loses nothing when its zone fails while costing
 * less and writing with lower latency than a zone-redundant one.
 */
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { createPostgresStorage, PostgresStorageClasses, PostgresStorageSpec } from "../../cloud/postgres-storage";

export const AZURE_DISK_CSI_DRIVER = "disk.csi.azure.com";

/** Incremental snapshots store only changed blocks (billed by used size); Premium SSD v2 takes only incremental ones. */
export const SNAPSHOT_CLASS = "fhir-ha-disk-incremental";

/** The StorageClass name per SKU: the v1 name is the one stacks created before diskSku existed have. */
const STORAGE_CLASS_NAMES: Record<string, string> = { Premium_LRS: "fhir-ha-premium-disk", PremiumV2_LRS: "fhir-ha-premium-v2-disk" };

/** The Postgres storage of a SKU with `iops` / `throughput` provisioned (0 = the SKU's baseline). */
export function azureDiskStorage(sku: string, iops = 0, throughput = 0): PostgresStorageSpec {
    const storageClassName = STORAGE_CLASS_NAMES[sku];
    if (!storageClassName) throw new Error(`fhir-ha:azure.diskSku = ${JSON.stringify(sku)}: one of ${Object.keys(STORAGE_CLASS_NAMES).join(" | ")}`);
    const performance = { ...(iops > 0 ? { DiskIOPSReadWrite: String(iops) } : {}), ...(throughput > 0 ? { DiskMBpsReadWrite: String(throughput) } : {}) };
    return {
        storageClassName,
        snapshotClassName: SNAPSHOT_CLASS,
        driver: AZURE_DISK_CSI_DRIVER,
        parameters: sku === "PremiumV2_LRS" ? { skuName: sku, cachingMode: "None" } : { skuName: sku },
        snapshotParameters: { incremental: "true" },
        ...(Object.keys(performance).length > 0 ? { performance } : {}),
    };
}

/** Premium SSD (v1), as stacks created before `azure.diskSku` existed have it. */
export const AZURE_DISK_STORAGE: PostgresStorageSpec = azureDiskStorage("Premium_LRS");

export function createStorageClasses(
    name: string,
    provider: KubernetesProvider,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[],
    disk: { sku: string; iops: number; throughput: number } = { sku: "PremiumV2_LRS", iops: 0, throughput: 0 },
): PostgresStorageClasses {
    return createPostgresStorage(name, azureDiskStorage(disk.sku, disk.iops, disk.throughput), { parent, provider, dependsOn });
}
