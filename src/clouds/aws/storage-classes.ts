/**
 * Postgres storage on EKS: encrypted gp3 volumes through the EBS CSI driver, and EBS snapshots
 * for the daily snapshot backups (src/cloud/postgres-storage.ts decides the rest). gp3 gives
 * 3,000 IOPS and 125 MiB/s at any size; more is provisioned through a VolumeAttributesClass with
 * the driver's `iops` and `throughput` (MiB/s) parameters (kubernetes-sigs/aws-ebs-csi-driver
 * docs/modify-volume.md), which the driver applies to bound volumes with EC2 ModifyVolume.
 */
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { createPostgresStorage, PostgresStorageClasses, PostgresStorageSpec } from "../../cloud/postgres-storage";

export const EBS_CSI_DRIVER = "ebs.csi.aws.com";

export const EBS_STORAGE: PostgresStorageSpec = {
    storageClassName: "fhir-ha-gp3",
    snapshotClassName: "fhir-ha-ebs-snapshots",
    driver: EBS_CSI_DRIVER,
    parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
};

/** The gp3 storage with `iops` / `throughput` provisioned (0 = gp3's baseline). */
export function ebsStorage(iops: number, throughput: number): PostgresStorageSpec {
    const performance = { ...(iops > 0 ? { iops: String(iops) } : {}), ...(throughput > 0 ? { throughput: String(throughput) } : {}) };
    return Object.keys(performance).length > 0 ? { ...EBS_STORAGE, performance } : EBS_STORAGE;
}

/** The StorageClass waits for the EBS CSI add-on; the VolumeSnapshotClass for the snapshot controller, which brings its CRD. */
export function createStorageClasses(
    name: string,
    provider: KubernetesProvider,
    dependsOn: { driver: pulumi.Resource[]; snapshots: pulumi.Resource[] },
    parent: pulumi.Resource,
    performance: { iops: number; throughput: number } = { iops: 0, throughput: 0 },
): PostgresStorageClasses {
    return createPostgresStorage(name, ebsStorage(performance.iops, performance.throughput), { parent, provider, dependsOn: dependsOn.driver }, dependsOn.snapshots);
}
