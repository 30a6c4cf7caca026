/**
 * The validated, defaulted configuration of one fhir-ha deployment (one Pulumi stack).
 *
 * These are plain interfaces with `string` where a value is one of a few words: Pulumi's
 * component schema (and so the Python, Go and .NET SDKs generated from it) has no unions or
 * literal types. Allowed values are checked at run time by `validateConfig`.
 */
import type { ApiAccessConfig } from "../cloud/api-access";
import type { MaintenanceWindowConfig } from "../cloud/maintenance";

export interface ClusterConfig {
    /**
     * Kubernetes minor version, e.g. "1.34", checked against the cloud's support calendar; ""
     * means the version the cloud gives a new cluster (src/cloud/kubernetes-versions.ts).
     * Ignored by the `kubernetes` target.
     */
    kubernetesVersion: string;
    /** Node machine type for the cloud (m6i.xlarge, e2-standard-4, Standard_D4s_v5). */
    nodeSize: string;
    /** Nodes per zone at start (and the autoscaler minimum). */
    nodesPerZone: number;
    /** Autoscaler maximum per zone. */
    maxNodesPerZone: number;
    /** Who reaches the API server (src/cloud/api-access.ts). */
    apiAccess: ApiAccessConfig;
    /** When the cloud may upgrade the cluster (src/cloud/maintenance.ts). */
    maintenance: MaintenanceWindowConfig;
}

export interface ResourceList {
    cpu: string;
    memory: string;
}

export interface FhirResources {
    requests: ResourceList;
    limits: ResourceList;
}

export interface FhirConfig {
    /** aidbox | hapi */
    engine: string;
    /** Container image, pinned to a version. Defaults per engine. */
    image: string;
    /** FHIR server pods; default max(2, zone count). */
    replicas: number;
    resources: FhirResources;
    /** clusterIP | loadBalancer | gateway */
    expose: string;
    /** Aidbox only: the public base URL of the server (BOX_WEB_BASE_URL). */
    baseUrl: string;
    /** Namespaces whose pods may call the FHIR API directly. */
    clientNamespaces: string[];
    /** Browser origins CORS allows; empty = only the origin of baseUrl. */
    corsOrigins: string[];
    /** Extra environment variables for the server container. */
    extraEnv: FhirEnvVarConfig[];
    /** Database connections per pod. */
    poolSize: number;
    /** How long a pod may take to start, a duration such as "5min". */
    startupTimeout: string;
    /** Longest a single database read may block (pgjdbc socketTimeout), a duration; default "2min". */
    dbSocketTimeout?: string;
    loadBalancer: FhirLoadBalancerConfig;
    gateway: FhirGatewayConfig;
    tls: FhirTlsConfig;
    hapi: FhirHapiConfig;
}

/** One extra environment variable: a plain `value`, or a key of a Secret in the namespace. */
export interface FhirEnvVarConfig {
    name: string;
    value?: string;
    secretName?: string;
    secretKey?: string;
}

export interface FhirLoadBalancerConfig {
    /** Client CIDRs allowed through the internal load balancer. */
    sourceRanges: string[];
}

export interface FhirGatewayConfig {
    /** GatewayClass of the cluster's Gateway API implementation. */
    className: string;
    /** Namespaces of the gateway's proxy pods. */
    sourceNamespaces: string[];
    /** Address ranges the gateway's proxies connect from. */
    sourceCidrs: string[];
    /** ExtensionRef filter on the FHIR route, `group/Kind/name` ("" = none): the implementation's authentication. */
    authFilter: string;
}

export interface FhirTlsConfig {
    /** acme | secret */
    issuer: string;
    acmeServer: string;
    acmeEmail: string;
    /** A kubernetes.io/tls Secret in the namespace, for issuer "secret". */
    secretName: string;
}

export interface FhirHapiConfig {
    /** Expose HAPI beyond the cluster although it authenticates nobody. */
    allowUnauthenticated: boolean;
}

export interface DelayedReplicaConfig {
    enabled: boolean;
    /** How far behind the primary the delayed replica applies WAL, e.g. "12h" (12h-24h per the checklist). */
    delay: string;
    instances: number;
}

export interface RestoreConfig {
    /** When true, a NEW cluster is bootstrapped from the object store and the FHIR server switches to it. */
    enabled: boolean;
    /** Name of the cluster whose archive is read; default: database.clusterName. */
    sourceCluster: string;
    /** Name of the new cluster; default: `<sourceCluster>-restore`. */
    clusterName: string;
    /** RFC 3339 timestamp to recover to; empty means the end of the archived WAL. */
    targetTime: string;
    /** How long `pulumi up` waits for the restore and the new cluster's first base backup, e.g. "12h". */
    timeout: string;
    /** PostgreSQL major of the archive generation read; the restored cluster runs it. Default: database.postgresVersion. */
    sourceMajor: number;
}

export interface DatabaseConfig {
    /** Name of the primary CNPG Cluster (also its service account and archive prefix). */
    clusterName: string;
    instances: number;
    synchronousReplicas: number;
    /** Data volume size, a Kubernetes quantity. */
    storageSize: string;
    /** Separate WAL volume size, a Kubernetes quantity. */
    walStorageSize: string;
    /** Provisioned IOPS of each volume where the disk type takes them; 0 = the type's baseline. */
    diskIops: number;
    /** Provisioned throughput (MB/s) of each volume where the disk type takes it; 0 = the type's baseline. */
    diskThroughput: number;
    /** CPU request per instance, a Kubernetes quantity. */
    cpu: string;
    /** Memory per instance (request = limit), a Kubernetes quantity. */
    memory: string;
    /** PostgreSQL major version. */
    postgresVersion: number;
    /** The major the primary cluster was created with: its archive generation keeps the cluster name (names.ts archiveGeneration). */
    createdWithMajor: number;
    /** Overrides the PostgreSQL image; default is pinned per postgresVersion. */
    image: string;
    delayedReplica: DelayedReplicaConfig;
    restore: RestoreConfig;
    /** The region pair this cluster belongs to; `cluster` empty = none. */
    standbyOf: StandbyOfConfig;
}

/**
 * One of two clusters in two regions, in CloudNativePG's distributed topology
 * (cloudnative-pg v1.30 docs/src/replica_cluster.md): every cluster of the pair names the same
 * primary; the others replay its archive as replicated into their region.
 */
export interface StandbyOfConfig {
    /** The other region's CNPG cluster; empty = this stack is not part of a region pair. */
    cluster: string;
    /** The other region's stack name; its stack file, when present, is read to refuse two primaries. */
    stack: string;
    /** The other region. */
    region: string;
    /** Base URL of the other cluster's archive as replicated into this region (read only). */
    archiveURL: string;
    /** The other cluster's archive generation (barman server name); default: cluster. */
    serverName: string;
    /** This stack's cluster is the pair's primary. */
    promoted: boolean;
    /** Planned switchover: the old primary's demotion token; empty = promote at once. */
    promotionToken: string;
    /** Created as a standby (bootstrap from the other archive); false for a former primary demoted in place. */
    createdAsStandby: boolean;
}

export interface BackupConfig {
    /** Full (base) backups: daily | weekly | monthly | 5-field cron. */
    full: string;
    /** Incremental backups (volume snapshots where the cloud has them; WAL is archived continuously). */
    incremental: string;
    /** Recovery window, e.g. "30d". */
    retention: string;
    /** PostgreSQL archive_timeout: the longest a finished WAL segment may wait before upload. */
    walArchiveTimeout: string;
    /** Write-once storage for the retention period (S3 Object Lock, GCS retention, Azure immutability). */
    immutable: boolean;
    /** A copy of the archive in a second region, kept by the cloud's replication (src/cloud/replica). */
    replica: BackupReplicaConfig;
    /** ObjectStore `wal.maxParallel`: WAL segments archived, or fetched during a restore, at once. */
    walMaxParallel: number;
    /** ObjectStore `data.jobs`: parallel upload streams of a base backup. */
    dataJobs: number;
    /** ObjectStore `wal.compression`: "none" or one of the plugin's compressions. */
    walCompression: string;
}

export interface BackupReplicaConfig {
    /** Replica region; empty = none. */
    region: string;
}

export interface AwsConfig {
    /** IAM principal (role or user ARN) granted cluster-admin through an EKS access entry. */
    adminPrincipalArn: string;
    /** Deprecated: `cluster.apiAccess.allowedCidrs` (validation maps it there). */
    publicAccessCidrs: string[];
    /** One NAT gateway for all zones (cheaper, a single point of failure: dev stacks only). */
    singleNatGateway: boolean;
    vpcCidr: string;
    /** Pay for EKS extended support (upgradePolicy.supportType EXTENDED) instead of being upgraded at the end of standard support. */
    extendedSupport: boolean;
    /** EKS cluster name; empty = derived from project, component and stack. Existing stacks set their current name. */
    clusterName: string;
    /** Add-on versions held at a reviewed value, "name=version"; the others follow EKS's default. */
    addonVersions: string[];
    /** Node groups boot from a launch template with an encrypted root volume (false: no launch template, as stacks created before it). */
    encryptNodeDisks: boolean;
}

export interface GcpConfig {
    /** RAPID | REGULAR | STABLE | EXTENDED */
    releaseChannel: string;
    /** A pinned version may stay past end of standard support (Extended channel, paid). */
    extendedSupport: boolean;
    deletionProtection: boolean;
    /** pd-balanced | pd-ssd */
    diskType: string;
    /** A dual-region location for the backup bucket, e.g. "NAM4"; empty = the stack's region. */
    bucketLocation: string;
    /** Cloud KMS key for CMEK on the bucket; empty = Google-managed keys. */
    kmsKeyName: string;
    /** The user confirms the stack's namespace is used by no other cluster of the project (Workload Identity is project-wide). */
    namespaceUniqueInProject: boolean;
    subnetCidr: string;
    podsCidr: string;
    servicesCidr: string;
    masterCidr: string;
    /** Deprecated: `cluster.apiAccess.allowedCidrs` (validation maps it there). */
    authorizedCidrs: string[];
}

export interface AzureConfig {
    /** Entra ID group object IDs that get cluster-admin through Azure RBAC. */
    adminGroupObjectIds: string[];
    /** Object ID granted cluster admin as the deployer; "" = whoever runs `pulumi up`. */
    deployerObjectId: string;
    /** ZRS | GZRS */
    storageRedundancy: string;
    /** PremiumV2_LRS | Premium_LRS: the Postgres managed-disk SKU (src/cloud/disk-performance.ts). */
    diskSku: string;
    /** patch | stable | rapid | node-image */
    upgradeChannel: string;
    /** workloadIdentity | accountKey: how the Barman Cloud plugin reaches Blob storage. */
    backupAuth: string;
    /** Subnet resource IDs of other stacks' nodes admitted to the backup account (a region pair's standby). */
    backupReaderSubnetIds: string[];
    vnetCidr: string;
    /** AKS LTS: Premium tier + AKSLongTermSupport plan (src/cloud/calendars/azure.ts). */
    extendedSupport: boolean;
    /** auto | azurecli | spn | workloadidentity | msi | azd (src/clouds/azure/kubelogin.ts). */
    kubeloginMode: string;
    /** System pool VM size, fixed at creation; "" = cluster.nodeSize. */
    systemNodeSize: string;
}

export interface KubernetesTargetConfig {
    /** kubeconfig context to deploy into; empty = the current context. */
    context: string;
    /** StorageClass for Postgres volumes; empty = the cluster default. */
    storageClass: string;
    /** VolumeSnapshotClass; empty = no snapshot backups (WAL + base backups only). */
    volumeSnapshotClass: string;
    /** S3-compatible endpoint URL, e.g. https://minio.example:9000 */
    s3Endpoint: string;
    s3Bucket: string;
    s3Region: string;
}

export interface FhirHaConfig {
    /** aws | gcp | azure | kubernetes */
    cloud: string;
    /** Namespace for the FHIR server and its database. */
    namespace: string;
    /** Number of zones (always set, also when zoneNames is given). */
    zoneCount: number;
    /** Explicit zone names; empty means the cloud picks `zoneCount` zones of the region. */
    zoneNames: string[];
    /** Region for the cloud, from the provider's own key (aws:region, gcp:region, azure-native:location). */
    region: string;
    cluster: ClusterConfig;
    fhir: FhirConfig;
    database: DatabaseConfig;
    backup: BackupConfig;
    aws: AwsConfig;
    gcp: GcpConfig;
    azure: AzureConfig;
    kubernetes: KubernetesTargetConfig;
    /** Helm chart versions and repositories, overridable for air-gapped mirrors. */
    charts: ChartsConfig;
    monitoring: MonitoringConfig;
}

export interface MonitoringConfig {
    /** install | existing | googleManaged | none */
    mode: string;
    /** Namespace Prometheus scrapes from; holds the monitors and rules (googleManaged: gmp-system). */
    namespace: string;
    /** existing: "key=value" labels the cluster's Prometheus selects monitors and rules by. */
    labels: string[];
    /** install: Grafana, with the CloudNativePG dashboard. */
    grafana: boolean;
    /** install: name of a Secret (in `namespace`) holding alertmanager.yaml; empty = the chart's default config. */
    alertmanagerConfigSecret: string;
    /** Prefix of every alert's runbook_url, ending in "/". */
    runbookBaseUrl: string;
    /** install: the kube-prometheus-stack chart. */
    chart: ChartConfig;
    /** install with Grafana: the CloudNativePG dashboard chart. */
    dashboardChart: ChartConfig;
}

export interface ChartConfig {
    repository: string;
    version: string;
}

/** An operator chart the cluster may already run. */
export interface OperatorChartConfig extends ChartConfig {
    /** false: use the operator the cluster already runs (and still wait for its webhook). */
    install: boolean;
}

export interface ChartsConfig {
    certManager: OperatorChartConfig;
    cloudnativePg: OperatorChartConfig;
    barmanCloud: ChartConfig;
}
