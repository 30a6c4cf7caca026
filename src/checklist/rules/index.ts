/** Every rule, in report order: the seed's items first, then security. */
import { Rule } from "../types";
import { backupAccessLogs } from "./backup-access-logs";
import { backupEncrypted } from "./backup-encrypted";
import { backupIdentityIsolated } from "./backup-identity-isolated";
import { backupNotPublic } from "./backup-not-public";
import { backupReplicated } from "./backup-replicated";
import { backupTlsOnly } from "./backup-tls-only";
import { backupVersioned } from "./backup-versioned";
import { bucketRetention } from "./bucket-retention";
import { dailySnapshot } from "./daily-snapshot";
import { databaseDiskFloor } from "./database-disk-floor";
import { databaseDiskNodeCap } from "./database-disk-node-cap";
import { databaseNetworkPolicy } from "./database-network-policy";
import { delayedReplicaFromArchive } from "./delayed-replica-from-archive";
import { delayedReplicaOwnArchive } from "./delayed-replica-own-archive";
import { delayedReplicaWindow } from "./delayed-replica-window";
import { fhirDisruptionBudget } from "./fhir-disruption-budget";
import { fhirHapiAuthentication } from "./fhir-hapi-authentication";
import { fhirLivenessProbe } from "./fhir-liveness-probe";
import { fhirLivenessWithoutDatabase } from "./fhir-liveness-without-database";
import { fhirNetworkPolicy } from "./fhir-network-policy";
import { fhirNoPlaintextExposure } from "./fhir-no-plaintext-exposure";
import { fhirReadinessProbe } from "./fhir-readiness-probe";
import { fhirReplicas } from "./fhir-replicas";
import { fhirRestrictedPods } from "./fhir-restricted-pods";
import { fhirImageDigest } from "./fhir-image-digest";
import { fhirRollingUpdate } from "./fhir-rolling-update";
import { fhirStartupProbe } from "./fhir-startup-probe";
import { fhirZoneSpread } from "./fhir-zone-spread";
import { firstFullBackup } from "./first-full-backup";
import { monitoringPresent } from "./monitoring-present";
import { nodesPatched } from "./nodes-patched";
import { nodesSelfHealing } from "./nodes-self-healing";
import { restorePath } from "./restore-path";
import { retentionPolicy } from "./retention-policy";
import { runbooksNameClusters } from "./runbooks-name-clusters";
import { runbooksPresent } from "./runbooks-present";
import { runbooksReachable } from "./runbooks-reachable";
import { snapshotPruning } from "./snapshot-pruning";
import { statefulProtected } from "./stateful-protected";
import { syncDurability } from "./sync-durability";
import { syncFailoverQuorum } from "./sync-failover-quorum";
import { syncInstances } from "./sync-instances";
import { syncOnePerZone } from "./sync-one-per-zone";
import { syncStandbys } from "./sync-standbys";
import { walArchiving } from "./wal-archiving";
import { weeklyFullBackup } from "./weekly-full-backup";
import { workloadIdentity } from "./workload-identity";
import { zonesAtLeastTwo } from "./zones-at-least-two";
import { zonesThree } from "./zones-three";
import { notWhileStandby } from "./standby";
import { delayedClusters } from "../delayed";
import { standbyReplaysReplicatedArchive } from "./standby-replays-replicated-archive";
import { kubernetesVersionSupport } from "./kubernetes-version-support";
import { kubernetesAuditLogs } from "./kubernetes-audit-logs";
import { nodeDiskEncryption } from "./node-disk-encryption";

export const RULES: Rule[] = [
    zonesAtLeastTwo,
    zonesThree,
    nodesSelfHealing,
    notWhileStandby(fhirReplicas, "no FHIR pods run until promotion (nothing may write to a standby)"),
    fhirZoneSpread,
    notWhileStandby(fhirDisruptionBudget, "no FHIR pods run until promotion (nothing may write to a standby)"),
    fhirRollingUpdate,
    fhirReadinessProbe,
    fhirLivenessProbe,
    fhirStartupProbe,
    fhirLivenessWithoutDatabase,
    syncInstances,
    syncStandbys,
    syncDurability,
    syncFailoverQuorum,
    syncOnePerZone,
    databaseDiskFloor,
    databaseDiskNodeCap,
    notWhileStandby(
        delayedReplicaWindow,
        "a primary demoted in place runs no delayed replica until promoted again (a standby created as one runs one on the other region's archive)",
        (ctx) => delayedClusters(ctx).length > 0,
    ),
    delayedReplicaFromArchive,
    delayedReplicaOwnArchive,
    walArchiving,
    notWhileStandby(dailySnapshot, "a standby takes no backups; its first full backup is the weekly schedule's immediate one at promotion"),
    notWhileStandby(weeklyFullBackup, "a standby takes no backups; its first full backup is the weekly schedule's immediate one at promotion"),
    notWhileStandby(firstFullBackup, "a standby takes no backups; its first full backup is the weekly schedule's immediate one at promotion"),
    retentionPolicy,
    notWhileStandby(snapshotPruning, "a standby takes no backups; its first full backup is the weekly schedule's immediate one at promotion"),
    bucketRetention,
    backupReplicated,
    runbooksPresent,
    runbooksNameClusters,
    restorePath,
    standbyReplaysReplicatedArchive,
    backupEncrypted,
    backupVersioned,
    backupNotPublic,
    backupTlsOnly,
    workloadIdentity,
    databaseNetworkPolicy,
    fhirRestrictedPods,
    statefulProtected,
    fhirNetworkPolicy,
    fhirNoPlaintextExposure,
    fhirHapiAuthentication,
    monitoringPresent,
    runbooksReachable,
    kubernetesVersionSupport,
    nodesPatched,
    fhirImageDigest,
    kubernetesAuditLogs,
    backupAccessLogs,
    nodeDiskEncryption,
    backupIdentityIsolated,
];
