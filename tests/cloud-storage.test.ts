/**
 * The storage contract every cloud hands the database tier (src/cloud/postgres-storage.ts), for
 * each cloud's driver settings.
 */
import { describe, expect, it } from "vitest";
import { postgresSnapshotClassArgs, postgresStorageClassArgs } from "../src/cloud/postgres-storage";
import { EBS_STORAGE } from "../src/clouds/aws/storage-classes";
import { AZURE_DISK_STORAGE } from "../src/clouds/azure/storage-classes";
import { pdStorage } from "../src/clouds/gcp/storage-classes";

describe.each([
    ["aws", EBS_STORAGE, "ebs.csi.aws.com"],
    ["gcp", pdStorage("pd-ssd", "europe-west4"), "pd.csi.storage.gke.io"],
    ["azure", AZURE_DISK_STORAGE, "disk.csi.azure.com"],
])("%s Postgres storage", (_cloud, spec, driver) => {
    it("binds zonal disks where the pod lands, grows them, and keeps them when the claim goes", () => {
        expect(postgresStorageClassArgs(spec)).toEqual({
            metadata: { name: spec.storageClassName },
            provisioner: driver,
            parameters: spec.parameters,
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
            reclaimPolicy: "Retain",
        });
    });

    it("snapshots through the same driver, deleting cloud snapshots with their pruned backups", () => {
        const vsc = postgresSnapshotClassArgs(spec);
        expect(vsc).toMatchObject({ apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshotClass", driver, deletionPolicy: "Delete" });
        expect(vsc.metadata).toEqual({ name: spec.snapshotClassName });
    });
});

describe("driver parameters", () => {
    it("encrypts EBS volumes, keeps PDs zonal, uses Premium SSD and incremental snapshots on Azure", () => {
        expect(EBS_STORAGE.parameters).toMatchObject({ type: "gp3", encrypted: "true" });
        expect(pdStorage("pd-balanced", "europe-west4")).toMatchObject({ storageClassName: "postgres-pd-balanced", parameters: { type: "pd-balanced", "replication-type": "none" } });
        expect(AZURE_DISK_STORAGE.parameters).toEqual({ skuName: "Premium_LRS" });
        expect(postgresSnapshotClassArgs(AZURE_DISK_STORAGE).parameters).toEqual({ incremental: "true" });
        expect(postgresSnapshotClassArgs(EBS_STORAGE).parameters).toBeUndefined();
    });
});
