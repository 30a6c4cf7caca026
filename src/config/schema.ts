/**
 * The declarative description of every `fhir-ha:` config key: its type, default, allowed
 * values and one line of documentation. Validation, defaults, unknown-key suggestions and the
 * docs test all read this one table, so a key cannot exist in one and be missing in another.
 */
import { FHIR_SERVER_NAME } from "../names";
import { API_ACCESS_MODES, defaultApiAccessMode } from "../cloud/api-access";
import { CHARTS, DEFAULT_NODE_SIZES, DEFAULT_POSTGRES_VERSION, FHIR_IMAGES, POSTGRES_IMAGES } from "./pins";

export type FieldKind =
    | "string"
    | "enum"
    | "integer"
    | "boolean"
    | "duration"
    | "schedule"
    | "quantity"
    | "stringList"
    | "zones"
    | "cidr"
    | "timestamp"
    | "dnsLabel"
    | "object";

/** Values resolved so far, for defaults that depend on other keys (e.g. replicas on zones). */
export type Resolved = Record<string, any>;

export interface FieldSpec {
    kind: FieldKind;
    doc: string;
    /** A value, or a function of the already-resolved top-level config. Omitted = required. */
    default?: unknown | ((resolved: Resolved) => unknown);
    /** How the default reads in docs when it is computed. */
    defaultDoc?: string;
    values?: string[];
    min?: number;
    max?: number;
    fields?: Record<string, FieldSpec>;
    /** Stored in Pulumi secret config (`pulumi config set --secret`). */
    secret?: boolean;
    /** The key still works but is replaced: what to use instead (shown as a warning and in the docs). */
    deprecated?: string;
}

const chart = (c: { repository: string; version: string }, what: string): FieldSpec => ({
    kind: "object",
    doc: `${what} Helm chart`,
    fields: {
        repository: { kind: "string", doc: "chart repository URL (a mirror for air-gapped clusters)", default: c.repository },
        version: { kind: "string", doc: "chart version", default: c.version },
    },
});

export const CLOUDS = ["aws", "gcp", "azure", "kubernetes"];
export const ENGINES = ["aidbox", "hapi"];

export const CONFIG_SCHEMA: Record<string, FieldSpec> = {
    cloud: { kind: "enum", values: CLOUDS, doc: "where the platform runs" },
    namespace: { kind: "dnsLabel", doc: "Kubernetes namespace of the FHIR server and its database", default: "fhir" },
    zones: {
        kind: "zones",
        doc: "number of zones (at least 2), or a list of zone names of the region",
        default: 3,
    },
    cluster: {
        kind: "object",
        doc: "the Kubernetes cluster (ignored by the kubernetes target, which brings its own)",
        fields: {
            kubernetesVersion: {
                kind: "string",
                doc:
                    'Kubernetes minor version ("1.34"), checked against the cloud\'s support calendar; "" = the version the cloud gives a new cluster, kept current by the cloud',
                default: "",
            },
            nodeSize: {
                kind: "string",
                doc: "node machine type",
                default: (r: Resolved) => DEFAULT_NODE_SIZES[r.cloud] ?? "",
                defaultDoc: "aws m6i.xlarge, gcp e2-standard-4, azure Standard_D4s_v5",
            },
            nodesPerZone: { kind: "integer", min: 1, doc: "nodes per zone at start (autoscaler minimum)", default: 1 },
            maxNodesPerZone: { kind: "integer", min: 1, doc: "autoscaler maximum per zone", default: 3 },
            apiAccess: {
                kind: "object",
                doc: "who reaches the Kubernetes API server (see src/cloud/api-access.ts and each cloud's doc)",
                fields: {
                    mode: {
                        kind: "enum",
                        values: API_ACCESS_MODES,
                        doc: "public: endpoint open to allowedCidrs only; private: no public endpoint (deploy from inside the network); dns: GKE DNS endpoint authorised by IAM (gcp only)",
                        default: (r: Resolved) => defaultApiAccessMode(r.cloud),
                        defaultDoc: "gcp dns, aws and azure public",
                    },
                    allowedCidrs: {
                        kind: "stringList",
                        doc: "egress CIDRs of every machine that runs `pulumi up` or kubectl (required for mode public)",
                        default: [],
                    },
                    allowAnyAddress: { kind: "boolean", doc: "accept a /0 in allowedCidrs (the whole internet)", default: false },
                },
            },
            maintenance: {
                kind: "object",
                doc: "when the cloud may upgrade the control plane and nodes (each node upgrade moves Postgres primaries)",
                fields: {
                    days: { kind: "stringList", doc: "weekdays the window opens (monday ... sunday)", default: ["saturday", "sunday"] },
                    startTime: { kind: "string", doc: 'window start, "HH:MM" UTC', default: "02:00" },
                    durationHours: { kind: "integer", min: 4, max: 24, doc: "window length in hours", default: 6 },
                    exclusions: {
                        kind: "stringList",
                        doc: 'no upgrades in these ranges, "START/END" RFC 3339 (e.g. a release freeze)',
                        default: [],
                    },
                },
            },
        },
    },
    fhir: {
        kind: "object",
        doc: "the FHIR server tier",
        fields: {
            engine: { kind: "enum", values: ENGINES, doc: "FHIR server", default: "aidbox" },
            image: {
                kind: "string",
                doc: "container image, pinned to a version",
                default: (r: Resolved) => FHIR_IMAGES[r.fhir?.engine] ?? "",
                defaultDoc: Object.entries(FHIR_IMAGES).map(([k, v]) => `${k}: ${v}`).join("; "),
            },
            replicas: {
                kind: "integer",
                min: 1,
                doc: "FHIR server pods (1 is valid for dev stacks and flagged by the checklist)",
                default: (r: Resolved) => Math.max(2, r.zoneCount ?? 3),
                defaultDoc: "max(2, number of zones)",
            },
            resources: {
                kind: "object",
                doc: "container resources",
                fields: {
                    requests: {
                        kind: "object",
                        doc: "requests",
                        fields: {
                            cpu: { kind: "quantity", doc: "CPU request", default: "1" },
                            memory: { kind: "quantity", doc: "memory request", default: "2Gi" },
                        },
                    },
                    limits: {
                        kind: "object",
                        doc: "limits",
                        fields: {
                            cpu: { kind: "quantity", doc: "CPU limit", default: "2" },
                            memory: { kind: "quantity", doc: "memory limit", default: "4Gi" },
                        },
                    },
                },
            },
            expose: { kind: "enum", values: ["clusterIP", "loadBalancer"], doc: "Service type", default: "clusterIP" },
            baseUrl: {
                kind: "string",
                doc: "public base URL of the FHIR server (Aidbox BOX_WEB_BASE_URL); set it to the URL clients use",
                // Aidbox puts this URL into links and references it returns: the in-cluster service
                // URL is right for in-cluster clients, and never a localhost that no pod listens on.
                default: (r: Resolved) => `http://${FHIR_SERVER_NAME}.${r.namespace}.svc.cluster.local`,
                defaultDoc: "http://fhir-server.<namespace>.svc.cluster.local",
            },
        },
    },
    database: {
        kind: "object",
        doc: "PostgreSQL under CloudNativePG",
        fields: {
            clusterName: { kind: "dnsLabel", doc: "name of the primary CNPG Cluster", default: "fhir-db" },
            instances: { kind: "integer", min: 1, max: 9, doc: "Postgres instances (primary + standbys), one per zone", default: 3 },
            synchronousReplicas: { kind: "integer", min: 0, doc: "standbys that must confirm each commit (ANY n quorum)", default: 1 },
            storageSize: { kind: "quantity", doc: "data volume per instance", default: "100Gi" },
            walStorageSize: { kind: "quantity", doc: "separate WAL volume per instance", default: "20Gi" },
            cpu: { kind: "quantity", doc: "CPU request per Postgres instance (no CPU limit: checkpoints and vacuum may burst)", default: "1" },
            memory: {
                kind: "quantity",
                doc: "memory per Postgres instance, request = limit (Guaranteed QoS); shared_buffers is a quarter of it",
                default: "2Gi",
            },
            postgresVersion: {
                kind: "integer",
                doc: `PostgreSQL major (${Object.keys(POSTGRES_IMAGES).join(", ")})`,
                default: DEFAULT_POSTGRES_VERSION,
            },
            image: {
                kind: "string",
                doc: "PostgreSQL operand image; default pinned per postgresVersion",
                default: (r: Resolved) => POSTGRES_IMAGES[r.database?.postgresVersion] ?? "",
                defaultDoc: "pinned per major in src/config/pins.ts",
            },
            delayedReplica: {
                kind: "object",
                doc: "replica cluster that applies WAL late, to rescue rows after an erroneous change",
                fields: {
                    enabled: { kind: "boolean", doc: "deploy the delayed replica", default: true },
                    delay: { kind: "duration", doc: "apply delay (the checklist asks 12h-24h)", default: "12h" },
                    instances: { kind: "integer", min: 1, doc: "instances of the delayed replica cluster", default: 1 },
                },
            },
            restore: {
                kind: "object",
                doc: "point-in-time restore into a NEW cluster (see docs/runbooks/point-in-time-restore.md)",
                fields: {
                    enabled: { kind: "boolean", doc: "bootstrap a new cluster from the object store and switch the FHIR server to it", default: false },
                    sourceCluster: {
                        kind: "dnsLabel",
                        doc: "cluster whose archive is read",
                        default: (r: Resolved) => r.database?.clusterName,
                        defaultDoc: "database.clusterName",
                    },
                    clusterName: {
                        kind: "dnsLabel",
                        doc: "name of the new cluster",
                        default: (r: Resolved) => `${r.database?.clusterName}-restore`,
                        defaultDoc: "<database.clusterName>-restore",
                    },
                    targetTime: { kind: "timestamp", doc: "RFC 3339 time to recover to; empty = end of the archive", default: "" },
                },
            },
        },
    },
    backup: {
        kind: "object",
        doc: "backups to object storage",
        fields: {
            full: { kind: "schedule", doc: "full (base) backups: daily | weekly | monthly | 5-field cron", default: "weekly" },
            incremental: {
                kind: "schedule",
                doc: "incremental backups: volume snapshots where the cloud has them (WAL is archived continuously)",
                default: "daily",
            },
            retention: { kind: "duration", doc: "recovery window, whole days", default: "30d" },
            walArchiveTimeout: { kind: "duration", doc: "PostgreSQL archive_timeout", default: "5min" },
            immutable: { kind: "boolean", doc: "write-once storage for the retention period", default: false },
        },
    },
    aws: {
        kind: "object",
        doc: "AWS target settings",
        fields: {
            adminPrincipalArn: { kind: "string", doc: "IAM role/user ARN granted cluster-admin (empty = the deploying identity)", default: "" },
            publicAccessCidrs: {
                kind: "stringList",
                doc: "CIDRs allowed to reach the public API endpoint",
                default: [],
                deprecated: "fhir-ha:cluster.apiAccess.allowedCidrs ([] here meant mode private)",
            },
            singleNatGateway: { kind: "boolean", doc: "one shared NAT gateway (dev only: a single point of failure)", default: false },
            vpcCidr: { kind: "cidr", doc: "VPC CIDR", default: "10.0.0.0/16" },
            extendedSupport: {
                kind: "boolean",
                doc: "pay for EKS extended support (about $365 per month) instead of an upgrade at the end of standard support",
                default: false,
            },
            clusterName: {
                kind: "string",
                doc: "EKS cluster name (empty = <project>-<component>-<stack>); stacks created before it existed set their cluster's current name",
                default: "",
            },
        },
    },
    gcp: {
        kind: "object",
        doc: "GCP target settings",
        fields: {
            releaseChannel: { kind: "enum", values: ["RAPID", "REGULAR", "STABLE"], doc: "GKE release channel", default: "REGULAR" },
            deletionProtection: { kind: "boolean", doc: "GKE deletion protection", default: true },
            diskType: { kind: "enum", values: ["pd-balanced", "pd-ssd"], doc: "Postgres disk type", default: "pd-balanced" },
            bucketLocation: { kind: "string", doc: "bucket location (e.g. dual-region NAM4); empty = the region", default: "" },
            kmsKeyName: { kind: "string", doc: "Cloud KMS key for the bucket (CMEK); empty = Google-managed", default: "" },
            subnetCidr: { kind: "cidr", doc: "node subnet", default: "10.10.0.0/20" },
            podsCidr: { kind: "cidr", doc: "pods secondary range", default: "10.20.0.0/14" },
            servicesCidr: { kind: "cidr", doc: "services secondary range", default: "10.24.0.0/20" },
            masterCidr: { kind: "cidr", doc: "control plane /28 for private clusters", default: "172.16.0.0/28" },
            authorizedCidrs: {
                kind: "stringList",
                doc: "CIDRs allowed to reach the public API endpoint",
                default: [],
                deprecated: "fhir-ha:cluster.apiAccess.allowedCidrs ([] here meant mode private)",
            },
        },
    },
    azure: {
        kind: "object",
        doc: "Azure target settings",
        fields: {
            adminGroupObjectIds: { kind: "stringList", doc: "Entra ID groups with cluster-admin", default: [] },
            storageRedundancy: { kind: "enum", values: ["ZRS", "GZRS"], doc: "backup storage redundancy", default: "ZRS" },
            upgradeChannel: { kind: "enum", values: ["patch", "stable", "rapid", "node-image"], doc: "AKS automatic upgrade channel", default: "patch" },
            backupAuth: {
                kind: "enum",
                values: ["workloadIdentity", "accountKey"],
                doc: "how the Barman Cloud plugin reaches Blob storage",
                default: "workloadIdentity",
            },
            vnetCidr: { kind: "cidr", doc: "VNet CIDR", default: "10.224.0.0/12" },
        },
    },
    kubernetes: {
        kind: "object",
        doc: "bring-your-own-cluster target settings",
        fields: {
            context: { kind: "string", doc: "kubeconfig context (empty = current)", default: "" },
            storageClass: { kind: "string", doc: "StorageClass for Postgres (empty = cluster default)", default: "" },
            volumeSnapshotClass: { kind: "string", doc: "VolumeSnapshotClass (empty = no snapshot backups)", default: "" },
            s3Endpoint: { kind: "string", doc: "S3-compatible endpoint URL", default: "" },
            s3Bucket: { kind: "string", doc: "bucket for backups", default: "" },
            s3Region: { kind: "string", doc: "bucket region", default: "us-east-1" },
        },
    },
    charts: {
        kind: "object",
        doc: "operator Helm charts",
        fields: {
            certManager: chart(CHARTS.certManager, "cert-manager"),
            cloudnativePg: chart(CHARTS.cloudnativePg, "CloudNativePG"),
            barmanCloud: chart(CHARTS.barmanCloud, "Barman Cloud plugin"),
        },
    },
    // Secrets: top-level keys so `pulumi config set --secret` marks exactly them.
    aidboxLicense: { kind: "string", secret: true, doc: "Aidbox license key", default: "" },
    s3AccessKeyId: { kind: "string", secret: true, doc: "kubernetes target: S3 access key id", default: "" },
    s3SecretAccessKey: { kind: "string", secret: true, doc: "kubernetes target: S3 secret access key", default: "" },
};

/** The keys whose values are secrets, read with `config.requireSecret` and never validated by value. */
export const SECRET_KEYS = Object.entries(CONFIG_SCHEMA)
    .filter(([, f]) => f.secret)
    .map(([k]) => k);

/** Every full key in the schema (`database.delayedReplica.delay`), for docs and suggestions. */
export function allKeys(fields: Record<string, FieldSpec> = CONFIG_SCHEMA, prefix = ""): string[] {
    return Object.entries(fields).flatMap(([k, f]) =>
        f.kind === "object" && f.fields ? [`${prefix}${k}`, ...allKeys(f.fields, `${prefix}${k}.`)] : [`${prefix}${k}`],
    );
}
