/**
 * Names and numbers fixed by CloudNativePG, the Barman Cloud plugin and their charts, in one
 * place so the objects that must agree (plugin references, NetworkPolicy ports, RBAC) do.
 */

/** The plugin's registered name, used in `spec.plugins`, externalClusters and backups. */
export const BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";

/** The plugin must run in the operator's namespace (plugin-barman-cloud installation docs). */
export const OPERATOR_NAMESPACE = "cnpg-system";
export const CERT_MANAGER_NAMESPACE = "cert-manager";
/** `app.kubernetes.io/name` of the CNPG operator pods (the cloudnative-pg chart's selector label). */
export const OPERATOR_POD_NAME = "cloudnative-pg";

export const CNPG_API_VERSION = "postgresql.cnpg.io/v1";
export const BARMAN_API_VERSION = "barmancloud.cnpg.io/v1";

/** Ports of a CNPG instance pod. */
export const POSTGRES_PORT = 5432;
/** The instance manager's status endpoint, which the operator polls for every instance. */
export const STATUS_PORT = 8000;
/** The Prometheus exporter built into the instance manager. */
export const METRICS_PORT = 9187;

/** Labels CNPG puts on its pods and on the Backups a ScheduledBackup creates. */
export const CLUSTER_LABEL = "cnpg.io/cluster";
export const SCHEDULED_BACKUP_LABEL = "cnpg.io/scheduled-backup";

/** Set to "enabled" on a Cluster, CNPG runs it with archive_mode=off. */
export const SKIP_WAL_ARCHIVING_ANNOTATION = "cnpg.io/skipWalArchiving";

/** The label every node carries with its zone, unless the kubernetes target says otherwise. */
export const ZONE_LABEL = "topology.kubernetes.io/zone";
