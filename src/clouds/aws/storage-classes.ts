/**
 * Postgres storage on EKS: encrypted gp3 volumes through the EBS CSI driver, and EBS snapshots
 * for the daily snapshot backups (src/cloud/postgres-storage.ts decides the rest).
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

/** The StorageClass waits for the EBS CSI add-on; the VolumeSnapshotClass for the snapshot controller, which brings its CRD. */
export function createStorageClasses(
    name: string,
    provider: KubernetesProvider,
    dependsOn: { driver: pulumi.Resource[]; snapshots: pulumi.Resource[] },
    parent: pulumi.Resource,
): PostgresStorageClasses {
    return createPostgresStorage(name, EBS_STORAGE, { parent, provider, dependsOn: dependsOn.driver }, dependsOn.snapshots);
}
