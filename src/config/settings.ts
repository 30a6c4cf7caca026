/**
 * The input shape of a deployment's settings: the `fhir-ha:` stack config as component
 * arguments, every key optional (defaults fill the rest). A validated `FhirHaConfig` is also a
 * valid `FhirPlatformSettings`, so validating twice is harmless.
 *
 * Plain interfaces only (no unions, literals or intersections) so that Pulumi's component schema,
 * and the Python/Go/.NET SDKs generated from it, can express them.
 */

export interface ApiAccessSettings {
    /** public | private | dns (gcp) */
    mode?: string;
    allowedCidrs?: string[];
    allowAnyAddress?: boolean;
}

export interface MaintenanceSettings {
    /** Weekdays, lowercase English names. */
    days?: string[];
    /** "HH:MM" UTC. */
    startTime?: string;
    durationHours?: number;
    /** "START/END" RFC 3339 ranges. */
    exclusions?: string[];
}

export interface ClusterSettings {
    kubernetesVersion?: string;
    nodeSize?: string;
    nodesPerZone?: number;
    maxNodesPerZone?: number;
    apiAccess?: ApiAccessSettings;
    maintenance?: MaintenanceSettings;
}

export interface ResourceListSettings {
    cpu?: string;
    memory?: string;
}

export interface FhirResourcesSettings {
    requests?: ResourceListSettings;
    limits?: ResourceListSettings;
}

export interface FhirSettings {
    /** aidbox | hapi */
    engine?: string;
    image?: string;
    replicas?: number;
    resources?: FhirResourcesSettings;
    /** clusterIP | loadBalancer | gateway */
    expose?: string;
    baseUrl?: string;
    clientNamespaces?: string[];
    corsOrigins?: string[];
    extraEnv?: FhirEnvVarSettings[];
    poolSize?: number;
    startupTimeout?: string;
    dbSocketTimeout?: string;
    loadBalancer?: FhirLoadBalancerSettings;
    gateway?: FhirGatewaySettings;
    tls?: FhirTlsSettings;
    hapi?: FhirHapiSettings;
}

export interface FhirLoadBalancerSettings {
    sourceRanges?: string[];
}

export interface FhirGatewaySettings {
    className?: string;
    sourceNamespaces?: string[];
    sourceCidrs?: string[];
    authFilter?: string;
}

export interface FhirTlsSettings {
    /** acme | secret */
    issuer?: string;
    acmeServer?: string;
    acmeEmail?: string;
    secretName?: string;
}

export interface FhirHapiSettings {
    allowUnauthenticated?: boolean;
}

export interface FhirEnvVarSettings {
    name: string;
    value?: string;
    secretName?: string;
    secretKey?: string;
}

export interface DelayedReplicaSettings {
    enabled?: boolean;
    delay?: string;
    instances?: number;
}

export interface RestoreSettings {
    enabled?: boolean;
    sourceCluster?: string;
    clusterName?: string;
    targetTime?: string;
}

export interface DatabaseSettings {
    clusterName?: string;
    instances?: number;
    synchronousReplicas?: number;
    storageSize?: string;
    walStorageSize?: string;
    cpu?: string;
    memory?: string;
    postgresVersion?: number;
    image?: string;
    delayedReplica?: DelayedReplicaSettings;
    restore?: RestoreSettings;
    standbyOf?: StandbyOfSettings;
}

export interface StandbyOfSettings {
    cluster?: string;
    stack?: string;
    region?: string;
    archiveURL?: string;
    serverName?: string;
    promoted?: boolean;
    promotionToken?: string;
    createdAsStandby?: boolean;
}

export interface BackupSettings {
    full?: string;
    incremental?: string;
    retention?: string;
    walArchiveTimeout?: string;
    immutable?: boolean;
    walMaxParallel?: number;
    dataJobs?: number;
    walCompression?: string;
}

export interface AwsSettings {
    adminPrincipalArn?: string;
    publicAccessCidrs?: string[];
    singleNatGateway?: boolean;
    vpcCidr?: string;
}

export interface GcpSettings {
    releaseChannel?: string;
    extendedSupport?: boolean;
    deletionProtection?: boolean;
    diskType?: string;
    bucketLocation?: string;
    kmsKeyName?: string;
    subnetCidr?: string;
    podsCidr?: string;
    servicesCidr?: string;
    masterCidr?: string;
    authorizedCidrs?: string[];
}

export interface AzureSettings {
    adminGroupObjectIds?: string[];
    storageRedundancy?: string;
    upgradeChannel?: string;
    backupAuth?: string;
    vnetCidr?: string;
}

export interface KubernetesTargetSettings {
    context?: string;
    storageClass?: string;
    volumeSnapshotClass?: string;
    s3Endpoint?: string;
    s3Bucket?: string;
    s3Region?: string;
}

export interface ChartSettings {
    repository?: string;
    version?: string;
}

export interface ChartsSettings {
    certManager?: ChartSettings;
    cloudnativePg?: ChartSettings;
    barmanCloud?: ChartSettings;
}

export interface FhirPlatformSettings {
    /** aws | gcp | azure | kubernetes */
    cloud: string;
    /** Region for aws/gcp/azure; default: the provider's own config key (aws:region, gcp:region, azure-native:location). */
    region?: string;
    namespace?: string;
    /** Number of zones, at least 2 (default 3). */
    zoneCount?: number;
    /** Explicit zone names of the region; when given, they decide the zone count. */
    zoneNames?: string[];
    cluster?: ClusterSettings;
    fhir?: FhirSettings;
    database?: DatabaseSettings;
    backup?: BackupSettings;
    aws?: AwsSettings;
    gcp?: GcpSettings;
    azure?: AzureSettings;
    kubernetes?: KubernetesTargetSettings;
    charts?: ChartsSettings;
    monitoring?: MonitoringSettings;
}

export interface MonitoringSettings {
    /** install | existing | googleManaged | none */
    mode?: string;
    namespace?: string;
    labels?: string[];
    grafana?: boolean;
    alertmanagerConfigSecret?: string;
    runbookBaseUrl?: string;
    chart?: ChartSettings;
    dashboardChart?: ChartSettings;
}
