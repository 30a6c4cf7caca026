/**
 * The declarative description of every `fhir-ha:` config key: its type, default, allowed
 * values and one line of documentation. Validation, defaults, unknown-key suggestions and the
 * docs test all read this one table, so a key cannot exist in one and be missing in another.
 */
import { FHIR_SERVER_NAME } from "../names";
import { API_ACCESS_MODES, defaultApiAccessMode } from "../cloud/api-access";
import { CHARTS, DEFAULT_NODE_SIZES, DEFAULT_POSTGRES_VERSION, FHIR_IMAGES, POSTGRES_IMAGES } from "./pins";

/**
 * Database connections per FHIR pod by default: each engine's own documented default, set
 * explicitly so the connection budget is computed from what runs. Aidbox: db.pool.maximum-pool-size
 * (8, Aidbox settings reference); HAPI: spring.datasource.hikari.maximum-pool-size (10, the
 * starter's application.yaml).
 */
export const FHIR_POOL_SIZES: Record<string, number> = { aidbox: 8, hapi: 10 };

/** Let's Encrypt's production ACME directory (https://letsencrypt.org/docs/acme-protocol-updates/). */
export const ACME_LETSENCRYPT_PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory";
import { DATA_JOBS, WAL_COMPRESSION, WAL_COMPRESSIONS, WAL_MAX_PARALLEL } from "./backup-policy";

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
    | "envList"
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

/**
 * An operator chart the cluster may already run (a cluster you bring): `install: false` uses the
 * installed operator, and the deploy still waits until its webhook admits its objects.
 */
const operatorChart = (c: { repository: string; version: string }, what: string, installed: string): FieldSpec => {
    const base = chart(c, what);
    return {
        ...base,
        fields: {
            ...base.fields,
            install: { kind: "boolean", doc: `install the chart; false: use the ${what} the cluster already runs (${installed}; see docs/database.md)`, default: true },
        },
    };
};

export const CLOUDS = ["aws", "gcp", "azure", "kubernetes"];
export const ENGINES = ["aidbox", "hapi"];
export const MONITORING_MODES = ["install", "existing", "googleManaged", "none"];

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
                            memory: { kind: "quantity", doc: "memory request; must equal the memory limit (the JVM heap is sized from it)", default: "4Gi" },
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
            expose: {
                kind: "enum",
                values: ["clusterIP", "loadBalancer", "gateway"],
                doc: "how clients reach the server: in-cluster only, or a Gateway API HTTPS listener (TLS); loadBalancer (plain HTTP) is refused",
                default: "clusterIP",
            },
            baseUrl: {
                kind: "string",
                doc: "public base URL of the FHIR server (Aidbox BOX_WEB_BASE_URL); set it to the URL clients use",
                // Aidbox puts this URL into links and references it returns: the in-cluster service
                // URL is right for in-cluster clients, and never a localhost that no pod listens on.
                default: (r: Resolved) => `http://${FHIR_SERVER_NAME}.${r.namespace}.svc.cluster.local`,
                defaultDoc: "http://fhir-server.<namespace>.svc.cluster.local",
            },
            // Exposure, security and database-connection settings of the FHIR tier (docs/fhir-server.md).
            clientNamespaces: {
                kind: "stringList",
                doc: "namespaces whose pods may call the FHIR API directly (the NetworkPolicy admits nothing else but the exposure path)",
                default: [],
            },
            corsOrigins: {
                kind: "stringList",
                doc: "browser origins allowed by CORS, e.g. https://app.example.org; [] = only the origin of fhir.baseUrl",
                default: [],
            },
            extraEnv: {
                kind: "envList",
                doc: "extra environment variables: a list of {name, value} or {name, secretName, secretKey}; names the package sets are refused",
                default: [],
            },
            poolSize: {
                kind: "integer",
                min: 1,
                doc: "database connections per pod (HikariCP maximum-pool-size / BOX_DB_POOL_MAXIMUM_POOL_SIZE); checked against Postgres max_connections",
                default: (r: Resolved) => FHIR_POOL_SIZES[r.fhir?.engine] ?? 8,
                defaultDoc: Object.entries(FHIR_POOL_SIZES).map(([k, v]) => `${k}: ${v}`).join("; "),
            },
            startupTimeout: {
                kind: "duration",
                doc: "how long a pod may take to start (schema migrations on a large database) before it is restarted",
                default: "5min",
            },
            dbSocketTimeout: {
                kind: "duration",
                doc: "longest a single database read may block (pgjdbc socketTimeout, both engines) before the connection is dropped; raise it for an upgrade whose schema migration runs longer",
                default: "2min",
            },
            loadBalancer: {
                kind: "object",
                doc: "fhir.expose = loadBalancer, which is refused (it would serve plain HTTP); kept so existing stacks get a clear message",
                fields: {
                    sourceRanges: {
                        kind: "stringList",
                        doc: "no longer read: fhir.expose = loadBalancer is refused",
                        default: [],
                    },
                },
            },
            gateway: {
                kind: "object",
                doc: "fhir.expose = gateway: a Gateway API Gateway with an HTTPS listener for the host of fhir.baseUrl",
                fields: {
                    className: { kind: "string", doc: "GatewayClass of the cluster's Gateway API implementation (required with gateway)", default: "" },
                    sourceNamespaces: {
                        kind: "stringList",
                        doc: "namespaces of the gateway's proxy pods, admitted by the NetworkPolicy (in-cluster implementations)",
                        default: [],
                    },
                    sourceCidrs: {
                        kind: "stringList",
                        doc: "address ranges the gateway's proxies connect from, admitted by the NetworkPolicy (cloud-managed implementations); must lie outside the cluster's node and pod ranges",
                        default: [],
                    },
                    authFilter: {
                        kind: "string",
                        doc: "an ExtensionRef filter on the FHIR route, as group/Kind/name (e.g. configuration.konghq.com/KongPlugin/fhir-oidc): the gateway implementation's authentication; HAPI may be exposed with it instead of fhir.hapi.allowUnauthenticated",
                        default: "",
                    },
                },
            },
            tls: {
                kind: "object",
                doc: "certificate of the gateway's HTTPS listener",
                fields: {
                    issuer: {
                        kind: "enum",
                        values: ["acme", "secret"],
                        doc: "acme: cert-manager obtains it (HTTP-01 through the gateway); secret: a kubernetes.io/tls Secret you provide",
                        default: "acme",
                    },
                    acmeServer: { kind: "string", doc: "ACME directory URL", default: ACME_LETSENCRYPT_PRODUCTION },
                    acmeEmail: { kind: "string", doc: "contact e-mail for the ACME account (required with issuer acme)", default: "" },
                    secretName: { kind: "string", doc: "name of your TLS Secret in the namespace (required with issuer secret)", default: "" },
                },
            },
            hapi: {
                kind: "object",
                doc: "HAPI FHIR only",
                fields: {
                    allowUnauthenticated: {
                        kind: "boolean",
                        doc: "expose HAPI (which has no authentication) beyond the cluster anyway; put your own authentication in front",
                        default: false,
                    },
                },
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
            diskIops: {
                kind: "integer",
                min: 0,
                doc: "provisioned IOPS of each data and WAL volume where the disk type takes them (gp3, hyperdisk-balanced, PremiumV2_LRS); 0 = the type's baseline (docs/database.md, Disks)",
                default: 0,
            },
            diskThroughput: {
                kind: "integer",
                min: 0,
                doc: "provisioned throughput (MB/s) of each data and WAL volume where the disk type takes it; 0 = the type's baseline",
                default: 0,
            },
            cpu: { kind: "quantity", doc: "CPU per Postgres instance, request = limit (Guaranteed QoS)", default: "1" },
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
            createdWithMajor: {
                kind: "integer",
                doc:
                    "PostgreSQL major the primary cluster was created with; its archive keeps the barman server name `<clusterName>`, " +
                    "every later major archives under `<clusterName>-pg<major>` (see docs/runbooks/major-upgrade.md). " +
                    "A stack created with another major than 17 sets it to that major",
                // A literal, not DEFAULT_POSTGRES_VERSION: it is the major of every stack created
                // before this key existed without a postgresVersion of its own, and must not move
                // when the default major does.
                default: 17,
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
                    timeout: {
                        kind: "duration",
                        doc: "how long `pulumi up` waits for the restore (base backup download + WAL replay) and the new cluster's first base backup; also for the first base backup of a cluster promoted in a region pair; see docs/runbooks/point-in-time-restore.md",
                        default: "12h",
                    },
                    sourceMajor: {
                        kind: "integer",
                        doc:
                            "PostgreSQL major of the archive generation read (the restored cluster runs it); " +
                            "set it, e.g. to database.createdWithMajor, to restore to before a major upgrade",
                        default: (r: Resolved) => r.database?.postgresVersion,
                        defaultDoc: "database.postgresVersion",
                    },
                },
            },
            standbyOf: {
                kind: "object",
                doc:
                    "this stack's cluster as one of two clusters in two regions (CloudNativePG distributed topology): a standby replaying " +
                    "the other region's replicated archive until promoted (docs/runbooks/region-loss.md)",
                fields: {
                    cluster: {
                        kind: "string",
                        doc: "the other region's CNPG cluster (its database.clusterName); empty = this stack is not part of a region pair",
                        default: "",
                    },
                    stack: {
                        kind: "string",
                        doc: "the other region's stack; its stacks/Pulumi.<stack>.yaml is read, when present, to refuse two primaries",
                        default: "",
                    },
                    region: { kind: "string", doc: "the other region (must differ from this stack's region)", default: "" },
                    archiveURL: {
                        kind: "string",
                        doc:
                            "base URL of the other cluster's archive as replicated into THIS region, read only: s3://<replica bucket>, " +
                            "gs://<dual-region bucket>, https://<account>-secondary.blob.core.windows.net/<container>",
                        default: "",
                    },
                    serverName: {
                        kind: "string",
                        doc: "the other cluster's archive generation (barman server name)",
                        default: (r: Resolved) => r.database?.standbyOf?.cluster ?? "",
                        defaultDoc: "database.standbyOf.cluster",
                    },
                    promoted: {
                        kind: "boolean",
                        doc: "true: this stack's cluster is the pair's primary (emergency promotion, or with promotionToken a planned switchover)",
                        default: false,
                    },
                    promotionToken: {
                        kind: "string",
                        doc: "planned switchover: the demotion token the old primary published (status.demotionToken); empty = promote without waiting",
                        default: "",
                    },
                    createdAsStandby: {
                        kind: "boolean",
                        doc: "the cluster was created as a standby (bootstrapped from the other archive); false for a former primary demoted in place",
                        default: true,
                    },
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
            immutable: { kind: "boolean", doc: "write-once storage for the retention period (refused on gcp: docs/clouds/gcp.md)", default: false },
            replica: {
                kind: "object",
                doc: "a copy of the archive in a second region, kept by the cloud's replication (docs/runbooks/region-loss.md)",
                fields: {
                    region: {
                        kind: "string",
                        doc: "replica region (empty = none): aws S3 replication with RTC; gcp the bucket becomes the dual-region of both (turbo); azure RA-GZRS, must be the region's pair",
                        default: "",
                    },
                },
            },
            // Speed settings of the Barman Cloud ObjectStore, chosen by `npm run bench:recovery`
            // (reasoning next to the constants in backup-policy.ts; figures in docs/database.md).
            walMaxParallel: {
                kind: "integer",
                min: 1,
                max: 16,
                doc: "WAL segments archived (and, when restoring, fetched) at once; raise, with database.cpu, for sustained write rates above ~0.5 segment (8 MB) per second",
                default: WAL_MAX_PARALLEL,
            },
            dataJobs: { kind: "integer", min: 1, max: 16, doc: "parallel upload streams of a base backup; raise for large databases", default: DATA_JOBS },
            walCompression: {
                kind: "enum",
                values: WAL_COMPRESSIONS,
                doc: "compression of archived WAL: none (barman's default) costs the least CPU per segment, archived and restored; gzip stored WAL at 8-16% of its size",
                default: WAL_COMPRESSION,
            },
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
                deprecated: "fhir-ha:cluster.apiAccess.allowedCidrs (an explicit [] is refused: set cluster.apiAccess.mode private)",
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
            addonVersions: {
                kind: "stringList",
                doc: 'EKS add-on versions to hold, "name=version" (e.g. "coredns=v1.12.4-eksbuild.1"); an add-on not listed follows EKS\'s default for the cluster version',
                default: [],
            },
            encryptNodeDisks: {
                kind: "boolean",
                doc: "node groups boot from a launch template with an encrypted gp3 root volume and IMDSv2; switching an existing stack either way replaces its node groups (docs/clouds/aws.md, Node disk encryption)",
                default: true,
            },
        },
    },
    gcp: {
        kind: "object",
        doc: "GCP target settings",
        fields: {
            releaseChannel: { kind: "enum", values: ["RAPID", "REGULAR", "STABLE", "EXTENDED"], doc: "GKE release channel", default: "REGULAR" },
            extendedSupport: {
                kind: "boolean",
                doc: "allow a pinned cluster.kubernetesVersion past GKE's end of standard support (needs releaseChannel EXTENDED; charged extra)",
                default: false,
            },
            deletionProtection: { kind: "boolean", doc: "GKE deletion protection", default: true },
            diskType: {
                kind: "enum",
                values: ["pd-balanced", "pd-ssd", "hyperdisk-balanced"],
                doc: "Postgres disk type (hyperdisk-balanced takes database.diskIops/diskThroughput)",
                default: "pd-balanced",
            },
            bucketLocation: { kind: "string", doc: "bucket location (e.g. dual-region NAM4); empty = the region", default: "" },
            kmsKeyName: { kind: "string", doc: "Cloud KMS key for the bucket (CMEK); empty = Google-managed", default: "" },
            namespaceUniqueInProject: {
                kind: "boolean",
                doc: "you confirm no other cluster of the GCP project runs this stack's namespace: Workload Identity trusts <project>.svc.id.goog[<namespace>/<sa>] project-wide (checklist rule backup-identity-isolated; docs/compliance.md)",
                default: false,
            },
            subnetCidr: { kind: "cidr", doc: "node subnet", default: "10.10.0.0/20" },
            podsCidr: { kind: "cidr", doc: "pods secondary range", default: "10.20.0.0/14" },
            servicesCidr: { kind: "cidr", doc: "services secondary range", default: "10.24.0.0/20" },
            masterCidr: {
                kind: "cidr",
                doc: "control plane /28 of clusters created with VPC peering by earlier versions; new clusters use Private Service Connect and no range",
                default: "172.16.0.0/28",
            },
            authorizedCidrs: {
                kind: "stringList",
                doc: "CIDRs allowed to reach the public API endpoint",
                default: [],
                deprecated: "fhir-ha:cluster.apiAccess.allowedCidrs (an explicit [] is refused: set cluster.apiAccess.mode private)",
            },
        },
    },
    azure: {
        kind: "object",
        doc: "Azure target settings",
        fields: {
            adminGroupObjectIds: { kind: "stringList", doc: "Entra ID groups with cluster-admin", default: [] },
            deployerObjectId: {
                kind: "string",
                doc: "object ID of the identity that runs pulumi up (e.g. the CI service principal), granted cluster admin for the stack's life; empty = whoever runs pulumi up (the grant is replaced when another identity runs it)",
                default: "",
            },
            storageRedundancy: { kind: "enum", values: ["ZRS", "GZRS"], doc: "backup storage redundancy", default: "ZRS" },
            diskSku: {
                kind: "enum",
                values: ["PremiumV2_LRS", "Premium_LRS"],
                doc: "Postgres managed-disk SKU: Premium SSD v2 (3,000 IOPS and 125 MB/s at any size, takes database.diskIops/diskThroughput) or Premium SSD v1 (performance by size tier)",
                default: "PremiumV2_LRS",
            },
            upgradeChannel: {
                kind: "enum",
                values: ["patch", "stable", "rapid", "node-image"],
                doc: "AKS automatic upgrade channel; stable/rapid also move the minor version (then a pinned cluster.kubernetesVersion is only the creation version)",
                default: "stable",
            },
            backupAuth: {
                kind: "enum",
                values: ["workloadIdentity", "accountKey"],
                doc: "how the Barman Cloud plugin reaches Blob storage",
                default: "workloadIdentity",
            },
            backupReaderSubnetIds: {
                kind: "stringList",
                doc:
                    "node subnets of other stacks admitted to this stack's backup account, read only through its RA-GZRS secondary: " +
                    "the standby stack of a region pair (docs/clouds/azure.md, Standby region); the read grant is the standby stack's",
                default: [],
            },
            vnetCidr: { kind: "cidr", doc: "VNet CIDR", default: "10.224.0.0/12" },
            extendedSupport: {
                kind: "boolean",
                doc: "AKS long-term support (LTS): Premium tier + AKSLongTermSupport plan, a pinned version kept a second year (costs more; needs upgradeChannel patch)",
                default: false,
            },
            kubeloginMode: {
                kind: "enum",
                values: ["auto", "azurecli", "spn", "workloadidentity", "msi", "azd"],
                doc: "how the kubeconfig's kubelogin signs in; auto = from how the azure-native provider authenticates (docs/clouds/azure.md)",
                default: "auto",
            },
            systemNodeSize: {
                kind: "string",
                doc: "VM size of the AKS system pool, fixed at cluster creation (empty = cluster.nodeSize); a change is refused with the replacement procedure",
                default: "",
            },
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
            certManager: operatorChart(CHARTS.certManager, "cert-manager", "any namespace"),
            cloudnativePg: operatorChart(CHARTS.cloudnativePg, "CloudNativePG", "1.30, in namespace cnpg-system"),
            barmanCloud: chart(CHARTS.barmanCloud, "Barman Cloud plugin"),
        },
    },
    monitoring: {
        kind: "object",
        doc: "metrics, alert rules and dashboards (see docs/monitoring.md)",
        fields: {
            mode: {
                kind: "enum",
                values: MONITORING_MODES,
                doc: "install: kube-prometheus-stack with Alertmanager and Grafana; existing: the cluster's Prometheus Operator; googleManaged: Google Managed Prometheus (GKE); none",
                default: "install",
            },
            namespace: {
                kind: "dnsLabel",
                doc: "namespace Prometheus scrapes from (NetworkPolicies admit it) and that holds the monitors and rules",
                default: (r: Resolved) => (r.monitoring?.mode === "googleManaged" ? "gmp-system" : "monitoring"),
                defaultDoc: 'googleManaged: "gmp-system"; otherwise "monitoring"',
            },
            labels: {
                kind: "stringList",
                doc: 'existing: "key=value" labels your Prometheus selects PodMonitors and PrometheusRules by (e.g. "release=kube-prometheus-stack")',
                default: [],
            },
            grafana: { kind: "boolean", doc: "install: Grafana with the CloudNativePG dashboard", default: true },
            alertmanagerConfigSecret: {
                kind: "string",
                doc: "install: Secret in monitoring.namespace with Alertmanager's alertmanager.yaml (receivers, routes); empty = the chart's null receiver",
                default: "",
            },
            runbookBaseUrl: {
                kind: "string",
                doc: "where alerts' runbook_url points: the URL of docs/runbooks/ in your copy of fhir-ha, ending in /",
                default: "docs/runbooks/",
            },
            chart: chart(CHARTS.kubePrometheusStack, "install: kube-prometheus-stack"),
            dashboardChart: chart(CHARTS.cnpgDashboard, "install: CloudNativePG Grafana dashboard"),
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
