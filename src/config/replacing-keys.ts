/**
 * Config keys whose change replaces (or deletes) resources on an existing stack. The
 * replacement-safety matrix (tests/replacement-matrix.test.ts) changes every key on every shipped
 * stack and fails when a key replaces something not listed here, or a stateful or foundational
 * resource (PROTECTED_TYPES) that the key is not plainly about. docs/configuration.md's generated
 * table marks these keys; `plan --diff` warns when one of them changes.
 */

/** Resources that hold data or carry everything else: never replaced by a change not about them. */
export const PROTECTED_TYPES = [
    "kubernetes:postgresql.cnpg.io/v1:Cluster",
    "kubernetes:barmancloud.cnpg.io/v1:ObjectStore",
    "aws:s3/bucket:Bucket",
    "aws:kms/key:Key",
    "gcp:storage/bucket:Bucket",
    "azure-native:storage:StorageAccount",
    "azure-native:storage:BlobContainer",
    "aws:eks/nodeGroup:NodeGroup",
    "gcp:container/nodePool:NodePool",
    "azure-native:containerservice:AgentPool",
    "aws:eks/cluster:Cluster",
    "gcp:container/cluster:Cluster",
    "azure-native:containerservice:ManagedCluster",
    "pulumi:providers:kubernetes",
];

export interface ReplacingKey {
    /** What a change replaces, for the docs table and the diff's warning. */
    replaces: string;
    /** The PROTECTED_TYPES the key is plainly about (it may replace or delete those). */
    types: string[];
}

const CNPG = ["kubernetes:postgresql.cnpg.io/v1:Cluster", "kubernetes:barmancloud.cnpg.io/v1:ObjectStore"];
const NODE_POOLS = ["aws:eks/nodeGroup:NodeGroup", "gcp:container/nodePool:NodePool", "azure-native:containerservice:AgentPool"];

export const REPLACING_KEYS: Record<string, ReplacingKey> = {
    "fhir-ha:cloud": { replaces: "every resource (another cloud is another deployment)", types: [] },
    "fhir-ha:namespace": {
        replaces: "every Kubernetes object, the database clusters included (a new, empty database in the new namespace; restore from the archive)",
        types: CNPG,
    },
    "fhir-ha:zones": { replaces: "nothing of the remaining zones; a zone taken away loses its node group / pool and, on AWS, its subnets and NAT gateway", types: NODE_POOLS },
    "fhir-ha:cluster.nodeSize": { replaces: "the node groups / pools (new nodes, workloads move over)", types: NODE_POOLS },
    "fhir-ha:fhir.engine": { replaces: "the FHIR Deployment (its selector) and the engine's own secrets", types: [] },
    "fhir-ha:database.clusterName": { replaces: "the database clusters and their object stores (a new, empty cluster; restore from the archive)", types: CNPG },
    "fhir-ha:database.postgresVersion": {
        replaces:
            "nothing of the primary cluster (a higher major is CloudNativePG's offline in-place upgrade; it then archives into a new generation, `<clusterName>-pg<major>`); " +
            "the delayed replica of the previous generation and its object store are dropped (retained, not deleted) and a new one follows the new generation " +
            "after its first base backup; the first-backup wait Job is replaced (docs/runbooks/major-upgrade.md)",
        types: CNPG,
    },
    "fhir-ha:database.createdWithMajor": {
        replaces:
            "the primary's archive generation name, so as database.postgresVersion: the delayed replica and its object store are dropped (retained, not deleted) " +
            "and re-created for the new generation; set it only to the major the stack was created with",
        types: CNPG,
    },
    "fhir-ha:database.delayedReplica.enabled": {
        replaces:
            "nothing; turning it off drops the delayed replica cluster, its object store and network policy from the stack but leaves them running (retainOnDelete); turning it on again adopts them (upsertExistingObjects)",
        types: CNPG,
    },
    "fhir-ha:charts.certManager.install": {
        replaces:
            "nothing; false leaves out the cert-manager chart and its namespace, which on a stack that installed them DELETES them: set it only on a stack whose cluster ran cert-manager before its first `pulumi up`",
        types: [],
    },
    "fhir-ha:charts.cloudnativePg.install": {
        replaces:
            "nothing; false leaves out the CloudNativePG chart, namespace cnpg-system, its PriorityClass and PDB, which on a stack that installed them DELETES the operator and the namespace (the Barman Cloud plugin in it too): set it only on a stack whose cluster ran CloudNativePG before its first `pulumi up`",
        types: [],
    },
    "fhir-ha:aws.adminPrincipalArn": { replaces: "the EKS access entry and its policy association", types: [] },
    "fhir-ha:aws.singleNatGateway": { replaces: "nothing; it deletes (or creates) the NAT gateways of the other zones", types: [] },
    "fhir-ha:aws.encryptNodeDisks": {
        replaces: "the node groups (EKS adds or removes a launch template only on a new group): each zone's new group is created, then the old ones are drained and deleted",
        types: NODE_POOLS,
    },
    "fhir-ha:aws.vpcCidr": { replaces: "the VPC, its subnets, routes and NAT gateways, and the node groups in them", types: NODE_POOLS },
    "fhir-ha:gcp.diskType": { replaces: "the Postgres StorageClass (existing volumes keep their disk type; docs/database.md, Disks)", types: [] },
    "fhir-ha:azure.diskSku": { replaces: "the Postgres StorageClass (existing volumes keep their SKU; docs/database.md, Disks)", types: [] },
    "fhir-ha:backup.replica.region": {
        replaces:
            "on gcp the backup bucket (its location becomes the dual-region; relocate the bucket first, docs/clouds/gcp.md); " +
            "on aws the replica bucket and its key (another region, or none, is another bucket: both are protected, so Pulumi refuses until they are unprotected, and then retains them in the account); " +
            "on azure nothing (an in-place SKU change)",
        types: ["gcp:storage/bucket:Bucket", "aws:s3/bucket:Bucket", "aws:kms/key:Key"],
    },
    "fhir-ha:gcp.bucketLocation": { replaces: "the backup bucket (a bucket's location is fixed)", types: ["gcp:storage/bucket:Bucket"] },
    "fhir-ha:azure.adminGroupObjectIds": { replaces: "the admin role assignments", types: [] },
    "fhir-ha:azure.deployerObjectId": { replaces: "the deployer's cluster-admin role assignment (once; afterwards it no longer follows who runs pulumi up)", types: [] },
    "fhir-ha:azure.backupAuth": { replaces: "nothing; switching to accountKey deletes the backup identity, its federation and its role assignment", types: [] },
    "fhir-ha:database.standbyOf.region": {
        replaces:
            "nothing itself; fhir-ha:backup.replica.region must name the same region (src/config/standby.ts), and that change replaces what fhir-ha:backup.replica.region says",
        types: ["gcp:storage/bucket:Bucket", "aws:s3/bucket:Bucket", "aws:kms/key:Key"],
    },
    "fhir-ha:database.standbyOf.cluster": {
        replaces:
            "the read-only ObjectStore of the other region's archive (named after that cluster; nothing archives into it, and it is retained, not deleted); " +
            "joining a pair as a standby drops the scheduled backups and the first-backup wait from the stack (retained, not deleted) until promotion; " +
            "a new standby's delayed replica follows the other region's archive under that archive's name (a replacement; the old one is retained); " +
            "a running primary joins with database.standbyOf.createdAsStandby = false and drops its delayed replica until promoted (docs/database.md, Region pair)",
        types: CNPG,
    },
    "fhir-ha:database.standbyOf.promoted": {
        replaces:
            "on a new standby (createdAsStandby), its delayed replica, object store and network policy: the replica of the other region's archive makes way " +
            "for the replica of this cluster's own archive, created after that archive's first base backup; the old one is retained (retainOnDelete), not deleted. " +
            "The Cluster itself is updated in place (spec.replica). A demotion drops the backups from the stack (retained); a standby created as one gets back " +
            "the delayed replica of the other region's archive (adopted if still in the cluster), a primary demoted in place runs none until promoted again",
        types: CNPG,
    },
    "fhir-ha:database.standbyOf.promotionToken": {
        replaces: "with fhir-ha:database.standbyOf.promoted (a token needs it), what that key replaces; the token itself is an in-place update of spec.replica",
        types: CNPG,
    },
    "fhir-ha:database.standbyOf.serverName": {
        replaces:
            "on a new standby, its delayed replica, object store and network policy: the replica is named after the archive generation it replays (src/names.ts); the old one is retained, not deleted",
        types: CNPG,
    },
    "fhir-ha:database.standbyOf.createdAsStandby": {
        replaces:
            "on a standby, false drops its delayed replica from the stack until promotion (retained, not deleted): a primary demoted in place replays the other region's archive without one",
        types: CNPG,
    },
    "fhir-ha:database.restore.enabled": {
        replaces:
            "the delayed replica cluster, its object store and its network policy (and cloud identity bindings named after it): the delayed replica follows the restored cluster under a new name; the old one is retained (retainOnDelete), not deleted",
        types: CNPG,
    },
    "fhir-ha:aws.clusterName": {
        replaces: "the EKS cluster, its node groups, the Kubernetes provider and every object through it, the database clusters included (a new, empty cluster; restore from the archive)",
        types: ["aws:eks/cluster:Cluster", "pulumi:providers:kubernetes", ...NODE_POOLS, ...CNPG],
    },
    "fhir-ha:monitoring.mode": { replaces: "nothing; it deletes (or creates) the monitoring namespace and the charts the install mode brings", types: [] },
    "fhir-ha:monitoring.namespace": { replaces: "the monitoring namespace and every monitoring object in it (charts, PodMonitors, rules)", types: [] },
    "fhir-ha:monitoring.grafana": { replaces: "nothing; turning it off deletes the Grafana dashboard chart", types: [] },
};

/**
 * Replacements the matrix finds that are being fixed on other branches (the cloud issues). Each is
 * allowed here with its reason until the fix lands; the matrix fails once an entry no longer
 * happens, so the list is pruned after merging.
 */
export const PENDING_REPLACEMENT_FIXES: { key: string; type: string; stacks?: string[]; reason: string }[] = [];

/** Key → what it replaces, for `plan --diff` warnings. */
export function replacingKeyWarnings(): Record<string, string> {
    return Object.fromEntries(Object.entries(REPLACING_KEYS).map(([k, v]) => [k, v.replaces]));
}
