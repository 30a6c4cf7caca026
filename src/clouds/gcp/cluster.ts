/**
 * `fhir-ha:gcp:Cluster`: everything the tiers need from GCP. A private, regional GKE cluster in
 * its own VPC spread over the stack's zones, storage classes for Postgres, and a GCS bucket that
 * only the CNPG clusters' service accounts can reach, through Workload Identity.
 */
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { BackupStore, CloudClusterArgs, ClusterTarget } from "../../cloud/types";
import { createBackupBucket } from "./backup-bucket";
import { createBackupIdentity } from "./backup-identity";
import { createWebhookFirewall } from "./control-plane-firewall";
import { createGkeCluster } from "./gke-cluster";
import { gkeKubeconfig } from "./kubeconfig";
import { createNetwork } from "./network";
import { createNodeIdentity } from "./node-identity";
import { createNodePool } from "./node-pool";
import { backupBucketName, gcpName, serviceAccountId } from "./physical-names";
import { providerProject, workloadPool } from "./project";
import { createStorageClasses } from "./storage-classes";

/** GCP labels on the cluster, nodes and bucket, for cost reports per stack. */
export function resourceLabels(stack: string): Record<string, string> {
    return { "part-of": "fhir-ha", stack: gcpName(stack, 63) };
}

export class GcpCluster extends pulumi.ComponentResource implements ClusterTarget {
    public readonly provider: KubernetesProvider;
    public readonly zones: pulumi.Output<string[]>;
    public readonly storageClassName: pulumi.Input<string>;
    public readonly volumeSnapshotClassName?: pulumi.Input<string>;
    public readonly backupStore: BackupStore;
    public readonly clusterReady: pulumi.Resource[];
    public readonly clusterName: pulumi.Output<string>;
    public readonly kubeconfig: pulumi.Output<string>;
    public readonly backupBucket: pulumi.Output<string>;
    /** GKE Dataplane V2 (gke-cluster.ts: datapathProvider ADVANCED_DATAPATH). */
    public readonly networkPolicyEnforcement = "GKE Dataplane V2";
    /** The Google service account the Barman Cloud plugin acts as. */
    public readonly backupServiceAccountEmail: pulumi.Output<string>;

    constructor(name: string, args: CloudClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fhir-ha:gcp:Cluster", name, {}, opts);
        const { config } = args;
        const stack = pulumi.getStack();
        const labels = resourceLabels(stack);
        const project = providerProject({ parent: this });

        const net = createNetwork(name, { region: config.region, gcp: config.gcp }, this);
        const nodeIdentity = createNodeIdentity(name, project, stack, this);
        const cluster = createGkeCluster(
            name,
            {
                config,
                network: net.network.id,
                subnetwork: net.subnetwork.id,
                workloadPool: project.apply(workloadPool),
                nodeServiceAccount: nodeIdentity.account.email,
                labels,
            },
            // Private nodes need NAT from their first boot, and the node account its role, or they never register.
            { parent: this, dependsOn: [net.nat, nodeIdentity.role] },
        );
        const nodePool = createNodePool(
            name,
            { config, cluster: cluster.id, nodeServiceAccount: nodeIdentity.account.email, labels },
            { parent: this },
        );
        const firewall = createWebhookFirewall(name, net.network.id, config.gcp.masterCidr, nodeIdentity.account.email, this);

        const { bucket } = createBackupBucket(
            name,
            { config, bucketName: project.apply((p) => backupBucketName(p, stack, name)), project, labels },
            this,
        );
        const identity = createBackupIdentity(
            name,
            { project, accountId: serviceAccountId(stack, name, "backup"), bucket: bucket.name, trusted: args.backupServiceAccounts },
            cluster,
            this,
        );

        this.kubeconfig = pulumi.secret(
            pulumi
                .all([project, cluster.name, cluster.endpoint, cluster.masterAuth])
                .apply(([p, clusterName, endpoint, auth]) =>
                    gkeKubeconfig({ project: p, location: config.region, clusterName, endpoint, caCertificate: auth.clusterCaCertificate }),
                ),
        );
        this.provider = new KubernetesProvider(`${name}-provider`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this });
        const storage = createStorageClasses(name, config.gcp.diskType, { parent: this, provider: this.provider, dependsOn: [nodePool] });

        this.zones = pulumi.output([...config.zoneNames]);
        this.storageClassName = storage.storageClass.metadata.name;
        this.volumeSnapshotClassName = storage.snapshotClass.metadata.name;
        this.backupServiceAccountEmail = identity.account.email;
        this.backupStore = {
            kind: "gcs",
            destinationPath: pulumi.interpolate`gs://${bucket.name}`,
            credentials: { googleCredentials: { gkeEnvironment: true } },
            serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": identity.account.email },
            podLabels: {},
        };
        // The database must not start archiving before its identity can reach the bucket.
        this.clusterReady = [
            nodePool,
            firewall,
            storage.storageClass,
            storage.snapshotClass,
            ...identity.bucketGrants,
            ...identity.workloadIdentityGrants,
        ];
        this.clusterName = cluster.name;
        this.backupBucket = bucket.name;
        this.registerOutputs({
            clusterName: this.clusterName,
            zones: this.zones,
            kubeconfig: this.kubeconfig,
            backupBucket: this.backupBucket,
            backupServiceAccountEmail: this.backupServiceAccountEmail,
        });
    }
}
