/**
 * `fhir-ha:gcp:Cluster`: everything the tiers need from GCP. A regional GKE cluster with private
 * nodes in its own VPC spread over the stack's zones, storage classes for Postgres, and a GCS
 * bucket that only the CNPG clusters' service accounts can reach, through Workload Identity.
 * Every GCP resource waits for the Google APIs it needs, which the program enables itself.
 */
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { auditRetentionDays } from "../../cloud/audit-retention";
import { backupPolicy } from "../../config/backup-policy";
import { createBackupAuditLogs } from "./audit-config";
import { clusterKubernetesProvider, clusterRetainedObjectsProvider } from "../../cloud/kubernetes-provider";
import { BackupStore, ClusterTarget } from "../../cloud/types";
import { CloudClusterArgs } from "../types";
import { enableApis } from "./apis";
import { archiveLocation, TURBO } from "./archive-location";
import { createBackupBucket } from "./backup-bucket";
import { createBackupIdentity, createStandbyReadGrants } from "./backup-identity";
import { standbyArchiveOf } from "../standby-archive";
import { controlPlaneSourceRange, createWebhookFirewall } from "./control-plane-firewall";
import { createGkeCluster } from "./gke-cluster";
import { apiServerAddress, gkeKubeconfig } from "./kubeconfig";
import { createNetwork } from "./network";
import { createNodeIdentity } from "./node-identity";
import { createNodePool } from "./node-pool";
import { backupBucketName, gcpName, serviceAccountId } from "./physical-names";
import { providerProject, workloadPool } from "./project";
import { createReplicationAlert } from "./replication-alert";
import { createStorageClasses } from "./storage-classes";

/** GCP labels on the cluster, nodes and bucket, for cost reports per stack. */
export function resourceLabels(stack: string): Record<string, string> {
    return { "part-of": "fhir-ha", stack: gcpName(stack, 63) };
}

/**
 * The Kubernetes provider's `clusterIdentifier`: the stack and the cluster resource's logical
 * name, a plain value, known in every preview, the same for the cluster's whole life. Its
 * endpoint (changed by `cluster.apiAccess`) and CA (rotation) may change; they update the
 * provider and never replace it. pulumi-kubernetes does not replace a provider when the identifier
 * is first added (provider.go DiffConfig: "We don't do this when adding or removing the
 * identifier"), but in that same update a change of the kubeconfig's cluster still would: so an
 * existing stack takes this version first with an unchanged `cluster.apiAccess` (docs/clouds/gcp.md).
 *
 * When the GKE cluster itself is replaced (a new, empty cluster), the provider must be replaced
 * too, so that Pulumi recreates every namespace, chart and CNPG Cluster in it instead of believing
 * they still exist. That is the provider's `replaceWith: [cluster]` (GcpCluster below),
 * not a change of this identifier: an identifier read from the cluster's outputs (its name or ID)
 * would change on every existing stack once, replacing every Kubernetes object, and could be
 * unknown in a preview of a cluster update. The Pulumi engine replaces a resource whose
 * `replaceWith` target is replaced (pulumi/pulumi pkg/resource/deploy/step_generator.go, `diff`:
 * ReplaceKeys "replaceWith", since v3.207.0, PR #20693), and every resource whose provider is
 * replaced (same file: "If the resource's provider is in the replace set, we must replace this
 * resource").
 */
export function clusterIdentifier(stack: string, name: string): string {
    return `gke/${stack}/${name}-cluster`;
}

export class GcpCluster extends pulumi.ComponentResource implements ClusterTarget {
    public readonly provider: KubernetesProvider;
    public readonly retainedObjectsProvider: KubernetesProvider;
    public readonly zones: pulumi.Output<string[]>;
    public readonly storageClassName: pulumi.Input<string>;
    public readonly volumeAttributesClassName?: pulumi.Input<string>;
    public readonly volumeSnapshotClassName?: pulumi.Input<string>;
    public readonly backupStore: BackupStore;
    public readonly clusterReady: pulumi.Resource[];
    public readonly clusterName: pulumi.Output<string>;
    public readonly kubeconfig: pulumi.Output<string>;
    public readonly backupBucket: pulumi.Output<string>;
    public readonly replicaArchiveURL: pulumi.Output<string>;
    /** GKE Dataplane V2 (gke-cluster.ts: datapathProvider ADVANCED_DATAPATH). */
    public readonly networkPolicyEnforcement = "GKE Dataplane V2";
    /** The Google service account the Barman Cloud plugin acts as. */
    public readonly backupServiceAccountEmail: pulumi.Output<string>;

    constructor(name: string, args: CloudClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // A malformed standbyOf.archiveURL fails here, before anything is registered.
        const standbyArchive = standbyArchiveOf(args.config);
        super("fhir-ha:gcp:Cluster", name, {}, opts);
        const { config } = args;
        const stack = pulumi.getStack();
        const labels = resourceLabels(stack);
        const project = providerProject({ parent: this });

        const apis = enableApis(name, project, config, this);
        const net = createNetwork(name, { region: config.region, gcp: config.gcp }, this, apis);
        const nodeIdentity = createNodeIdentity(name, project, stack, this, apis);
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
            { parent: this, dependsOn: [...apis, net.nat, nodeIdentity.role] },
        );
        const nodePool = createNodePool(
            name,
            { config, cluster: cluster.id, nodeServiceAccount: nodeIdentity.account.email, labels },
            { parent: this, dependsOn: apis },
        );
        const firewall = createWebhookFirewall(
            name,
            net.network.id,
            cluster.privateClusterConfig.apply((c) => controlPlaneSourceRange(c?.masterIpv4CidrBlock, config.gcp.subnetCidr)),
            nodeIdentity.account.email,
            this,
            apis,
        );

        const { bucket } = createBackupBucket(
            name,
            { config, bucketName: project.apply((p) => backupBucketName(p, stack, name)), project, labels },
            this,
            apis,
        );
        // Turbo replication (a dual-region of the replica region, or a predefined one) has an RPO to miss.
        if (archiveLocation(config).rpo === TURBO) createReplicationAlert(name, project, bucket.name, labels, this, apis);
        createBackupAuditLogs(
            name,
            { project, region: config.region, stack, bucketName: bucket.name, retentionDays: auditRetentionDays(backupPolicy(config.backup, config.database).retentionDays) },
            this,
            apis,
        );
        const identity = createBackupIdentity(
            name,
            { project, accountId: serviceAccountId(stack, name, "backup"), bucket: bucket.name, trusted: args.backupServiceAccounts, namespaceUniqueInProject: config.gcp.namespaceUniqueInProject },
            cluster,
            this,
            apis,
        );
        const standbyGrants = standbyArchive ? createStandbyReadGrants(name, identity.account, standbyArchive.bucket, this) : [];

        // The address follows cluster.apiAccess (kubeconfig.ts); unknown in a preview of a new
        // cluster, like every value GKE assigns. Each mode reads only the outputs it names: an
        // update of the other endpoint's settings must not make this kubeconfig unknown in a
        // preview, because pulumi-kubernetes replaces a provider whose kubeconfig is unknown
        // unless an unchanged clusterIdentifier was already set (provider.go DiffConfig).
        const address: pulumi.Output<{ endpoint: string; caCertificate?: string }> =
            config.cluster.apiAccess.mode === "dns"
                ? cluster.controlPlaneEndpointsConfig.apply((c) => apiServerAddress("dns", { ip: "", dns: c?.dnsEndpointConfig?.endpoint ?? "", caCertificate: "" }))
                : pulumi
                      .all([cluster.endpoint, cluster.masterAuth])
                      .apply(([ip, auth]) => apiServerAddress(config.cluster.apiAccess.mode, { ip, dns: "", caCertificate: auth.clusterCaCertificate }));
        this.kubeconfig = pulumi.secret(
            pulumi
                .all([project, cluster.name, address])
                .apply(([p, clusterName, a]) => gkeKubeconfig({ project: p, location: config.region, clusterName, ...a })),
        );
        // Replaced with the cluster, and only then (clusterIdentifier above).
        const providerArgs = { kubeconfig: this.kubeconfig, clusterIdentifier: clusterIdentifier(stack, name) };
        this.provider = clusterKubernetesProvider(`${name}-provider`, providerArgs, { parent: this, replaceWith: [cluster] });
        this.retainedObjectsProvider = clusterRetainedObjectsProvider(`${name}-provider`, providerArgs, { parent: this, replaceWith: [cluster] });
        const storage = createStorageClasses(name, { diskType: config.gcp.diskType, iops: config.database.diskIops, throughput: config.database.diskThroughput }, config.region, {
            parent: this,
            provider: this.provider,
            dependsOn: [nodePool],
        });

        this.zones = pulumi.output([...config.zoneNames]);
        this.storageClassName = storage.storageClass.metadata.name;
        this.volumeSnapshotClassName = storage.snapshotClass.metadata.name;
        this.volumeAttributesClassName = storage.performanceClass?.metadata.name;
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
            ...standbyGrants,
        ];
        this.clusterName = cluster.name;
        this.backupBucket = bucket.name;
        // A dual-region bucket is one bucket in both regions: the standby reads it by its name.
        this.replicaArchiveURL = config.backup.replica.region ? pulumi.interpolate`gs://${bucket.name}` : pulumi.output("");
        this.registerOutputs({
            clusterName: this.clusterName,
            zones: this.zones,
            kubeconfig: this.kubeconfig,
            backupBucket: this.backupBucket,
            replicaArchiveURL: this.replicaArchiveURL,
            backupServiceAccountEmail: this.backupServiceAccountEmail,
        });
    }
}
