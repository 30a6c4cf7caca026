/**
 * The `kubernetes` target: an existing cluster you bring (kind, k3d, on-prem, a managed cluster
 * built elsewhere) and an S3-compatible object store (MinIO, Ceph RGW, S3 itself) reached with
 * static keys kept in Pulumi secret config.
 */
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { retainedObjectsProvider } from "../../cloud/kubernetes-provider";
import { BackupStore, ClusterTarget } from "../../cloud/types";
import { CloudClusterArgs } from "../types";
import { FhirHaConfig } from "../../config/types";
import { s3CredentialsFromSecret } from "./s3-credentials";
import { standbyArchiveOf } from "../standby-archive";

export class KubernetesCluster extends pulumi.ComponentResource implements ClusterTarget {
    public readonly provider: KubernetesProvider;
    public readonly retainedObjectsProvider: KubernetesProvider;
    public readonly zones: pulumi.Output<string[]>;
    public readonly storageClassName: pulumi.Input<string>;
    public readonly volumeSnapshotClassName?: pulumi.Input<string>;
    public readonly backupStore: BackupStore;
    public readonly clusterReady: pulumi.Resource[];
    public readonly clusterName: pulumi.Output<string>;
    public readonly backupBucket: pulumi.Output<string>;
    /** Empty: the object store is yours, and so is its copy in another site (docs/clouds/kubernetes.md). */
    public readonly replicaArchiveURL: pulumi.Output<string> = pulumi.output("");
    /** The cluster is yours: whether its CNI enforces NetworkPolicies is not visible from here. */
    public readonly networkPolicyEnforcement = "";

    constructor(name: string, args: CloudClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // The store is yours: a standby's read access to standbyOf.archiveURL is not granted here
        // (docs/clouds/kubernetes.md), but a malformed URL still fails before anything is registered.
        standbyArchiveOf(args.config);
        super("fhir-ha:kubernetes:Cluster", name, {}, opts);
        const k = args.config.kubernetes;
        // Server-side apply: field ownership is tracked, so objects created by the operators
        // (CNPG adds status and annotations) do not fight with Pulumi's.
        const providerArgs = { context: k.context || undefined, enableServerSideApply: true };
        this.provider = new KubernetesProvider(`${name}-provider`, providerArgs, { parent: this });
        this.retainedObjectsProvider = retainedObjectsProvider(`${name}-provider`, providerArgs, { parent: this });
        this.zones = pulumi.output(args.config.zoneNames);
        this.storageClassName = k.storageClass;
        this.volumeSnapshotClassName = k.volumeSnapshotClass || undefined;
        this.backupStore = s3CredentialsFromSecret({
            bucket: k.s3Bucket,
            endpoint: k.s3Endpoint,
            region: k.s3Region,
            accessKeyId: args.secrets?.s3AccessKeyId,
            secretAccessKey: args.secrets?.s3SecretAccessKey,
        });
        this.clusterReady = [];
        this.clusterName = pulumi.output(k.context || "current-context");
        this.backupBucket = pulumi.output(k.s3Bucket);
        this.registerOutputs({ clusterName: this.clusterName, backupBucket: this.backupBucket });
    }
}

/** A cluster you bring: zones are whatever its nodes are labelled with; explicit names are taken as given. */
export async function resolveZones(config: FhirHaConfig): Promise<string[]> {
    return config.zoneNames;
}

export { KubernetesCluster as Cluster };
