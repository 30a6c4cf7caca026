/**
 * The storage contract every cloud hands the database tier, decided once: a StorageClass for
 * Postgres volumes (zonal block storage, encrypted, bound only when the pod is scheduled, growable,
 * kept when released) and a VolumeSnapshotClass for the daily snapshot backups. Each cloud passes
 * only what differs: the CSI driver and its parameters.
 */
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as storagev1 from "@pulumi/kubernetes/storage/v1";
import * as pulumi from "@pulumi/pulumi";

export interface PostgresStorageSpec {
    storageClassName: string;
    snapshotClassName: string;
    /** The CSI driver, e.g. ebs.csi.aws.com. */
    driver: string;
    /** Driver parameters of the StorageClass (disk type, encryption). */
    parameters: Record<string, string>;
    /** Driver parameters of the VolumeSnapshotClass, if any. */
    snapshotParameters?: Record<string, string>;
    /**
     * Provisioned performance as the driver's VolumeAttributesClass parameters, when the stack asks
     * for more than the disk type's baseline (database.diskIops / diskThroughput).
     */
    performance?: Record<string, string>;
}

/**
 * The VolumeAttributesClass name for a set of parameters: a change of performance is a new class
 * (its parameters are immutable), which CloudNativePG then moves every PVC to, in place.
 */
export function performanceClassName(performance: Record<string, string>): string {
    const parts = Object.keys(performance)
        .sort()
        .map((k) => `${k}-${performance[k]}`.toLowerCase().replace(/[^a-z0-9-]/g, "-"));
    return `fhir-ha-postgres-${parts.join("-")}`;
}

/** Pure: the VolumeAttributesClass object, or undefined at the disk type's baseline. */
export function postgresPerformanceClassArgs(spec: PostgresStorageSpec): storagev1.VolumeAttributesClassArgs | undefined {
    if (!spec.performance || Object.keys(spec.performance).length === 0) return undefined;
    return { metadata: { name: performanceClassName(spec.performance) }, driverName: spec.driver, parameters: spec.performance };
}

/** Pure: the StorageClass object. */
export function postgresStorageClassArgs(spec: PostgresStorageSpec): storagev1.StorageClassArgs {
    return {
        metadata: { name: spec.storageClassName },
        provisioner: spec.driver,
        parameters: spec.parameters,
        // Zonal disks: create each volume only once the scheduler has put its Postgres pod in a
        // zone (CNPG's one-instance-per-zone anti-affinity decides zones, not the provisioner),
        // never first and then strand the pod in a zone without its disk.
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        // A deleted claim (an accidental namespace or PVC delete) must not take the data with it.
        // The price: volumes CNPG releases for good (scale-down, a rebuilt replica) stay until an
        // operator deletes them (docs/database.md, "Released volumes").
        reclaimPolicy: "Retain",
    };
}

/** Pure: the VolumeSnapshotClass object. */
export function postgresSnapshotClassArgs(spec: PostgresStorageSpec): apiextensions.CustomResourceArgs & Record<string, unknown> {
    return {
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshotClass",
        metadata: { name: spec.snapshotClassName },
        driver: spec.driver,
        // The database tier prunes snapshot backups past the retention; their cloud snapshots go with them.
        deletionPolicy: "Delete",
        ...(spec.snapshotParameters ? { parameters: spec.snapshotParameters } : {}),
    };
}

export interface PostgresStorageClasses {
    storageClass: storagev1.StorageClass;
    snapshotClass: apiextensions.CustomResource;
    /** Provisioned performance for every Postgres volume, when the stack asks for more than the baseline. */
    performanceClass?: storagev1.VolumeAttributesClass;
}

/**
 * Creates both classes. `snapshotDependsOn` is what provides the VolumeSnapshotClass CRD (the
 * cloud's snapshot controller add-on), when that differs from what the StorageClass waits for.
 */
export function createPostgresStorage(
    name: string,
    spec: PostgresStorageSpec,
    opts: pulumi.CustomResourceOptions,
    snapshotDependsOn?: pulumi.Input<pulumi.Resource>[],
): PostgresStorageClasses {
    const performance = postgresPerformanceClassArgs(spec);
    return {
        // The API server refuses any change of a class's driverName or parameters
        // (ValidateVolumeAttributesClassUpdate); the name carries the values, and replaceOnChanges
        // says so to Pulumi too, which has no rule for this kind.
        ...(performance
            ? { performanceClass: new storagev1.VolumeAttributesClass(`${name}-postgres-performance`, performance, { ...opts, replaceOnChanges: ["driverName", "parameters"] }) }
            : {}),
        storageClass: new storagev1.StorageClass(`${name}-postgres-storage`, postgresStorageClassArgs(spec), opts),
        snapshotClass: new apiextensions.CustomResource(`${name}-postgres-snapshots`, postgresSnapshotClassArgs(spec), {
            ...opts,
            ...(snapshotDependsOn ? { dependsOn: snapshotDependsOn } : {}),
        }),
    };
}
