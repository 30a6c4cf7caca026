/**
 * Postgres storage on GKE: zonal Persistent Disks through the PD CSI driver (encrypted at rest by
 * Google) and PD snapshots for the daily snapshot backups (src/cloud/postgres-storage.ts decides
 * the rest).
 */
import * as pulumi from "@pulumi/pulumi";
import { createPostgresStorage, PostgresStorageClasses, PostgresStorageSpec } from "../../cloud/postgres-storage";

export const PD_CSI_DRIVER = "pd.csi.storage.gke.io";

export function pdStorage(diskType: string): PostgresStorageSpec {
    return {
        storageClassName: `postgres-${diskType}`,
        snapshotClassName: "postgres-pd-snapshot",
        driver: PD_CSI_DRIVER,
        // Zonal disks (no regional replication): CNPG already keeps a copy per zone, a regional PD
        // would pay twice for the same redundancy and slow every write.
        parameters: { type: diskType, "replication-type": "none" },
    };
}

export function createStorageClasses(name: string, diskType: string, opts: pulumi.CustomResourceOptions): PostgresStorageClasses {
    return createPostgresStorage(name, pdStorage(diskType), opts);
}
