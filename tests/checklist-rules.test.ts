/**
 * Every checklist rule, passing on the real plans of the shipped stacks and failing on copies of
 * them with one thing changed; the failure names what was found and the fhir-ha: key to change.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ChecklistEntry, contextFromPlan, evaluateRule, mandatoryFailures, PlanLike, RULES, runChecklist } from "../src/checklist";
import { FHIR_IMAGES } from "../src/config/pins";
import { all, contextOf, FailCase, find, mutated, planStacks, PlannedStack, remove } from "./checklist-plans";

const STACKS = ["local", "aws-prod", "gcp-prod", "azure-prod", "aws-dr"];
let plans: Record<string, PlannedStack>;

beforeAll(async () => {
    plans = await planStacks(STACKS);
}, 120_000);

const T = {
    deployment: "kubernetes:apps/v1:Deployment",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    cluster: "kubernetes:postgresql.cnpg.io/v1:Cluster",
    scheduled: "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup",
    backup: "kubernetes:postgresql.cnpg.io/v1:Backup",
    store: "kubernetes:barmancloud.cnpg.io/v1:ObjectStore",
    netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    cronJob: "kubernetes:batch/v1:CronJob",
    service: "kubernetes:core/v1:Service",
    gateway: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
    route: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    promRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
    podMonitor: "kubernetes:monitoring.coreos.com/v1:PodMonitor",
};

/** Every alert rule of the stack's PrometheusRule. */
const alertRules = (doc: PlanLike) => find(doc, T.promRule, "fhir-ha-alerts").inputs.spec.groups.flatMap((g: any) => g.rules);

function check(id: string, ctx: ReturnType<typeof contextOf>): ChecklistEntry {
    const rule = RULES.find((r) => r.id === id);
    if (!rule) throw new Error(`no rule ${id}`);
    return evaluateRule(rule, ctx);
}

const fhir = (doc: PlanLike) => find(doc, T.deployment, "fhir-server").inputs;
const container = (doc: PlanLike) => fhir(doc).spec.template.spec.containers[0];
const primary = (doc: PlanLike) => find(doc, T.cluster, "fhir-db").inputs;
const delayed = (doc: PlanLike) => find(doc, T.cluster, "fhir-db-delayed").inputs;


/** Pins every FHIR container image by a (made-up) digest, as `fhir.image` with `@sha256:` does. */
const pinDigest = (d: PlanLike) => {
    for (const c of fhir(d).spec.template.spec.containers) c.image = `${c.image}@sha256:${"ab".repeat(32)}`;
};

const FAILING: FailCase[] = [
    {
        rule: "standby-replays-replicated-archive",
        stack: "aws-dr",
        what: "the standby's source store pointed at its own bucket",
        change: (d) => {
            const own = find(d, T.store, "fhir-db-dr-store").inputs.spec.configuration.destinationPath as string;
            find(d, T.store, "fhir-db-store").inputs.spec.configuration.destinationPath = own.replace(/\/fhir-db-dr$/, "/fhir-db");
        },
        evidence: [/Cluster fhir-db-dr: reads s3:\/\/\S+\/fhir-db\/fhir-db from its own store s3:\/\/\S+: not the other region's replicated archive/, /fhir-ha:database\.standbyOf\.archiveURL/],
    },
    {
        rule: "standby-replays-replicated-archive",
        stack: "aws-dr",
        what: "its own archive not replicated",
        change: (d) => remove(d, "aws:s3/bucketReplicationConfig:BucketReplicationConfig"),
        evidence: [/Cluster fhir-db-dr: its own archive s3:\/\/\S+\/fhir-db-dr\/fhir-db-dr is not replicated to the other region/, /fhir-ha:backup\.replica\.region/],
    },
    {
        rule: "database-disk-floor",
        stack: "azure-prod",
        what: "Premium SSD v1 (a 20 GiB WAL disk is a P4, a 100 GiB data disk a P10)",
        change: (d) => (find(d, "kubernetes:storage.k8s.io/v1:StorageClass").inputs.parameters = { skuName: "Premium_LRS" }),
        evidence: [/Cluster fhir-db WAL volume: Premium_LRS at 20 GiB sustains 120 IOPS and 25 MB\/s/, /Cluster fhir-db data volume: Premium_LRS at 100 GiB sustains 500 IOPS and 100 MB\/s/, /fhir-ha:azure\.diskSku/],
    },
    {
        rule: "database-disk-floor",
        stack: "aws-prod",
        what: "the volumes' StorageClass is not in the plan",
        change: (d) => remove(d, "kubernetes:storage.k8s.io/v1:StorageClass"),
        evidence: [/Cluster fhir-db data volume: StorageClass fhir-ha-gp3 is not in the plan/],
    },
    {
        rule: "database-disk-node-cap",
        stack: "azure-prod",
        what: "a 2-vCPU node (D2s_v5 caps its disks at 85 MB/s)",
        change: (d) => all(d, "azure-native:containerservice:AgentPool").forEach((p) => (p.inputs.vmSize = "Standard_D2s_v5")),
        severity: "advisory",
        evidence: [/Standard_D2s_v5 caps its disks at 3750 IOPS and 85 MB\/s/, /fhir-ha:cluster\.nodeSize/],
    },
    {
        rule: "monitoring-present",
        stack: "local",
        what: "no alert rules (monitoring.mode none leaves them out)",
        change: (d) => remove(d, T.promRule, "fhir-ha-alerts"),
        evidence: [/no PrometheusRule or ClusterRules/, /fhir-ha:monitoring\.mode/],
    },
    {
        rule: "monitoring-present",
        stack: "aws-prod",
        what: "the Postgres PodMonitor no longer selects the delayed replica",
        change: (d) => (find(d, T.podMonitor, "fhir-ha-postgres").inputs.spec.selector.matchExpressions[0].values = ["fhir-db"]),
        evidence: [/port metrics of cluster\(s\) fhir-db-delayed/],
    },
    {
        rule: "runbooks-reachable-from-alerts",
        stack: "gcp-prod",
        what: "no alert opens the zone-loss runbook",
        change: (d) =>
            alertRules(d)
                .filter((r: any) => r.annotations.runbook_url.endsWith("zone-loss.md"))
                .forEach((r: any) => (r.annotations.runbook_url = "docs/runbooks/automatic-failover.md")),
        evidence: [/no alert's runbook_url points at zone-loss\.md/],
    },
    {
        rule: "zones-at-least-two",
        stack: "aws-prod",
        what: "every node group in one subnet",
        change: (d) => all(d, "aws:eks/nodeGroup:NodeGroup").forEach((g) => (g.inputs.subnetIds = ["fhir-aws-network-private-eu-central-1a-id"])),
        evidence: [/1 zone\(s\): eu-central-1a/, /fhir-ha:zones/],
    },
    {
        rule: "zones-at-least-two",
        stack: "local",
        what: "a database that no longer demands distinct zones",
        change: (d) => (primary(d).spec.affinity.podAntiAffinityType = "preferred"),
        evidence: [/Cluster fhir-db requires 1 distinct zone/, /fhir-ha:zones/],
    },
    {
        rule: "zones-three",
        stack: "aws-prod",
        what: "the node group of one zone removed",
        change: (d) => remove(d, "aws:eks/nodeGroup:NodeGroup", "fhir-aws-nodes-eu-central-1c"),
        evidence: [/2 zone\(s\): eu-central-1a, eu-central-1b/, /fhir-ha:zones to 3/],
        severity: "advisory",
    },
    {
        rule: "zones-three",
        stack: "azure-prod",
        what: "two pools in zone 1",
        change: (d) => (find(d, "azure-native:containerservice:AgentPool", "fhir-azure-pool-zone-2").inputs.availabilityZones = ["1"]),
        evidence: [/2 zone\(s\): 1, 3/],
        severity: "advisory",
    },
    {
        rule: "nodes-self-healing",
        stack: "aws-prod",
        what: "EKS node auto repair off",
        change: (d) => (find(d, "aws:eks/nodeGroup:NodeGroup", "fhir-aws-nodes-eu-central-1b").inputs.nodeRepairConfig.enabled = false),
        evidence: [/fhir-aws-nodes-eu-central-1b: nodeRepairConfig.enabled is not true/],
    },
    {
        rule: "nodes-self-healing",
        stack: "gcp-prod",
        what: "GKE auto repair off",
        change: (d) => (find(d, "gcp:container/nodePool:NodePool").inputs.management.autoRepair = false),
        evidence: [/fhir-gcp-nodes: management.autoRepair is false/],
    },
    {
        rule: "fhir-replicas",
        stack: "local",
        what: "one replica",
        change: (d) => (fhir(d).spec.replicas = 1),
        evidence: [/Deployment fhir-server: 1 replica/, /fhir-ha:fhir.replicas/],
    },
    {
        rule: "fhir-zone-spread",
        stack: "gcp-prod",
        what: "a soft zone spread",
        change: (d) => (fhir(d).spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable = "ScheduleAnyway"),
        evidence: [/no hard spread over topology.kubernetes.io\/zone/],
    },
    {
        rule: "fhir-disruption-budget",
        stack: "local",
        what: "no PodDisruptionBudget",
        change: (d) => remove(d, T.pdb, "fhir-server"),
        evidence: [/no PodDisruptionBudget selects its pods/, /fhir-ha:fhir.replicas/],
    },
    {
        rule: "fhir-disruption-budget",
        stack: "local",
        what: "a budget that blocks drains",
        change: (d) => (find(d, T.pdb, "fhir-server").inputs.spec.maxUnavailable = 0),
        evidence: [/maxUnavailable 0\) of 3 replicas: allows no eviction/],
    },
    {
        rule: "fhir-disruption-budget",
        stack: "local",
        what: "a budget that protects nothing",
        change: (d) => (find(d, T.pdb, "fhir-server").inputs.spec.maxUnavailable = "100%"),
        evidence: [/allows every pod to be evicted/],
    },
    {
        rule: "fhir-rolling-update",
        stack: "local",
        what: "maxUnavailable 1",
        change: (d) => (fhir(d).spec.strategy.rollingUpdate.maxUnavailable = 1),
        evidence: [/maxUnavailable 1, maxSurge 1: a rollout takes serving pods away first/],
    },
    {
        rule: "fhir-rolling-update",
        stack: "local",
        what: "Recreate",
        change: (d) => (fhir(d).spec.strategy = { type: "Recreate" }),
        evidence: [/strategy Recreate stops every pod/],
    },
    {
        rule: "fhir-readiness-probe",
        stack: "local",
        what: "out of traffic after 15 s",
        change: (d) => (container(d).readinessProbe.failureThreshold = 3),
        evidence: [/container fhir-server: out of traffic after 15s \(at most 10s\)/],
    },
    {
        rule: "fhir-readiness-probe",
        stack: "local",
        what: "no readiness probe",
        change: (d) => delete container(d).readinessProbe,
        evidence: [/container fhir-server: no readinessProbe/],
    },
    {
        rule: "fhir-liveness-probe",
        stack: "local",
        what: "checked every 10 s",
        change: (d) => (container(d).livenessProbe.periodSeconds = 10),
        evidence: [/checked every 10s \(at most 5s\)/],
    },
    {
        rule: "fhir-liveness-probe",
        stack: "local",
        what: "restarted after 25 s",
        change: (d) => (container(d).livenessProbe.failureThreshold = 5),
        evidence: [/restarted after 25s \(at most 20s\)/],
    },
    {
        rule: "fhir-startup-probe",
        stack: "local",
        what: "no startup probe",
        change: (d) => delete container(d).startupProbe,
        evidence: [/container fhir-server: no startupProbe/],
    },
    {
        rule: "fhir-liveness-without-database",
        stack: "local",
        what: "Aidbox health that follows the database",
        change: (d) => {
            container(d).livenessProbe.httpGet = { path: "/health", port: "http" };
            container(d).env.find((e: any) => e.name === "BOX_PROPAGATE_DB_HEALTH_STATUS_TO_BOX").value = "true";
        },
        evidence: [/Aidbox \/health follows the database unless BOX_PROPAGATE_DB_HEALTH_STATUS_TO_BOX is false \(it is true\)/],
    },
    {
        rule: "fhir-liveness-without-database",
        stack: "local",
        what: "a Spring Boot server probed on the whole health endpoint",
        change: (d) => {
            container(d).image = "hapiproject/hapi:v8.10.0-3";
            container(d).livenessProbe.httpGet.path = "/actuator/health";
        },
        evidence: [/\/actuator\/health reports every health indicator, the database included/],
    },
    {
        rule: "sync-instances",
        stack: "local",
        what: "one instance",
        change: (d) => (primary(d).instances = primary(d).spec.instances = 1),
        evidence: [/Cluster fhir-db: 1 instance/, /fhir-ha:database.instances/],
    },
    {
        rule: "sync-standbys",
        stack: "local",
        what: "no synchronous standby",
        change: (d) => delete primary(d).spec.postgresql.synchronous,
        evidence: [/no synchronous standby/, /fhir-ha:database.synchronousReplicas/],
    },
    {
        rule: "sync-standbys",
        stack: "aws-prod",
        what: "more synchronous standbys than standbys",
        change: (d) => (primary(d).spec.postgresql.synchronous.number = 3),
        evidence: [/number 3 of 2 standby\(s\): more than there are standbys/],
    },
    {
        rule: "sync-durability",
        stack: "local",
        what: "durability preferred",
        change: (d) => (primary(d).spec.postgresql.synchronous.dataDurability = "preferred"),
        evidence: [/dataDurability preferred: commits survive only while a standby is up/],
    },
    {
        rule: "sync-failover-quorum",
        stack: "gcp-prod",
        what: "failover quorum off",
        change: (d) => (primary(d).spec.postgresql.synchronous.failoverQuorum = false),
        evidence: [/Cluster fhir-db: failoverQuorum is false/],
    },
    {
        rule: "sync-one-per-zone",
        stack: "local",
        what: "preferred anti-affinity",
        change: (d) => (primary(d).spec.affinity.podAntiAffinityType = "preferred"),
        evidence: [/podAntiAffinityType preferred: instances may share a zone/],
    },
    {
        rule: "sync-one-per-zone",
        stack: "aws-prod",
        what: "more instances than zones",
        change: (d) => (primary(d).spec.instances = 4),
        evidence: [/4 instances, required anti-affinity on topology.kubernetes.io\/zone over 3 zones: 1 instance\(s\) can never be scheduled/, /fhir-ha:zones/],
    },
    {
        rule: "delayed-replica-window",
        stack: "local",
        what: "a 2 h delay",
        change: (d) => (delayed(d).spec.replica.minApplyDelay = "2h"),
        evidence: [/Cluster fhir-db-delayed: minApplyDelay 2h \(2h\) is outside 12h-24h/, /fhir-ha:database.delayedReplica.delay/],
    },
    {
        rule: "delayed-replica-window",
        stack: "azure-prod",
        what: "a 36 h delay",
        change: (d) => (delayed(d).spec.replica.minApplyDelay = "36h"),
        evidence: [/minApplyDelay 36h \(36h\) is outside 12h-24h/],
    },
    {
        rule: "delayed-replica-window",
        stack: "local",
        what: "no delayed replica",
        change: (d) => remove(d, T.cluster, "fhir-db-delayed"),
        evidence: [/no replica cluster with minApplyDelay/, /fhir-ha:database.delayedReplica.enabled/],
    },
    {
        rule: "delayed-replica-from-archive",
        stack: "local",
        what: "a streaming source",
        change: (d) => (delayed(d).spec.externalClusters[0].connectionParameters = { host: "fhir-db-rw" }),
        evidence: [/external cluster replica-source streams from fhir-db-rw/],
    },
    {
        rule: "delayed-replica-from-archive",
        stack: "aws-prod",
        what: "a source store nobody writes",
        change: (d) => (delayed(d).spec.externalClusters[0].plugin.parameters.serverName = "someone-else"),
        evidence: [/reads s3:\/\/.*\/fhir-db\/someone-else, which no writable cluster archives to/],
    },
    {
        rule: "delayed-replica-own-archive",
        stack: "local",
        what: "archiving into the primary's archive",
        change: (d) => (delayed(d).spec.plugins[0].parameters = { barmanObjectName: "fhir-db-store", serverName: "fhir-db" }),
        evidence: [/archives into s3:\/\/fhir-backups\/fhir-db\/fhir-db, the archive it reads/],
    },
    {
        rule: "wal-archiving",
        stack: "local",
        what: "archive_timeout 10min",
        change: (d) => (primary(d).spec.postgresql.parameters.archive_timeout = "10min"),
        evidence: [/archive_timeout 10min: more than 5min/, /fhir-ha:backup.walArchiveTimeout/],
    },
    {
        rule: "wal-archiving",
        stack: "gcp-prod",
        what: "no WAL archiver",
        change: (d) => delete primary(d).spec.plugins,
        evidence: [/Cluster fhir-db: no WAL archiving/],
    },
    {
        rule: "daily-snapshot",
        stack: "aws-prod",
        what: "no snapshot ScheduledBackup on a cloud with snapshots",
        change: (d) => remove(d, T.scheduled, "fhir-db-daily-snapshot"),
        evidence: [/snapshot class fhir-ha-ebs-snapshots but no ScheduledBackup with method volumeSnapshot/, /fhir-ha:backup.incremental/],
    },
    {
        rule: "daily-snapshot",
        stack: "local",
        what: "a brought cluster without a snapshot class",
        change: (d) => delete primary(d).spec.backup,
        evidence: [/no spec.backup.volumeSnapshot.className/, /fhir-ha:kubernetes.volumeSnapshotClass/],
        severity: "advisory",
    },
    {
        rule: "daily-snapshot",
        stack: "azure-prod",
        what: "snapshots every other day",
        change: (d) => (find(d, T.scheduled, "fhir-db-daily-snapshot").inputs.spec.schedule = "0 0 3 */2 * *"),
        evidence: [/at most 48h apart: more than a day apart/],
    },
    {
        rule: "weekly-full-backup",
        stack: "local",
        what: "monthly full backups",
        change: (d) => (find(d, T.scheduled, "fhir-db-weekly-full").inputs.spec.schedule = "0 0 1 1 * *"),
        evidence: [/ScheduledBackup fhir-db-weekly-full "0 0 1 1 \* \*", at most \d+h \(\d+(\.\d)? days\) apart: more than 7 days apart/, /fhir-ha:backup.full/],
    },
    {
        rule: "weekly-full-backup",
        stack: "local",
        what: "a 5-field cron CNPG cannot read",
        change: (d) => (find(d, T.scheduled, "fhir-db-weekly-full").inputs.spec.schedule = "0 1 * * 0"),
        evidence: [/cannot be read \(CNPG takes 6 fields, seconds first\)/],
    },
    {
        rule: "first-full-backup",
        stack: "local",
        what: "no immediate backup",
        change: (d) => {
            find(d, T.scheduled, "fhir-db-weekly-full").inputs.spec.immediate = false;
        },
        evidence: [/the first full backup waits for the first scheduled run/],
    },
    {
        rule: "retention-policy",
        stack: "local",
        what: "a week of retention",
        change: (d) => (find(d, T.store, "fhir-db-store").inputs.spec.retentionPolicy = "7d"),
        evidence: [/ObjectStore fhir-db-store \(Cluster fhir-db\): retentionPolicy 7d is 7 days/, /fhir-ha:backup.retention/],
    },
    {
        rule: "snapshot-pruning",
        stack: "aws-prod",
        what: "no pruner",
        change: (d) => remove(d, T.cronJob),
        evidence: [/no CronJob prunes the Backups of ScheduledBackup fhir-db-daily-snapshot/],
    },
    {
        rule: "snapshot-pruning",
        stack: "local",
        what: "a pruner with a 7-day window",
        change: (d) => (find(d, T.cronJob).inputs.spec.jobTemplate.spec.template.spec.containers[0].env.find((e: any) => e.name === "RETENTION_DAYS").value = "7"),
        evidence: [/older than 7 days: fewer than 30/, /fhir-ha:backup.retention/],
    },
    {
        rule: "bucket-retention",
        stack: "aws-prod",
        what: "noncurrent versions expiring after 7 days",
        change: (d) => (find(d, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "fhir-aws-backups-lifecycle").inputs.rules[0].noncurrentVersionExpiration.noncurrentDays = 7),
        evidence: [/noncurrent versions expire after 7 days \(window 30 days\): deleted objects recoverable only 7 days/, /fhir-ha:backup.retention/],
    },
    {
        rule: "bucket-retention",
        stack: "gcp-prod",
        what: "live objects deleted at 10 days",
        change: (d) => find(d, "gcp:storage/bucket:Bucket").inputs.lifecycleRules.push({ action: { type: "Delete" }, condition: { age: 10 } }),
        evidence: [/live objects deleted at age 10 days.*: live backups deleted before the window ends/],
    },
    {
        rule: "bucket-retention",
        stack: "azure-prod",
        what: "soft delete of 7 days",
        change: (d) => (find(d, "azure-native:storage:BlobServiceProperties").inputs.deleteRetentionPolicy.days = 7),
        evidence: [/blob soft delete 7 days.*recoverable only 7 days/],
    },
    {
        rule: "runbooks-name-clusters",
        stack: "local",
        what: "a renamed primary cluster",
        change: (d) => (primary(d).metadata.name = "pg-main"),
        evidence: [/the runbooks never name cluster pg-main/, /fhir-ha:database.clusterName/],
        severity: "advisory",
    },
    {
        rule: "backup-encrypted",
        stack: "aws-prod",
        what: "no bucket at all",
        // Both: the archive and its replica (backup.replica.region).
        change: (d) => all(d, "aws:s3/bucket:Bucket").forEach(() => remove(d, "aws:s3/bucket:Bucket")),
        evidence: [/no aws backup storage in the plan/],
    },
    {
        rule: "backup-replicated",
        stack: "aws-prod",
        what: "no replication of the archive",
        change: (d) => remove(d, "aws:s3/bucketReplicationConfig:BucketReplicationConfig"),
        evidence: [/S3 bucket fhir-ha-fhir-aws-aws-prod-[a-z0-9]{8}-123456789012-eu-central-1-an: no replication rule, the archive is in one region only/, /backup\.replica\.region/],
    },
    {
        rule: "backup-replicated",
        stack: "gcp-prod",
        what: "a dual-region without turbo replication",
        change: (d) => delete find(d, "gcp:storage/bucket:Bucket").inputs.rpo,
        evidence: [/dual-region EUROPE-WEST4\+EUROPE-WEST1 with default replication, which has no time bound/],
    },
    {
        rule: "backup-replicated",
        stack: "azure-prod",
        what: "a zone-redundant account only",
        change: (d) => (find(d, "azure-native:storage:StorageAccount").inputs.sku = { name: "Standard_ZRS" }),
        evidence: [/Standard_ZRS, the archive is in one region only/],
    },
    {
        rule: "backup-versioned",
        stack: "aws-prod",
        what: "versioning suspended",
        change: (d) => (find(d, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status = "Suspended"),
        evidence: [/S3 bucket fhir-ha-fhir-aws-aws-prod-[a-z0-9]{8}-123456789012-eu-central-1-an: versioning Suspended/],
    },
    {
        rule: "backup-versioned",
        stack: "gcp-prod",
        what: "versioning off",
        change: (d) => (find(d, "gcp:storage/bucket:Bucket").inputs.versioning.enabled = false),
        evidence: [/GCS bucket .*: versioning not enabled/],
    },
    {
        rule: "backup-versioned",
        stack: "azure-prod",
        what: "versioning off",
        change: (d) => (find(d, "azure-native:storage:BlobServiceProperties").inputs.isVersioningEnabled = false),
        evidence: [/storage account .*: blob versioning not enabled/],
    },
    {
        rule: "backup-not-public",
        stack: "aws-prod",
        what: "public policies allowed",
        change: (d) => (find(d, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "fhir-aws-backups-public-access").inputs.blockPublicPolicy = false),
        evidence: [/no public access block with all four settings on/],
    },
    {
        rule: "backup-not-public",
        stack: "gcp-prod",
        what: "a public reader",
        change: (d) => (find(d, "gcp:storage/bucketIAMMember:BucketIAMMember", "fhir-gcp-backup-objectuser").inputs.member = "allUsers"),
        evidence: [/IAM grants allUsers/],
    },
    {
        rule: "backup-not-public",
        stack: "azure-prod",
        what: "public blob access allowed",
        change: (d) => (find(d, "azure-native:storage:StorageAccount").inputs.allowBlobPublicAccess = true),
        evidence: [/allowBlobPublicAccess true/],
    },
    {
        rule: "backup-tls-only",
        stack: "aws-prod",
        what: "no bucket policy",
        change: (d) => remove(d, "aws:s3/bucketPolicy:BucketPolicy", "fhir-aws-backups-policy"),
        evidence: [/no bucket policy statement denies requests without TLS/],
    },
    {
        rule: "backup-tls-only",
        stack: "azure-prod",
        what: "TLS 1.0 allowed",
        change: (d) => (find(d, "azure-native:storage:StorageAccount").inputs.minimumTlsVersion = "TLS1_0"),
        evidence: [/minimumTlsVersion TLS1_0/],
    },
    {
        rule: "workload-identity",
        stack: "aws-prod",
        what: "static keys in the ObjectStore",
        change: (d) => (find(d, T.store, "fhir-db-store").inputs.spec.configuration.s3Credentials = { accessKeyId: { name: "k", key: "id" }, secretAccessKey: { name: "k", key: "s" } }),
        evidence: [/ObjectStore fhir-db-store uses s3Credentials.accessKeyId, secretAccessKey/],
    },
    {
        rule: "workload-identity",
        stack: "gcp-prod",
        what: "the delayed replica's service account not trusted",
        change: (d) => remove(d, "gcp:serviceaccount/iAMMember:IAMMember", "fhir-gcp-wi-fhir-fhir-db-delayed"),
        evidence: [/no gcp identity trusts service account fhir\/fhir-db-delayed/],
    },
    {
        rule: "workload-identity",
        stack: "azure-prod",
        what: "no federated credential for the primary",
        change: (d) => remove(d, "azure-native:managedidentity:FederatedIdentityCredential", "fhir-azure-backup-trust-fhir-db"),
        evidence: [/no azure identity trusts service account fhir\/fhir-db(?!-)/],
    },
    {
        rule: "database-network-policy",
        stack: "azure-prod",
        what: "a rule open to every source",
        change: (d) => delete find(d, T.netpol, "fhir-db-ingress").inputs.spec.ingress[2].from,
        evidence: [/NetworkPolicy fhir-db-ingress: a rule without `from` admits every source/],
    },
    {
        rule: "database-network-policy",
        stack: "gcp-prod",
        what: "no policy for the delayed replica",
        change: (d) => remove(d, T.netpol, "fhir-db-delayed-ingress"),
        evidence: [/Cluster fhir-db-delayed: no ingress NetworkPolicy selects its pods/],
    },
    {
        rule: "database-network-policy",
        stack: "aws-prod",
        what: "the vpc-cni's network policy agent off",
        change: (d) => (find(d, "aws:eks/addon:Addon", "fhir-aws-vpc-cni").inputs.configurationValues = "{}"),
        evidence: [/enableNetworkPolicy is not "true", so the vpc-cni enforces no NetworkPolicy/],
    },
    {
        rule: "database-network-policy",
        stack: "gcp-prod",
        what: "GKE without Dataplane V2",
        change: (d) => delete all(d, "gcp:container/cluster:Cluster")[0].inputs.datapathProvider,
        evidence: [/neither Dataplane V2 nor networkPolicy.enabled/],
    },
    {
        rule: "kubernetes-version-support",
        stack: "aws-prod",
        what: "a pin long past support",
        change: (d) => (all(d, "aws:eks/cluster:Cluster")[0].inputs.version = "1.29"),
        evidence: [/fhir-aws-cluster: Kubernetes 1\.29 is unsupported \(aws calendar as of/],
        severity: "advisory",
    },
    {
        rule: "nodes-patched",
        stack: "aws-prod",
        what: "node groups without releaseVersion",
        change: (d) => all(d, "aws:eks/nodeGroup:NodeGroup").forEach((g) => delete g.inputs.releaseVersion),
        evidence: [/EKS node group \S+: no releaseVersion/, /Fix: set each EKS node group's releaseVersion/],
        severity: "advisory",
    },
    {
        rule: "nodes-patched",
        stack: "gcp-prod",
        what: "node auto-upgrade off",
        change: (d) => (all(d, "gcp:container/nodePool:NodePool")[0].inputs.management.autoUpgrade = false),
        evidence: [/GKE node pool \S+: management\.autoUpgrade is not true/, /Fix: set management\.autoUpgrade: true/],
        severity: "advisory",
    },
    {
        rule: "nodes-patched",
        stack: "azure-prod",
        what: "node OS channel None",
        change: (d) => (all(d, "azure-native:containerservice:ManagedCluster")[0].inputs.autoUpgradeProfile.nodeOSUpgradeChannel = "None"),
        evidence: [/AKS cluster \S+: autoUpgradeProfile\.nodeOSUpgradeChannel is "None"/],
        severity: "advisory",
    },
    {
        rule: "fhir-restricted-pods",
        stack: "local",
        what: "privilege escalation allowed",
        change: (d) => (container(d).securityContext.allowPrivilegeEscalation = true),
        evidence: [/container fhir-server allows privilege escalation/],
    },
    {
        rule: "fhir-network-policy",
        stack: "local",
        what: "no NetworkPolicy for the FHIR pods",
        change: (d) => remove(d, T.netpol, "fhir-server"),
        // The monitoring tier's policy still selects the pods, for the metrics port only: that is not the FHIR tier's isolation.
        evidence: [
            /Deployment fhir-server: no ingress NetworkPolicy selects its pods for the serving port http; fhir-ha-monitoring-fhir-server \(port metrics only\) also select/,
            /fhir-ha:fhir.clientNamespaces/,
        ],
    },
    {
        rule: "fhir-network-policy",
        stack: "local",
        what: "no NetworkPolicy selects the FHIR pods at all",
        change: (d) => all(d, T.netpol).forEach((p) => (p.inputs.spec.podSelector = { matchLabels: { app: "something-else" } })),
        evidence: [/Deployment fhir-server: no ingress NetworkPolicy selects its pods, so every pod of the cluster reads and writes patient data/],
    },
    {
        rule: "fhir-network-policy",
        stack: "aws-prod",
        what: "a rule that admits every namespace",
        change: (d) => (find(d, T.netpol, "fhir-server").inputs.spec.ingress = [{ from: [{ namespaceSelector: {} }] }]),
        evidence: [/NetworkPolicy fhir-server: an empty namespaceSelector admits every namespace/],
    },
    {
        rule: "fhir-no-plaintext-exposure",
        stack: "aws-prod",
        what: "an internet-facing plain-HTTP load balancer",
        change: (d) => (find(d, T.service, "fhir-server").inputs.spec.type = "LoadBalancer"),
        evidence: [/Service fhir-server .*without an internal-load-balancer annotation is internet-facing/, /fhir-ha:fhir.expose = "gateway"/],
    },
    {
        rule: "fhir-no-plaintext-exposure",
        stack: "local",
        what: "the FHIR route on a plain-HTTP gateway listener",
        change: (d) => {
            d.resources.push(
                { type: T.gateway, name: "gw", urn: "urn:gw", inputs: { metadata: { name: "gw", namespace: "fhir" }, spec: { listeners: [{ name: "web", protocol: "HTTP", port: 80 }] } } } as any,
                { type: T.route, name: "rt", urn: "urn:rt", inputs: { metadata: { name: "rt", namespace: "fhir" }, spec: { parentRefs: [{ name: "gw" }], rules: [{ backendRefs: [{ name: "fhir-server", port: 80 }] }] } } } as any,
            );
        },
        evidence: [/HTTPRoute rt on Gateway gw: it attaches to web \(HTTP\)/],
    },
    {
        rule: "fhir-hapi-authentication",
        stack: "gcp-prod",
        what: "HAPI behind an internal load balancer with no declared authentication",
        change: (d) => {
            container(d).image = "hapiproject/hapi:v8.10.0-3";
            const svc = find(d, T.service, "fhir-server").inputs;
            svc.spec.type = "LoadBalancer";
            svc.spec.loadBalancerSourceRanges = ["10.0.0.0/16"];
            svc.metadata.annotations = { "networking.gke.io/load-balancer-type": "Internal" };
        },
        evidence: [/HAPI exposed through Service fhir-server \(internal LoadBalancer, 10.0.0.0\/16\) with no authentication/, /fhir-ha:fhir.hapi.allowUnauthenticated/],
    },
    {
        rule: "fhir-hapi-authentication",
        stack: "gcp-prod",
        what: "HAPI exposed with the waiver: advised, since the authentication is outside the plan",
        change: (d) => {
            container(d).image = "hapiproject/hapi:v8.10.0-3";
            fhir(d).metadata = { ...fhir(d).metadata, annotations: { "fhir-ha.io/unauthenticated-exposure": "accepted" } };
            const svc = find(d, T.service, "fhir-server").inputs;
            svc.spec.type = "LoadBalancer";
            svc.spec.loadBalancerSourceRanges = ["10.0.0.0/16"];
            svc.metadata.annotations = { "networking.gke.io/load-balancer-type": "Internal" };
        },
        evidence: [/fhir-ha:fhir.hapi.allowUnauthenticated = true: the authentication in front of it is outside this plan/],
        severity: "advisory",
    },
    {
        rule: "stateful-protected",
        stack: "aws-prod",
        what: "an unprotected backup bucket and key",
        change: (d) => {
            for (const r of d.resources.filter((x) => /^aws:(s3\/bucket:Bucket|kms\/key:Key)$/.test(x.type))) delete d.resourceOptions?.[r.urn];
        },
        evidence: [
            /aws:kms\/key:Key fhir-aws-backups-key, aws:s3\/bucket:Bucket fhir-aws-backups-bucket, aws:kms\/key:Key fhir-aws-backups-replica-store-key and aws:s3\/bucket:Bucket fhir-aws-backups-replica-store-bucket can be deleted with their data/,
            /protect: true or retainOnDelete: true/,
        ],
    },
    {
        rule: "stateful-protected",
        stack: "local",
        what: "a database cluster without retainOnDelete",
        change: (d) => delete d.resourceOptions?.[find(d, T.cluster, "fhir-db").urn],
        evidence: [/postgresql.cnpg.io\/v1:Cluster fhir-database-primary can be deleted/],
    },
];

describe("every shipped stack", () => {
    it.each(STACKS)("%s passes every mandatory rule, and its plan JSON carries the same checklist", (stack) => {
        const entries = runChecklist(contextOf(plans[stack]));
        expect(mandatoryFailures(entries)).toEqual([]);
        expect(plans[stack].checklist.map((e) => [e.id, e.passed, e.severity])).toEqual(entries.map((e) => [e.id, e.passed, e.severity]));
    });

    it("managed clouds pass every rule, advisory ones included, once the image is pinned by digest; the kubernetes target is advised to verify what it does not own", () => {
        for (const stack of ["aws-prod", "gcp-prod", "azure-prod"]) {
            expect(runChecklist(mutated(plans[stack], pinDigest)).filter((e) => !e.passed)).toEqual([]);
            // The default images are tag-only (src/config/pins.ts): advised, never a failure.
            expect(runChecklist(contextOf(plans[stack])).filter((e) => !e.passed).map((e) => [e.id, e.severity])).toEqual([["fhir-image-digest", "advisory"]]);
        }
        const local = runChecklist(contextOf(plans.local)).filter((e) => !e.passed);
        expect(local.map((e) => [e.id, e.severity])).toEqual([
            ["nodes-self-healing", "advisory"],
            // The brought cluster's StorageClass is not in the plan: its disks cannot be judged.
            ["database-disk-floor", "advisory"],
            ["bucket-retention", "advisory"],
            ["backup-replicated", "advisory"],
            ["backup-encrypted", "advisory"],
            ["backup-versioned", "advisory"],
            ["backup-not-public", "advisory"],
            ["backup-tls-only", "advisory"],
            // A NetworkPolicy is rendered, but whether your CNI enforces it is not in the plan.
            ["database-network-policy", "advisory"],
            ["fhir-image-digest", "advisory"],
            ["backup-access-logs", "advisory"],
        ]);
        expect(local.find((e) => e.id === "backup-versioned")?.evidence).toMatch(/s3:\/\/fhir-backups\/fhir-db/);
    });
});

describe("passing evidence names what was found", () => {
    const cases: [string, string, RegExp][] = [
        ["zones-at-least-two", "aws-prod", /3 node group\(s\) in 3 zone\(s\): eu-central-1a, eu-central-1b, eu-central-1c/],
        ["zones-at-least-two", "gcp-prod", /europe-west4-a, europe-west4-b, europe-west4-c/],
        ["zones-at-least-two", "local", /Cluster fhir-db requires 3 distinct zone/],
        ["nodes-self-healing", "azure-prod", /AKS node auto-repair/],
        ["fhir-readiness-probe", "local", /GET \/health on http every 5s, out of traffic after 10s/],
        ["fhir-liveness-probe", "local", /every 5s, restarted after 20s/],
        ["sync-standbys", "local", /method any, number 1 of 2 standby/],
        ["delayed-replica-from-archive", "gcp-prod", /reads gs:\/\/.*\/fhir-db\/fhir-db, the archive of Cluster fhir-db/],
        ["weekly-full-backup", "local", /"0 0 1 \* \* 0", at most 168h \(7 days\) apart/],
        ["first-full-backup", "local", /immediate: true/],
        ["bucket-retention", "aws-prod", /noncurrent versions expire after 37 days \(window 30 days\)/],
        ["workload-identity", "gcp-prod", /service account fhir-db trusted by fhir-gcp-wi-fhir-fhir-db/],
        ["stateful-protected", "aws-prod", /fhir-aws-backups-bucket \(protect \+ retainOnDelete\)/],
        [
            "fhir-network-policy",
            "local",
            /Deployment fhir-server: serving port http under NetworkPolicy fhir-server with 1 ingress rule\(s\); fhir-ha-monitoring-fhir-server \(port metrics only\) also select/,
        ],
        ["fhir-no-plaintext-exposure", "azure-prod", /not exposed beyond the cluster/],
        ["fhir-hapi-authentication", "local", /no HAPI FHIR Deployment/],
        ["database-disk-floor", "gcp-prod", /Cluster fhir-db WAL volume: pd-balanced, 20 GiB, 3120 IOPS, 146 MB\/s/],
        ["database-disk-floor", "azure-prod", /Cluster fhir-db WAL volume: PremiumV2_LRS, 20 GiB, 3000 IOPS, 125 MB\/s/],
        ["database-disk-node-cap", "aws-prod", /m6i\.xlarge: up to 6000 IOPS and 156\.25 MB\/s/],
    ];
    it.each(cases)("%s on %s", (rule, stack, evidence) => {
        const e = check(rule, contextOf(plans[stack]));
        expect(e.passed).toBe(true);
        expect(e.evidence).toMatch(evidence);
    });
});

describe("a changed plan fails the rule that guards the change", () => {
    it.each(FAILING.map((c) => [c.rule, c.stack, c.what, c] as const))("%s on %s: %s", (rule, stack, _what, c) => {
        expect(check(rule, contextOf(plans[stack])).passed).toBe(true);
        const e = check(rule, mutated(plans[stack], c.change));
        expect(e.passed).toBe(false);
        expect(e.severity).toBe(c.severity ?? "mandatory");
        for (const pattern of c.evidence) expect(e.evidence).toMatch(pattern);
    });

    it("fhir-image-digest passes only when every FHIR image is pinned by digest (the shipped stacks fail it: tag-only defaults)", () => {
        const rule = "fhir-image-digest";
        for (const stack of ["local", "gcp-prod"]) {
            expect(check(rule, mutated(plans[stack], pinDigest))).toMatchObject({ passed: true, evidence: expect.stringMatching(/@sha256:(ab){32} pinned by digest/) });
            const e = check(rule, contextOf(plans[stack]));
            expect(e).toMatchObject({ passed: false, severity: "advisory" });
            expect(e.evidence).toContain(`Deployment fhir-server: ${FHIR_IMAGES.aidbox} is pinned by tag only`);
            expect(e.evidence).toMatch(/fhir-ha:fhir\.image to <repository>:<tag>@sha256:<digest>/);
        }
        // One image of two without a digest still fails, naming that one.
        const mixed = mutated(plans["gcp-prod"], (d) => {
            pinDigest(d);
            fhir(d).spec.template.spec.containers.push({ name: "sidecar", image: "example.org/sidecar:1.0" });
        });
        expect(check(rule, mixed).evidence).toMatch(/^Deployment fhir-server: example\.org\/sidecar:1\.0 is pinned by tag only/);
    });

    it("covers every rule with a failing case, or says why it cannot fail from a plan change", () => {
        // runbooks-present reads files, not the plan; restore-path and fhir-image-digest have their own tests.
        // The compliance rules fail in tests/compliance-rules.test.ts.
        const compliance = ["kubernetes-audit-logs", "backup-access-logs", "node-disk-encryption", "backup-identity-isolated"];
        const covered = new Set([...FAILING.map((c) => c.rule), "runbooks-present", "restore-path", "fhir-image-digest", ...compliance]);
        expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
    });
});

describe("a standby of a region pair (aws-dr)", () => {
    const WHILE_STANDBY = ["fhir-replicas", "fhir-disruption-budget", "daily-snapshot", "weekly-full-backup", "first-full-backup", "snapshot-pruning"];
    /** aws-dr's plan with its Cluster naming itself the pair's primary, and nothing else changed. */
    const promotedInPlace = (d: PlanLike) => (primary(d).spec.replica.primary = "fhir-db-dr");
    const primary = (d: PlanLike) => find(d, T.cluster, "fhir-db-dr").inputs;

    it("reports the rules that cannot hold on a standby as not applicable, naming the primary", () => {
        for (const id of WHILE_STANDBY) {
            const e = check(id, contextOf(plans["aws-dr"]));
            expect(e).toMatchObject({ passed: true, applicable: false });
            expect(e.evidence).toMatch(/^not applicable while a standby of fhir-db \(Cluster fhir-db-dr\): .*; it applies once promoted \(fhir-ha:database\.standbyOf\.promoted\)$/);
        }
    });
    it("applies them once the Cluster is the pair's primary: the same plan, without backups or FHIR pods, fails them, and its delayed replica still on the other region's archive", () => {
        const failed = runChecklist(mutated(plans["aws-dr"], promotedInPlace)).filter((e) => !e.passed && e.severity === "mandatory").map((e) => e.id);
        expect(failed).toEqual(["fhir-replicas", "fhir-disruption-budget", "delayed-replica-from-archive", "daily-snapshot", "weekly-full-backup", "first-full-backup"]);
        expect(check("delayed-replica-from-archive", mutated(plans["aws-dr"], promotedInPlace)).evidence).toMatch(/fhir-db-delayed: it reads s3:\/\/\S+\/fhir-db\/fhir-db, which no writable cluster archives to/);
    });
    it("keeps every other rule applying: only those six become not applicable; the delayed replica's rules apply to its replica of the other region's archive", () => {
        const na = (stack: string) => runChecklist(contextOf(plans[stack])).filter((e) => e.applicable === false).map((e) => e.id);
        expect(na("aws-dr").filter((id) => !na("aws-prod").includes(id)).sort()).toEqual([...WHILE_STANDBY].sort());
        expect(na("aws-prod").filter((id) => !na("aws-dr").includes(id))).toEqual(["standby-replays-replicated-archive"]);
        for (const id of ["delayed-replica-window", "delayed-replica-from-archive", "delayed-replica-own-archive"]) {
            const e = check(id, contextOf(plans["aws-dr"]));
            expect(e.passed).toBe(true);
            expect(e.applicable).not.toBe(false);
        }
    });
    it("delayed-replica-from-archive passes a new standby's delayed replica on the archive the standby replays, naming both", () => {
        const e = check("delayed-replica-from-archive", contextOf(plans["aws-dr"]));
        expect(e.evidence).toMatch(
            /^Cluster fhir-db-delayed: reads s3:\/\/fhir-ha-fhir-aws-aws-prod-k3x9q2ab-123456789012-eu-west-1-an\/fhir-db\/fhir-db, the other region's archive that Cluster fhir-db-dr \(standby of fhir-db\) replays, through external cluster replica-source$/,
        );
    });
    it("a standby without a delayed replica (a primary demoted in place) is not failed by the window rule, and says why", () => {
        const demoted = mutated(plans["aws-dr"], (d) => remove(d, T.cluster, "fhir-db-delayed"));
        const e = check("delayed-replica-window", demoted);
        expect(e).toMatchObject({ passed: true, applicable: false });
        expect(e.evidence).toMatch(/^not applicable while a standby of fhir-db \(Cluster fhir-db-dr\): a primary demoted in place runs no delayed replica until promoted again/);
    });
    it("standby-replays-replicated-archive passes on the standby, naming both archives and the replication", () => {
        const e = check("standby-replays-replicated-archive", contextOf(plans["aws-dr"]));
        expect(e.passed).toBe(true);
        expect(e.evidence).toMatch(
            /^Cluster fhir-db-dr: standby of fhir-db: replays s3:\/\/fhir-ha-fhir-aws-aws-prod-k3x9q2ab-123456789012-eu-west-1-an\/fhir-db\/fhir-db, archives to s3:\/\/\S+-eu-west-1-an\/fhir-db-dr\/fhir-db-dr; S3 bucket \S+ replicates to \S+ in eu-central-1/,
        );
    });
});

describe("Kubernetes version support, on a fixed day", () => {
    const TODAY = new Date("2026-11-28T12:00:00Z");
    const pinned = (stack: string, type: string, input: string, version: string) => ({
        ...mutated(plans[stack], (d) => (all(d, type)[0].inputs[input] = version)),
        today: TODAY,
    });

    it("passes a stack that follows the cloud's default", () => {
        expect(check("kubernetes-version-support", { ...contextOf(plans["aws-prod"]), today: TODAY })).toMatchObject({ passed: true });
        expect(check("kubernetes-version-support", { ...contextOf(plans["aws-prod"]), today: TODAY }).evidence).toMatch(/follows aws's default version/);
        expect(check("kubernetes-version-support", contextOf(plans.local))).toMatchObject({ passed: true, applicable: false });
    });

    it("warns from 60 days before the end of standard support, with what extended support costs", () => {
        const e = check("kubernetes-version-support", pinned("aws-prod", "aws:eks/cluster:Cluster", "version", "1.34"));
        expect(e).toMatchObject({ passed: false, severity: "advisory" });
        expect(e.evidence).toMatch(/Kubernetes 1\.34 leaves standard support on 2026-12-02, in 4 days .*\$0\.60 instead of \$0\.10 per cluster hour, about \$365 more/);
        const fine = check("kubernetes-version-support", pinned("aws-prod", "aws:eks/cluster:Cluster", "version", "1.35"));
        expect(fine).toMatchObject({ passed: true });
        expect(fine.evidence).toMatch(/1\.35 in standard support until 2027-03-27 \(119 days from 2026-11-28/);
        // A cloud whose calendar is not filled in says so instead of passing.
        const gke = check("kubernetes-version-support", pinned("gcp-prod", "gcp:container/cluster:Cluster", "minMasterVersion", "1.33.5-gke.100"));
        expect(gke.evidence).toMatch(/^fhir-gcp-cluster: Kubernetes 1\.33 /);
    });
});

describe("rules that read more than the resources", () => {
    it("runbooks-present fails when a runbook is missing or unreadable, naming it", () => {
        const { ["zone-loss.md"]: _gone, ...rest } = contextOf(plans.local).runbooks ?? {};
        const missing = check("runbooks-present", contextOf(plans.local, rest));
        expect(missing).toMatchObject({ passed: false, severity: "mandatory" });
        expect(missing.evidence).toMatch(/docs\/runbooks\/ lacks zone-loss.md/);
        expect(check("runbooks-present", contextFromPlan(plans.local)).evidence).toMatch(/could not be read/);
    });

    it("runbooks-reachable-from-alerts fails when a runbook does not name an alert that opens it", () => {
        const runbooks = { ...(contextOf(plans.local).runbooks ?? {}) };
        runbooks["backup-failure.md"] = runbooks["backup-failure.md"].replace(/FhirHaBaseBackupTooOld/g, "the backup age alert");
        const e = check("runbooks-reachable-from-alerts", contextOf(plans.local, runbooks));
        expect(e).toMatchObject({ passed: false, severity: "mandatory" });
        expect(e.evidence).toMatch(/backup-failure\.md does not name FhirHaBaseBackupTooOld/);
    });

    it("a stack without a delayed replica fails the window rule once; the archive rules do not apply", () => {
        const ctx = mutated(plans.local, (d) => remove(d, T.cluster, "fhir-db-delayed"));
        expect(check("delayed-replica-window", ctx)).toMatchObject({ passed: false, severity: "mandatory" });
        expect(check("delayed-replica-window", ctx).evidence).toMatch(/no replica cluster with minApplyDelay.*fhir-ha:database\.delayedReplica\.enabled/);
        // Once: of the three delayed-replica rules only the window fails.
        const failing = runChecklist(ctx).filter((e) => e.id.startsWith("delayed-replica") && !e.passed).map((e) => e.id);
        expect(failing).toEqual(["delayed-replica-window"]);
        expect(check("delayed-replica-from-archive", ctx)).toMatchObject({ passed: true, applicable: false });
        expect(check("delayed-replica-own-archive", ctx)).toMatchObject({ passed: true, applicable: false });
    });

    it("node group zones unknown until deploy (a first preview) are advised, not failed", () => {
        const ctx = mutated(plans["aws-prod"], (d) => all(d, "aws:eks/nodeGroup:NodeGroup").forEach((g) => (g.inputs.subnetIds = [undefined])));
        const e = check("zones-at-least-two", ctx);
        expect(e).toMatchObject({ passed: false, severity: "advisory" });
        expect(e.evidence).toMatch(/zones of EKS node group fhir-aws-nodes-eu-central-1a.* are known only after deploy/);
    });

    it("CrossGuard's missing retainOnDelete makes a resource unverified, not failed", () => {
        const ctx = contextOf(plans.local);
        const unknown = { ...ctx, resources: ctx.resources.map((r) => ({ ...r, protect: false, retainOnDelete: undefined })) };
        const e = check("stateful-protected", unknown);
        expect(e.passed).toBe(true);
        expect(e.evidence).toMatch(/unverified here .*fhir-database-primary/);
    });
});
