/**
 * The small interface between a cloud and the tiers. Each cloud (aws, gcp, azure, and
 * `kubernetes` for a cluster you bring) builds a component that satisfies `ClusterTarget`; the
 * database and FHIR tiers consume only this and `@pulumi/kubernetes`, never a cloud SDK.
 */
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";

/**
 * Where backups go and how the Barman Cloud plugin authenticates there. The database tier turns
 * this into `ObjectStore.spec.configuration` and the Cluster's service account/pod metadata.
 */
export interface BackupStore {
    /** Kind of store: "s3" | "gcs" | "azure" (informational; the credentials say how to talk to it). */
    kind: string;
    /** Base URL of the bucket or container, with no trailing slash: s3://bucket, gs://bucket, https://acct.blob.core.windows.net/container. */
    destinationPath: pulumi.Input<string>;
    /** S3-compatible endpoint for stores that are not AWS S3 (MinIO, Ceph); undefined for the clouds' own stores. */
    endpointURL?: pulumi.Input<string>;
    /**
     * The credentials block of the plugin's `barmanObjectStore` configuration, exactly one of
     * `{ s3Credentials }`, `{ googleCredentials }` or `{ azureCredentials }`. Secret references
     * in it name `credentialsSecret` below.
     */
    credentials: Record<string, pulumi.Input<any>>;
    /** A Secret the database tier must create in its namespace for static keys (kubernetes target, Azure account key). */
    credentialsSecret?: { name: string; stringData: Record<string, pulumi.Input<string>> };
    /** Annotations for the CNPG Cluster's service account (IRSA role ARN, GKE service account, Azure client id). */
    serviceAccountAnnotations: Record<string, pulumi.Input<string>>;
    /** Labels the Postgres pods must carry (Azure Workload Identity). */
    podLabels: Record<string, string>;
}

/** What a cloud hands to the tiers. */
export interface ClusterTarget {
    /** Provider for every Kubernetes object of the tiers. */
    provider: KubernetesProvider;
    /**
     * Provider for the objects the tiers register with `retainOnDelete` only: the same cluster and
     * settings plus `upsertExistingObjects`, so rendering a retained object again adopts it
     * instead of failing with AlreadyExists (src/cloud/kubernetes-provider.ts).
     */
    retainedObjectsProvider: KubernetesProvider;
    /** The zones nodes run in, as they appear in `topology.kubernetes.io/zone`. */
    zones: pulumi.Output<string[]>;
    /** StorageClass for Postgres volumes: zonal block storage, encrypted, WaitForFirstConsumer. */
    storageClassName: pulumi.Input<string>;
    /** VolumeSnapshotClass for incremental snapshot backups; undefined when the cluster has none. */
    volumeSnapshotClassName?: pulumi.Input<string>;
    /**
     * VolumeAttributesClass with the provisioned IOPS / throughput of every Postgres volume;
     * undefined at the disk type's baseline (src/cloud/disk-performance.ts).
     */
    volumeAttributesClassName?: pulumi.Input<string>;
    backupStore: BackupStore;
    /** Resources the in-cluster objects must wait for (node groups, storage classes, add-ons). */
    clusterReady: pulumi.Resource[];
    /** Name of the Kubernetes cluster (informational output). */
    clusterName: pulumi.Output<string>;
    /** Kubeconfig, as a secret; undefined for the kubernetes target (it uses yours). */
    kubeconfig?: pulumi.Output<string>;
    /** Bucket, or storage account/container, holding backups. */
    backupBucket: pulumi.Output<string>;
    /**
     * Where a standby in `backup.replica.region` reads this stack's archive, i.e. the value of its
     * `database.standbyOf.archiveURL` (src/cloud/standby-archive.ts parses it): the replica bucket
     * (aws), the dual-region bucket (gcp), the RA-GZRS secondary endpoint's container (azure).
     * Empty without a replica region, and on the kubernetes target (the store is yours).
     */
    replicaArchiveURL: pulumi.Output<string>;
    /**
     * What enforces NetworkPolicies in this cluster (the database tier relies on one), e.g.
     * "GKE Dataplane V2"; "" when the target cannot know (a cluster you bring). The checklist's
     * `database-network-policy` rule reads the same evidence from the plan
     * (src/checklist/network-policy-enforcement.ts).
     */
    networkPolicyEnforcement: string;
}

/** Secret config the clouds and tiers may need. Values are Pulumi secrets, never plain text. */
export interface ConfigSecrets {
    aidboxLicense?: pulumi.Input<string>;
    s3AccessKeyId?: pulumi.Input<string>;
    s3SecretAccessKey?: pulumi.Input<string>;
}
