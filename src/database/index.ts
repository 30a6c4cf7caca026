/**
 * The database tier: CloudNativePG clusters for the FHIR server with the Barman Cloud plugin,
 * on any target that satisfies `ClusterTarget`. See docs/database.md.
 */
import * as admissionv1 from "@pulumi/kubernetes/admissionregistration/v1";
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as batchv1 from "@pulumi/kubernetes/batch/v1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as networkingv1 from "@pulumi/kubernetes/networking/v1";
import * as rbacv1 from "@pulumi/kubernetes/rbac/v1";
import * as pulumi from "@pulumi/pulumi";
import { ClusterTarget } from "../cloud/types";
import { backupPolicy } from "../config/backup-policy";
import { parseDuration } from "../config/duration";
import { KUBECTL_IMAGE } from "../config/pins";
import { inPair, isStandby } from "../config/standby";
import { FhirHaConfig } from "../config/types";
import { databaseNames, fhirPodLabels } from "../names";
import { delayedReplicaManifest } from "./delayed-replica";
import { networkPolicySpec } from "./network-policy";
import { databaseNotes } from "./notes";
import { objectStoreManifest } from "./object-store";
import { DatabaseOperators } from "./operators";
import { ClusterManifestArgs, primaryClusterManifest } from "./primary-cluster";
import { restoreClusterManifest } from "./restore-cluster";
import { restoreImmutableBinding, restoreImmutablePolicy, restoreImmutablePolicyName } from "./restore-immutable";
import { FIRST_BACKUP_TIMEOUT_SECONDS, MAJOR_UPGRADE_TIMEOUT_SECONDS, upgradeWaitJob, waitJob, waitRole, waitRoleBinding, waitServiceAccount } from "./first-backup-wait";
import { dailySnapshotBackupManifest, snapshotBackupName, weeklyBackupName, weeklyFullBackupManifest } from "./scheduled-backups";
import { prunerCronJob, prunerRole, prunerRoleBinding, prunerServiceAccount } from "./snapshot-pruner";
import { ClusterPlan, databaseTopology } from "./topology";

export interface FhirDatabaseArgs {
    config: FhirHaConfig;
    target: ClusterTarget;
    namespace: pulumi.Input<string>;
}

const MANIFESTS: Record<string, (a: ClusterManifestArgs) => apiextensions.CustomResourceArgs> = {
    primary: primaryClusterManifest,
    restore: restoreClusterManifest,
    delayed: delayedReplicaManifest,
};

export class FhirDatabase extends pulumi.ComponentResource {
    /** The cluster the FHIR server uses. */
    public readonly clusterName: string;
    /** Secret with the FHIR server's database credentials (CNPG generates it). */
    public readonly appSecretName: string;
    /** Read-write service of the active cluster. */
    public readonly rwService: string;
    /** Whether daily volume-snapshot backups are rendered (the target has a VolumeSnapshotClass). */
    public readonly snapshotBackups: boolean;
    /**
     * The stack's cluster is a standby of the other region's (config/standby.ts isStandby): it
     * replays, nothing writes to it, so the FHIR tier runs no pods until promotion.
     */
    public readonly standby: boolean;
    /** Facts the plan prints, e.g. that a target has no snapshot backups. */
    public readonly notes: string[];
    /** Resources that must be ready before cert-manager can sign certificates (for the FHIR tier's TLS). */
    public readonly certManagerReady: pulumi.Resource[];
    /**
     * What the FHIR tier waits for before its pods change: the whole tier (this component), except
     * for a promoted member of a region pair, where it is the cluster it connects to and that
     * cluster's ingress rules. A promotion creates the backups and their first-backup wait, a full
     * base backup of the whole database; FHIR service must not wait for it (the recovery time is
     * the promotion's, docs/runbooks/region-loss.md).
     */
    public readonly fhirReady: pulumi.Resource[];

    constructor(name: string, args: FhirDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        // Plain config decides everything below; a bad combination throws before registration.
        const topology = databaseTopology(args.config);
        super("fhir-ha:database:FhirDatabase", name, {}, opts);
        const { config, target, namespace } = args;
        const names = databaseNames(config);
        const policy = backupPolicy(config.backup, config.database);
        const store = target.backupStore;
        this.snapshotBackups = target.volumeSnapshotClassName !== undefined;
        this.standby = isStandby(config);
        const promotedPairMember = inPair(config) && !this.standby;
        this.clusterName = names.activeCluster;
        this.appSecretName = names.appSecret;
        this.rwService = names.rwService;
        this.notes = databaseNotes(config, this.snapshotBackups);

        const fhir = config.fhir;
        const operators = new DatabaseOperators(
            `${name}-operators`,
            { charts: config.charts, features: { gatewayApi: fhir?.expose === "gateway" && fhir?.tls?.issuer === "acme" } },
            { parent: this },
        );
        // What must be ready before cert-manager can sign: the Job that waits until its webhook
        // admits Certificates (a ready Deployment is not yet an injected CA bundle). The FHIR
        // tier's Issuer and Certificate depend on this one field.
        this.certManagerReady = operators.certManagerReady;
        // Stateful, or needed by something stateful: a `pulumi destroy` or a config change
        // leaves them in the cluster (CNPG deletes a Cluster's volumes with the Cluster). They are
        // created through the retained-objects provider (upsertExistingObjects), so a flow that
        // renders one again while it is still there (ending a restore, re-enabling the delayed
        // replica) adopts it instead of failing with AlreadyExists: src/cloud/kubernetes-provider.ts.
        const keep = { parent: this, retainOnDelete: true, provider: target.retainedObjectsProvider };

        const credentials = store.credentialsSecret
            ? [
                  new corev1.Secret(
                      `${name}-backup-credentials`,
                      { metadata: { name: store.credentialsSecret.name, namespace }, stringData: store.credentialsSecret.stringData },
                      keep,
                  ),
              ]
            : [];

        const stores: Record<string, apiextensions.CustomResource> = {};
        const addStore = (resourceName: string, storeName: string, archivePrefix: string, writable: boolean, baseURL?: string) => {
            stores[storeName] = new apiextensions.CustomResource(
                resourceName,
                objectStoreManifest({ name: storeName, namespace, store, archivePrefix, policy, writable, baseURL }),
                { ...keep, dependsOn: [operators, ...credentials] },
            );
        };
        for (const s of topology.readOnlyStores) addStore(`${name}-${s.key}`, s.name, s.archivePrefix, false, s.baseURL);
        for (const plan of topology.clusters) addStore(`${name}-${plan.key}-store`, plan.objectStore, plan.archivePrefix, true);

        // Refuses a changed target or source on an existing restore cluster (restore-immutable.ts).
        const policyName = restoreImmutablePolicyName(config.namespace);
        const restorePolicy = new admissionv1.ValidatingAdmissionPolicy(`${name}-restore-immutable`, restoreImmutablePolicy(policyName), { parent: this });
        const restorePolicyBinding = new admissionv1.ValidatingAdmissionPolicyBinding(
            `${name}-restore-immutable`,
            restoreImmutableBinding(policyName, namespace),
            { parent: this, dependsOn: [restorePolicy] },
        );

        const firstBackups: Record<string, pulumi.Resource> = {};
        const activeClusterResources: pulumi.Resource[] = [];
        for (const plan of topology.clusters) {
            // A cluster that reads another's archive waits for that store and, when this stack
            // writes it, for its first base backup (recovery needs one to start from).
            const sourceDeps: pulumi.Resource[] = plan.pair ? [stores[plan.pair.other.objectStore]] : [];
            if (plan.source) {
                sourceDeps.push(stores[plan.source.objectStore]);
                const firstBackup = firstBackups[plan.source.cluster];
                if (firstBackup) sourceDeps.push(firstBackup);
            }
            const cluster = new apiextensions.CustomResource(
                `${name}-${plan.key}`,
                MANIFESTS[plan.role]({
                    config,
                    plan,
                    names,
                    namespace,
                    store,
                    policy,
                    storageClassName: target.storageClassName,
                    volumeAttributesClassName: target.volumeAttributesClassName,
                    // A standby keeps its snapshot settings, so that promotion changes only `replica`.
                    volumeSnapshotClassName: plan.scheduledBackups || plan.pair ? target.volumeSnapshotClassName : undefined,
                }),
                {
                    ...keep,
                    dependsOn: [operators, stores[plan.objectStore], ...sourceDeps, ...(plan.role === "restore" ? [restorePolicyBinding] : [])],
                },
            );
            const ingress = new networkingv1.NetworkPolicy(
                `${name}-${plan.key}-ingress`,
                networkPolicySpec({
                    name: `${plan.name}-ingress`,
                    namespace,
                    cluster: plan.name,
                    fhirPodLabels: plan.admitsFhir ? fhirPodLabels(config.fhir.engine) : undefined,
                }),
                // Retained like its Cluster: a cluster left running (the previous delayed replica
                // after a restore, a cluster dropped from config) keeps its ingress rules.
                keep,
            );
            if (plan.servesFhir) activeClusterResources.push(operators, cluster, ingress);
            if (plan.scheduledBackups) {
                // A restored cluster's wait covers the restore itself (base backup download and
                // WAL replay), so it is the restore's configured timeout. A promoted pair member's
                // first base backup copies a database that already holds all its data, as large as
                // a restore's, so it gets the same bound.
                const long = plan.role === "restore" || (promotedPairMember && plan.role === "primary");
                const timeout = long ? parseDuration(config.database.restore.timeout)! : FIRST_BACKUP_TIMEOUT_SECONDS;
                firstBackups[plan.name] = this.backups(name, plan, cluster, namespace, policy, target, timeout);
            }
        }

        this.fhirReady = promotedPairMember ? activeClusterResources : [this];

        this.registerOutputs({
            clusterName: this.clusterName,
            appSecretName: this.appSecretName,
            rwService: this.rwService,
            snapshotBackups: this.snapshotBackups,
            standby: this.standby,
            notes: this.notes,
        });
    }

    /**
     * Weekly full and (where possible) daily snapshot backups of a cluster, and the Job that waits
     * for its first base backup (the weekly schedule's `immediate` one); returns that Job.
     */
    private backups(
        name: string,
        plan: ClusterPlan,
        cluster: pulumi.Resource,
        namespace: pulumi.Input<string>,
        policy: ReturnType<typeof backupPolicy>,
        target: ClusterTarget,
        timeoutSeconds: number,
    ): pulumi.Resource {
        const prefix = `${name}-${plan.key}`;
        // Retained: deleting a ScheduledBackup deletes the Backups it owns, and with them their
        // VolumeSnapshots (snapshotOwnerReference: backup), even while the Cluster is retained.
        // The CRD makes a ScheduledBackup's cluster immutable (CEL `self == oldSelf`,
        // schemas/cloudnative-pg/); pulumi-kubernetes does not know CEL rules and would send an
        // update the API server rejects, so a change of it replaces the object instead.
        const scheduledOptions = {
            parent: this,
            provider: target.retainedObjectsProvider,
            dependsOn: [cluster],
            retainOnDelete: true,
            replaceOnChanges: ["spec.cluster"],
            deleteBeforeReplace: true,
        };
        // After a major upgrade (docs/runbooks/major-upgrade.md) the wait is keyed by the new
        // archive generation (plan.serverName): a new Job waits for CNPG's upgrade to finish,
        // only then the generation's weekly schedule is created (its `immediate` backup is the new
        // major's first), and the first-backup wait counts only that schedule's Backups.
        const upgrade = plan.upgrade;
        const generation = upgrade ? plan.serverName : plan.name;
        const wait = {
            name: `${generation}-first-backup`,
            namespace,
            cluster: plan.name,
            // The new generation's first backup is a full backup of the whole database, not of a
            // new, empty one.
            timeoutSeconds: upgrade ? Math.max(timeoutSeconds, MAJOR_UPGRADE_TIMEOUT_SECONDS) : timeoutSeconds,
            image: KUBECTL_IMAGE,
            ...(upgrade ? { scheduledBackup: weeklyBackupName(generation), upgradeMajor: upgrade.major } : {}),
        };
        const waitSa = new corev1.ServiceAccount(`${prefix}-first-backup`, waitServiceAccount(wait), { parent: this });
        const waitRoleRes = new rbacv1.Role(`${prefix}-first-backup`, waitRole(wait), { parent: this });
        const waitBinding = new rbacv1.RoleBinding(`${prefix}-first-backup`, waitRoleBinding(wait), {
            parent: this,
            dependsOn: [waitSa, waitRoleRes],
        });
        let weekly: pulumi.Resource;
        if (upgrade) {
            // The creation generation's schedule stays, suspended: it keeps its logical name and
            // object, so nothing is replaced or retained-and-still-running.
            new apiextensions.CustomResource(
                `${prefix}-weekly-full`,
                weeklyFullBackupManifest({ cluster: plan.name, generation: upgrade.creationGeneration, namespace, policy, suspended: true }),
                scheduledOptions,
            );
            const upgraded = new batchv1.Job(
                `${prefix}-upgraded-pg${upgrade.major}`,
                upgradeWaitJob({ ...wait, jobName: `${generation}-upgraded`, upgradeMajor: upgrade.major }),
                { parent: this, dependsOn: [waitBinding, cluster] },
            );
            weekly = new apiextensions.CustomResource(
                `${prefix}-weekly-full-pg${upgrade.major}`,
                weeklyFullBackupManifest({ cluster: plan.name, generation, namespace, policy }),
                { ...scheduledOptions, dependsOn: [cluster, upgraded] },
            );
        } else {
            weekly = new apiextensions.CustomResource(
                `${prefix}-weekly-full`,
                weeklyFullBackupManifest({ cluster: plan.name, namespace, policy }),
                scheduledOptions,
            );
        }
        const firstBackup = new batchv1.Job(`${prefix}-first-backup`, waitJob(wait), { parent: this, dependsOn: [waitBinding, weekly] });
        if (target.volumeSnapshotClassName !== undefined) {
            const scheduled = new apiextensions.CustomResource(
                `${prefix}-daily-snapshot`,
                dailySnapshotBackupManifest({ cluster: plan.name, namespace, policy }),
                scheduledOptions,
            );
            const pruner = {
                name: `${plan.name}-snapshot-pruner`,
                namespace,
                cluster: plan.name,
                scheduledBackup: snapshotBackupName(plan.name),
                retentionDays: policy.retentionDays,
                image: KUBECTL_IMAGE,
            };
            const sa = new corev1.ServiceAccount(`${prefix}-pruner`, prunerServiceAccount(pruner), { parent: this });
            const role = new rbacv1.Role(`${prefix}-pruner`, prunerRole(pruner), { parent: this });
            const binding = new rbacv1.RoleBinding(`${prefix}-pruner`, prunerRoleBinding(pruner), { parent: this, dependsOn: [sa, role] });
            new batchv1.CronJob(`${prefix}-snapshot-pruner`, prunerCronJob(pruner), { parent: this, dependsOn: [binding, scheduled] });
        }
        return firstBackup;
    }
}
