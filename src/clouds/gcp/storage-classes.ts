/**
 * Postgres storage on GKE: zonal Persistent Disks through the PD CSI driver (encrypted at rest by
 * Google) and PD snapshots for the daily snapshot backups (src/cloud/postgres-storage.ts decides
 * the rest).
 */
import * as pulumi from "@pulumi/pulumi";
import { createPostgresStorage, PostgresStorageClasses, PostgresStorageSpec } from "../../cloud/postgres-storage";

export const PD_CSI_DRIVER = "pd.csi.storage.gke.io";

/**
 * `region`: where the PD snapshots are stored. Without `storage-locations` the PD CSI driver lets
 * Compute Engine pick the nearest multi-region (e.g. "eu"), which may be outside the stack's region
 * (data residency) and is not where the stack's other data lives.
 * Source: https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/volume-snapshots
 * (VolumeSnapshotClass parameter `storage-locations`) and the driver's README
 * (kubernetes-sigs/gcp-compute-persistent-disk-csi-driver, "storage-locations").
 */
export function pdStorage(diskType: string, region: string, iops = 0, throughput = 0): PostgresStorageSpec {
    // Hyperdisk Balanced takes provisioned performance through a VolumeAttributesClass with the
    // driver's `iops` and `throughput` ("<n>Mi") parameters (kubernetes-sigs/gcp-compute-persistent-disk-csi-driver,
    // docs/kubernetes/user-guides/volume-attributes-class.md); Persistent Disk types take none.
    const performance = { ...(iops > 0 ? { iops: String(iops) } : {}), ...(throughput > 0 ? { throughput: `${throughput}Mi` } : {}) };
    return {
        ...(Object.keys(performance).length > 0 ? { performance } : {}),
        storageClassName: `postgres-${diskType}`,
        snapshotClassName: "postgres-pd-snapshot",
        driver: PD_CSI_DRIVER,
        // Zonal disks (no regional replication): CNPG already keeps a copy per zone, a regional PD
        // would pay twice for the same redundancy and slow every write. Hyperdisk has no
        // replication-type parameter (it is zonal unless hyperdisk-balanced-high-availability).
        parameters: diskType.startsWith("hyperdisk-") ? { type: diskType } : { type: diskType, "replication-type": "none" },
        snapshotParameters: { "storage-locations": region },
    };
}

export function createStorageClasses(
    name: string,
    disk: { diskType: string; iops: number; throughput: number },
    region: string,
    opts: pulumi.CustomResourceOptions,
): PostgresStorageClasses {
    return createPostgresStorage(name, pdStorage(disk.diskType, region, disk.iops, disk.throughput), opts);
}
