/**
 * The names that tie the tiers and the clouds together, derived from config in ONE place:
 * the CNPG Cluster names (which are also the names of the Kubernetes service accounts CNPG
 * creates, and so what cloud IAM must trust), the app secret the FHIR server reads, the
 * services it connects to and the archive prefixes. A rename here moves every consumer at once,
 * so IAM trust can never drift from the clusters it is for.
 */

export interface ServiceAccountRef {
    namespace: string;
    name: string;
}

export interface DatabaseNames {
    namespace: string;
    /** The primary cluster (always rendered). */
    primaryCluster: string;
    /** The cluster the FHIR server uses: the restore cluster while a restore is configured, else the primary. */
    activeCluster: string;
    /** The point-in-time restore cluster, when `database.restore.enabled`. */
    restoreCluster?: string;
    /** The delayed replica cluster, when enabled: `<activeCluster>-delayed`, it replicates the active cluster. */
    delayedCluster?: string;
    /** Every CNPG Cluster name, in render order. */
    clusters: string[];
    /** The service accounts CNPG creates (one per Cluster, same name), which need object-store access. */
    backupServiceAccounts: ServiceAccountRef[];
    /** The application database and its owner. */
    appDatabase: string;
    appUser: string;
    /** Secret CNPG generates with the app user's credentials (keys: username, password, host, port, dbname, uri, jdbc-uri). */
    appSecret: string;
    /** Read-write service of the active cluster (points at the current primary). */
    rwService: string;
    /** The Barman Cloud ObjectStore resource that archives a cluster. */
    objectStore(cluster: string): string;
    /** The archive prefix (barman "server name") a cluster writes under in the bucket. */
    serverName(cluster: string): string;
    /**
     * The primary cluster's current archive generation (its server name): the cluster name for the
     * major it was created with (`database.createdWithMajor`), `<cluster>-pg<major>` after a major
     * upgrade (see archiveGeneration).
     */
    primaryGeneration: string;
}

/** Labels every FHIR server pod carries; the database NetworkPolicy admits exactly these. */
export function fhirPodLabels(engine: string): Record<string, string> {
    return { "app.kubernetes.io/name": "fhir-server", "app.kubernetes.io/component": engine, "app.kubernetes.io/part-of": "fhir-ha" };
}

export const FHIR_SERVER_NAME = "fhir-server";

/** The delayed replica of the archive generation `followed` (a cluster name, or `<cluster>-pg<major>`). */
export function delayedClusterName(followed: string): string {
    return `${followed}-delayed`;
}

/**
 * The barman server name (archive generation) a cluster running PostgreSQL `major` writes under,
 * when it was created with `createdWithMajor`. pg_upgrade starts a new database system (new
 * system identifier, timeline 1), so CloudNativePG's upgrade docs ask to change the Barman Cloud
 * plugin's `serverName` together with the image (cloudnative-pg v1.30.0
 * docs/src/postgres_upgrades.md, "Manual archive path separation with the Barman Cloud plugin"):
 * each major gets its own generation and the previous one stays intact for a restore to before
 * the upgrade. The creation major keeps the plain cluster name, so a stack deployed before
 * generations existed keeps writing where it always has.
 */
export function archiveGeneration(cluster: string, major: number, createdWithMajor: number): string {
    return major === createdWithMajor ? cluster : `${cluster}-pg${major}`;
}
/**
 * Annotation on the FHIR Deployment when `fhir.hapi.allowUnauthenticated` waived the refusal to
 * expose HAPI beyond the cluster; the checklist reads it (rule fhir-hapi-authentication).
 */
export const UNAUTHENTICATED_EXPOSURE_ANNOTATION = "fhir-ha.io/unauthenticated-exposure";

/**
 * The config values the names derive from; a validated FhirHaConfig satisfies it. Spelled out here
 * because config imports the names (and must stay above them).
 */
export interface NamedConfig {
    namespace: string;
    database: {
        clusterName: string;
        postgresVersion: number;
        createdWithMajor: number;
        restore: { enabled: boolean; clusterName: string };
        delayedReplica: { enabled: boolean };
        /** The region pair (config/standby.ts): a new standby's delayed replica follows the other region's archive. */
        standbyOf?: { cluster: string; promoted: boolean; createdAsStandby: boolean; serverName: string };
    };
}

export function databaseNames(config: NamedConfig): DatabaseNames {
    const db = config.database;
    const namespace = config.namespace;
    const primaryCluster = db.clusterName;
    const restoreCluster = db.restore.enabled ? db.restore.clusterName : undefined;
    const activeCluster = restoreCluster ?? primaryCluster;
    const primaryGeneration = archiveGeneration(primaryCluster, db.postgresVersion, db.createdWithMajor);
    // Named after the archive generation it follows: a delayed replica only ever replays one
    // archive, so switching the FHIR server to a restored cluster (and back), or a major upgrade
    // of the primary (a new generation), never points a replica at an archive across a timeline
    // fork or a new system identifier; each switch creates the replica of the new generation.
    // A standby created as one has no base backup in its own archive before its promotion (its
    // first is taken then): its delayed replica follows the other region's archive, as replicated
    // into this one, under that archive generation's name. A primary demoted in place keeps its
    // own archive, but runs no delayed replica while a standby (database/topology.ts).
    const standbyOf = db.standbyOf;
    const newStandby = standbyOf !== undefined && standbyOf.cluster !== "" && !standbyOf.promoted && standbyOf.createdAsStandby;
    const followed = newStandby ? standbyOf.serverName : (restoreCluster ?? primaryGeneration);
    const delayedCluster = db.delayedReplica.enabled ? delayedClusterName(followed) : undefined;
    const clusters = [primaryCluster, ...(restoreCluster ? [restoreCluster] : []), ...(delayedCluster ? [delayedCluster] : [])];
    return {
        namespace,
        primaryCluster,
        activeCluster,
        restoreCluster,
        delayedCluster,
        clusters,
        backupServiceAccounts: clusters.map((name) => ({ namespace, name })),
        appDatabase: "fhir",
        appUser: "fhir",
        appSecret: `${activeCluster}-app`,
        rwService: `${activeCluster}-rw`,
        objectStore: (cluster) => `${cluster}-store`,
        serverName: (cluster) => (cluster === primaryCluster ? primaryGeneration : cluster),
        primaryGeneration,
    };
}
