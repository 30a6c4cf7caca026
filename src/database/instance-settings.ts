/**
 * The parts of a CNPG Cluster spec every cluster of the stack shares: image, placement across
 * zones, volumes, resources, workload identity and the Barman Cloud plugin that archives it.
 */
import * as pulumi from "@pulumi/pulumi";
import { BackupStore } from "../cloud/types";
import { BackupPolicy } from "../config/backup-policy";
import { parseQuantity } from "../config/quantity";
import { FhirHaConfig } from "../config/types";
import { BARMAN_PLUGIN, ZONE_LABEL } from "./constants";
import { ArchiveSource, ClusterPlan } from "./topology";

/**
 * Postgres container resources from `database.cpu` / `database.memory`, requests = limits. With
 * the Barman Cloud sidecar sized the same way (object-store.ts, `instanceSidecarConfiguration`),
 * every container of the pod has equal requests and limits, so the pods get the Guaranteed QoS
 * class CloudNativePG recommends for production: the last to be evicted under node pressure,
 * and eligible for exclusive CPUs under the static CPU manager. The price is that checkpoints and
 * vacuum cannot burst above `database.cpu`. CNPG gives its bootstrap init
 * container the same resources (pkg/specs/containers.go, createBootstrapContainer).
 */
export function postgresResources(cpu: string, memory: string) {
    return { requests: { cpu, memory }, limits: { cpu, memory } };
}

/** A quarter of the memory limit, PostgreSQL's usual starting point for shared_buffers, in MB. */
export function sharedBuffers(memory: string): string {
    const bytes = parseQuantity(memory);
    if (bytes === undefined) throw new Error(`fhir-ha:database.memory = ${JSON.stringify(memory)}: not a quantity`);
    return `${Math.floor(bytes / 4 / 2 ** 20)}MB`;
}

/**
 * WAL a replication slot may hold back, in MB: half the WAL volume. A standby that is down
 * longer loses its slot (and is re-cloned by CNPG) instead of filling the primary's WAL disk,
 * which would stop every write.
 */
export function maxSlotWalKeepSize(walStorageSize: string): string {
    const bytes = parseQuantity(walStorageSize);
    if (bytes === undefined) throw new Error(`fhir-ha:database.walStorageSize = ${JSON.stringify(walStorageSize)}: not a quantity`);
    return `${Math.floor(bytes / 2 / 1024 / 1024)}MB`;
}

/** A volume of `size` on the target's StorageClass; an empty class name means the cluster default. */
export function volume(size: string, storageClassName: pulumi.Input<string>, volumeAttributesClassName?: pulumi.Input<string>): pulumi.Output<Record<string, unknown>> {
    return pulumi.all([storageClassName, volumeAttributesClassName]).apply(([sc, vac]): Record<string, unknown> => ({
        size,
        ...(sc ? { storageClass: sc } : {}),
        // Provisioned IOPS / throughput: CloudNativePG 1.30 builds each PVC from this template and
        // copies the class onto existing PVCs (pkg/reconciler/persistentvolumeclaim/build.go,
        // existing.go), so a change reaches running volumes in place.
        ...(vac ? { pvcTemplate: { volumeAttributesClassName: vac } } : {}),
    }));
}

/** The plugin entry that makes the Barman Cloud plugin archive this cluster into its own store. */
export function walArchiverPlugin(plan: ClusterPlan) {
    return {
        name: BARMAN_PLUGIN,
        enabled: true,
        isWALArchiver: true,
        parameters: { barmanObjectName: plan.objectStore, serverName: plan.serverName },
    };
}

/**
 * The external cluster that reads an archive through the plugin (no streaming). Its parameters
 * are the plugin's two: `barmanObjectName` (the ObjectStore) and `serverName` (the archive's
 * folder in it); https://cloudnative-pg.io/plugin-barman-cloud/docs/parameters.
 */
export function archiveExternalCluster(source: ArchiveSource) {
    return {
        name: source.externalName,
        plugin: {
            name: BARMAN_PLUGIN,
            enabled: true,
            parameters: { barmanObjectName: source.objectStore, serverName: source.serverName },
        },
    };
}

export interface SharedSettingsArgs {
    config: FhirHaConfig;
    plan: ClusterPlan;
    store: BackupStore;
    storageClassName: pulumi.Input<string>;
    /** Provisioned disk performance (ClusterTarget.volumeAttributesClassName); undefined at the baseline. */
    volumeAttributesClassName?: pulumi.Input<string>;
    policy: BackupPolicy;
}

export function sharedClusterSettings(args: SharedSettingsArgs) {
    const { config, plan, store, policy } = args;
    const db = config.database;
    const annotations = store.serviceAccountAnnotations;
    return {
        instances: plan.instances,
        // The stack's image, except for a restore of an older archive generation (topology.ts).
        // A change of its major is an offline in-place pg_upgrade by CloudNativePG; the primary
        // then archives into a new generation (plan.serverName), see docs/runbooks/major-upgrade.md.
        imageName: plan.image,
        // Rolling updates move the primary by switchover (seconds of read-only) and never
        // wait for a human: the standbys are updated first.
        primaryUpdateStrategy: "unsupervised",
        primaryUpdateMethod: "switchover",
        // A PodDisruptionBudget on a single-instance cluster (the delayed replica, a dev stack)
        // would block every node drain, and so node upgrades and scale-down; with several
        // instances CNPG switches over before the primary's node is drained.
        enablePDB: plan.instances > 1,
        affinity: {
            enablePodAntiAffinity: true,
            // One instance per zone, as a hard rule: two instances sharing a zone would both be
            // lost with it. validateConfig keeps instances <= zones, so this always schedules.
            podAntiAffinityType: "required",
            topologyKey: ZONE_LABEL,
        },
        storage: volume(db.storageSize, args.storageClassName, args.volumeAttributesClassName),
        // WAL on its own volume: a burst of WAL cannot fill the data volume, and the two are
        // snapshotted together for snapshot backups.
        walStorage: volume(db.walStorageSize, args.storageClassName, args.volumeAttributesClassName),
        resources: postgresResources(db.cpu, db.memory),
        postgresql: {
            parameters: {
                archive_timeout: policy.archiveTimeout,
                shared_buffers: sharedBuffers(db.memory),
                max_slot_wal_keep_size: maxSlotWalKeepSize(db.walStorageSize),
            },
        },
        plugins: [walArchiverPlugin(plan)],
        // The service account CNPG creates for the cluster (named after it) is the identity the
        // cloud's IAM trusts for the bucket (IRSA role, GKE service account, Azure client id).
        ...(Object.keys(annotations).length > 0 ? { serviceAccountTemplate: { metadata: { annotations } } } : {}),
        ...(Object.keys(store.podLabels).length > 0 ? { inheritedMetadata: { labels: store.podLabels } } : {}),
    };
}
