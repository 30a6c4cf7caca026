/**
 * Which Postgres clusters a stack runs and how they relate, decided from plain config values
 * only (so the number of resources never waits on an Output). Every other file of the tier
 * renders one piece of this plan.
 */
import { ConfigValidationError } from "../config/errors";
import { POSTGRES_IMAGES } from "../config/pins";
import { isStandby } from "../config/standby";
import { FhirHaConfig } from "../config/types";
import { archiveGeneration, databaseNames } from "../names";

/** Where a cluster reads WAL it did not write: a recovery source or a replica source. */
export interface ArchiveSource {
    /** Name of the `externalClusters` entry. */
    externalName: string;
    /** The cluster whose archive is read. */
    cluster: string;
    /** ObjectStore that points at that archive. */
    objectStore: string;
    /** Barman server name the archive was written under. */
    serverName: string;
}

/**
 * The primary's place in a region pair (`database.standbyOf`), as CloudNativePG 1.30's distributed
 * topology spells it (cloudnative-pg v1.30.0 docs/src/replica_cluster.md, "Distributed Topology";
 * api/v1/cluster_types.go ReplicaClusterConfiguration): `replica.primary` names the pair's
 * primary, `replica.source` the external cluster this one replays from.
 */
export interface PairPlan {
    /** The other region's cluster, read through a read-only ObjectStore on its replicated archive. */
    other: ArchiveSource;
    /**
     * The external cluster that names THIS cluster. The design fixed only the other's entry; CNPG
     * 1.30's webhook refuses a `replica.primary` that is not an `externalClusters` name
     * (internal/webhook/v1/cluster_webhook.go, validateReplicaClusterExternalClusters), so a
     * promoted cluster (primary = itself) needs an entry for itself too, as the docs' example
     * lists every cluster of the pair in each. It points at this cluster's own store.
     */
    self: ArchiveSource;
    /** The pair's primary: this cluster once promoted, else the other. */
    primary: string;
    /** While a standby: a CNPG replica cluster (no writes, no scheduled backups). */
    standby: boolean;
    /** Planned switchover: the old primary's demotion token, rendered only once promoted. */
    promotionToken: string;
    /** Bootstrapped from the other archive (`bootstrap.recovery`); false keeps initdb (a former primary demoted in place). */
    bootstrapFromOther: boolean;
}

/** The primary after a major upgrade: it archives into a new generation (names.ts archiveGeneration). */
export interface MajorUpgradePlan {
    /** The major it now runs. */
    major: number;
    /** The generation it was created in (the cluster name), whose weekly backups are suspended. */
    creationGeneration: string;
}

export interface ClusterPlan {
    /** primary | restore | delayed */
    role: string;
    /**
     * Suffix of its resources' logical names: the role, plus `-pg<major>` for a delayed replica of
     * an upgraded primary, so the replica of a new generation is a new object (created after that
     * generation's first base backup), never an in-place upgrade of a replica (pg_upgrade refuses a
     * data directory shut down in recovery: PostgreSQL src/bin/pg_upgrade/controldata.c).
     */
    key: string;
    name: string;
    /** PostgreSQL operand image: the stack's, or for a restore the major of the generation it reads. */
    image: string;
    /** primary only, after a major upgrade. */
    upgrade?: MajorUpgradePlan;
    instances: number;
    /** Its own ObjectStore: archives and base backups of this cluster go there and nowhere else. */
    objectStore: string;
    /** Folder under the backup store's base URL that this cluster's ObjectStore points at. */
    archivePrefix: string;
    serverName: string;
    /** Runs with WAL archiving on (off for the delayed replica, see delayedReplicaSpec). */
    archivesWal: boolean;
    /** Takes weekly full and (where possible) daily snapshot backups. */
    scheduledBackups: boolean;
    /** Bootstrapped from (restore) or fed from (delayed) another cluster's archive. */
    source?: ArchiveSource;
    /** primary only, in a region pair (`database.standbyOf.cluster` set). */
    pair?: PairPlan;
    /** restore only: RFC 3339 recovery target; empty = end of the archive. */
    recoveryTargetTime: string;
    /** The FHIR server connects to this cluster. */
    servesFhir: boolean;
    /**
     * Its NetworkPolicy admits the FHIR pods: the cluster they use, and the primary while a
     * restore is configured. The FHIR Deployment switches to the restored cluster only at the end
     * of the `pulumi up` that starts the restore (after its first base backup); until then it
     * still talks to the primary, which must not lose that rule at the start of the update.
     */
    admitsFhir: boolean;
}

/** An ObjectStore for an archive this stack only reads (a restore from a cluster it does not run, the other region's archive). */
export interface ReadOnlyStore {
    /** Suffix of its logical name. */
    key: string;
    name: string;
    archivePrefix: string;
    cluster: string;
    /** Base URL of the archive when it is not this stack's backup store (the other region's replica). */
    baseURL?: string;
}

export interface DatabaseTopology {
    clusters: ClusterPlan[];
    readOnlyStores: ReadOnlyStore[];
}

/** The archive of cluster `c` lives at `<backup store base URL>/<c>/<c>/{wals,base}`. */
export function archivePrefix(cluster: string): string {
    return cluster;
}

function sourceOf(cluster: string, externalName: string, names: ReturnType<typeof databaseNames>, serverName = names.serverName(cluster)): ArchiveSource {
    return { externalName, cluster, objectStore: names.objectStore(cluster), serverName };
}

/** Problems the generic validation cannot see because they concern the rendered topology. */
function topologyProblems(config: FhirHaConfig, names: ReturnType<typeof databaseNames>): string[] {
    const restore = config.database.restore;
    if (!restore.enabled) return [];
    const problems: string[] = [];
    if (restore.sourceCluster === restore.clusterName) {
        problems.push(
            `fhir-ha:database.restore.sourceCluster = ${JSON.stringify(restore.sourceCluster)}: must differ from ` +
                "fhir-ha:database.restore.clusterName; the new cluster reads the source's archive and writes its own",
        );
    }
    if (names.delayedCluster && restore.sourceCluster === names.delayedCluster) {
        problems.push(
            `fhir-ha:database.restore.sourceCluster = ${JSON.stringify(restore.sourceCluster)}: the delayed replica keeps no archive; ` +
                `restore from ${JSON.stringify(names.primaryCluster)} (or a cluster of another stack whose archive is in the bucket)`,
        );
    }
    return problems;
}

function pairPlan(config: FhirHaConfig, names: ReturnType<typeof databaseNames>): PairPlan | undefined {
    const s = config.database.standbyOf;
    if (!s.cluster) return undefined;
    const self = names.primaryCluster;
    const standby = isStandby(config);
    return {
        // The external clusters are named after the clusters, as in CNPG's example, so
        // `replica.primary` reads as the cluster it names.
        other: sourceOf(s.cluster, s.cluster, names, s.serverName),
        self: sourceOf(self, self, names),
        primary: standby ? s.cluster : self,
        standby,
        promotionToken: standby ? "" : s.promotionToken,
        bootstrapFromOther: s.createdAsStandby,
    };
}

export function databaseTopology(config: FhirHaConfig): DatabaseTopology {
    const db = config.database;
    const names = databaseNames(config);
    const problems = topologyProblems(config, names);
    if (problems.length > 0) throw new ConfigValidationError(problems);

    const base = (role: string, name: string, instances: number): ClusterPlan => ({
        role,
        key: role,
        name,
        image: db.image,
        instances,
        objectStore: names.objectStore(name),
        archivePrefix: archivePrefix(name),
        serverName: names.serverName(name),
        archivesWal: true,
        scheduledBackups: true,
        recoveryTargetTime: "",
        servesFhir: name === names.activeCluster,
        admitsFhir: name === names.activeCluster || (db.restore.enabled && name === names.primaryCluster),
    });

    const upgraded = names.primaryGeneration !== names.primaryCluster;
    const readOnlyStores: ReadOnlyStore[] = [];
    const pair = pairPlan(config, names);
    if (pair) {
        // The other region's archive as replicated into this one, read only: no retention policy,
        // and no cluster names it as its WAL archiver.
        readOnlyStores.push({
            key: "standby-source-store",
            name: pair.other.objectStore,
            archivePrefix: archivePrefix(pair.other.cluster),
            cluster: pair.other.cluster,
            baseURL: db.standbyOf.archiveURL,
        });
    }
    const clusters: ClusterPlan[] = [
        {
            ...base("primary", names.primaryCluster, db.instances),
            ...(upgraded ? { upgrade: { major: db.postgresVersion, creationGeneration: names.primaryCluster } } : {}),
            ...(pair ? { pair } : {}),
            // A standby's first base backup is taken once promoted: the weekly schedule's
            // `immediate` backup then starts the new primary's archive.
            scheduledBackups: !pair?.standby,
        },
    ];
    if (names.restoreCluster) {
        const source = db.restore.sourceCluster;
        // A source this stack does not run (e.g. the cluster of a lost region whose bucket
        // survived) gets an ObjectStore of its own that no cluster archives into.
        if (source !== names.primaryCluster) {
            readOnlyStores.push({ key: "restore-source-store", name: names.objectStore(source), archivePrefix: archivePrefix(source), cluster: source });
        }
        // The generation read follows restore.sourceMajor (validated against the stack's
        // generations), and the new cluster runs that major: a base backup restores only on the
        // binaries of the major that took it.
        const sourceMajor = db.restore.sourceMajor;
        clusters.push({
            ...base("restore", names.restoreCluster, db.instances),
            image: sourceMajor === db.postgresVersion ? db.image : POSTGRES_IMAGES[sourceMajor],
            source: sourceOf(source, "recovery-source", names, archiveGeneration(source, sourceMajor, db.createdWithMajor)),
            // RFC 3339 allows a space for the "T"; CNPG's parser (machinery types.ParseTargetTime:
            // lib/pq's format, then Go's RFC 3339) reads "…Z" only with the "T".
            recoveryTargetTime: db.restore.targetTime.replace(" ", "T"),
        });
    }
    if (names.delayedCluster && pair?.standby && pair.bootstrapFromOther) {
        // A standby created as one has no base backup in its own archive before its promotion,
        // so its delayed replica bootstraps from and replays the other region's archive (the
        // read-only copy in this region, whose base backups the standby itself was created from).
        // The promotion replaces it by the delayed replica of this cluster's archive (another
        // name: names.ts), created after that archive's first base backup, as a restore or a major
        // upgrade does; the old one is retained and stops where the other region's archive ends.
        clusters.push({
            ...base("delayed", names.delayedCluster, db.delayedReplica.instances),
            source: { ...pair.other, externalName: "replica-source" },
            archivesWal: false,
            scheduledBackups: false,
        });
    } else if (names.delayedCluster && !pair?.standby) {
        // The delayed replica bootstraps from the active cluster's own archive. A primary demoted
        // in place runs none while a standby: its replica stays in Kubernetes (retained), and the
        // runbook hibernates it (docs/runbooks/region-loss.md).
        const followed = clusters.find((c) => c.name === names.activeCluster)!;
        clusters.push({
            ...base("delayed", names.delayedCluster, db.delayedReplica.instances),
            key: followed.upgrade ? `delayed-pg${followed.upgrade.major}` : "delayed",
            // It replays the followed cluster's WAL, so it runs the same major.
            image: followed.image,
            // It follows whichever cluster the FHIR server writes to.
            source: sourceOf(names.activeCluster, "replica-source", names),
            archivesWal: false,
            scheduledBackups: false,
        });
    }
    return { clusters, readOnlyStores };
}
