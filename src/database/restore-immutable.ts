/**
 * A restore is fixed once its cluster exists. CNPG reads `spec.bootstrap` only when it creates a
 * Cluster, and its update webhook does not check it (CNPG v1.30.0
 * internal/webhook/v1/cluster_webhook.go `validateClusterChanges`: image, configuration,
 * storage, WAL storage, tablespaces, unix ids, slots, wal_level, replica; no bootstrap). So a
 * changed `fhir-ha:database.restore.targetTime` or `sourceCluster` would update the object, make
 * `pulumi up` report success, and leave the data as of the first target.
 *
 * Config validation cannot see that the restore cluster already exists. The API server can:
 * this ValidatingAdmissionPolicy refuses an UPDATE of a restore Cluster in the stack's namespace
 * that changes what its recovery reads (recovery source, recovery target, or the externalClusters
 * entry the source names), with a message naming the key to change instead. `pulumi preview`
 * already shows it (pulumi-kubernetes previews an update as a server-side dry run, and admission
 * policies run on dry runs). A new target or source therefore needs a new
 * `database.restore.clusterName`: a new cluster, a new archive prefix.
 *
 * Only restore clusters: an old object with `spec.bootstrap.recovery` and no `spec.replica` (the
 * delayed replica also bootstraps by recovery, but it is a replica cluster whose replica source
 * may legitimately change; the primary bootstraps with initdb).
 * ValidatingAdmissionPolicy is admissionregistration.k8s.io/v1 since Kubernetes 1.30 (KEP-3488).
 */
import type * as k8s from "@pulumi/kubernetes/types/input";
import * as pulumi from "@pulumi/pulumi";

/** Applies to the old object: a restore cluster (recovery bootstrap, not a replica cluster). */
export const RESTORE_CLUSTER_CONDITION =
    "has(oldObject.spec.bootstrap) && has(oldObject.spec.bootstrap.recovery) && has(oldObject.spec.bootstrap.recovery.source) && !has(oldObject.spec.replica)";

/** What the recovery reads must not change. */
export const RESTORE_UNCHANGED_RULE = [
    "has(object.spec.bootstrap) && has(object.spec.bootstrap.recovery) && has(object.spec.bootstrap.recovery.source)",
    "object.spec.bootstrap.recovery.source == oldObject.spec.bootstrap.recovery.source",
    "has(object.spec.bootstrap.recovery.recoveryTarget) == has(oldObject.spec.bootstrap.recovery.recoveryTarget)",
    "(!has(oldObject.spec.bootstrap.recovery.recoveryTarget) || object.spec.bootstrap.recovery.recoveryTarget == oldObject.spec.bootstrap.recovery.recoveryTarget)",
    "has(object.spec.externalClusters) == has(oldObject.spec.externalClusters)",
    "(!has(oldObject.spec.externalClusters) || " +
        "object.spec.externalClusters.filter(e, e.name == oldObject.spec.bootstrap.recovery.source) == " +
        "oldObject.spec.externalClusters.filter(e, e.name == oldObject.spec.bootstrap.recovery.source))",
].join(" && ");

export const RESTORE_UNCHANGED_MESSAGE =
    "a restore cluster's recovery (source, target time) is read only when the cluster is created; this change would do nothing. " +
    "To restore to another time or from another source, set a new fhir-ha:database.restore.clusterName " +
    "(docs/runbooks/point-in-time-restore.md); to keep this restore, set fhir-ha:database.restore.targetTime and sourceCluster back";

/** Cluster-scoped, so one per namespace (two stacks may share a Kubernetes cluster). */
export function restoreImmutablePolicyName(namespace: string): string {
    return `fhir-ha-restore-immutable-${namespace}`;
}

export function restoreImmutablePolicy(name: string): k8s.admissionregistration.v1.ValidatingAdmissionPolicy {
    return {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name },
        spec: {
            failurePolicy: "Fail",
            matchConstraints: {
                resourceRules: [{ apiGroups: ["postgresql.cnpg.io"], apiVersions: ["v1"], operations: ["UPDATE"], resources: ["clusters"] }],
            },
            matchConditions: [{ name: "restore-cluster", expression: RESTORE_CLUSTER_CONDITION }],
            validations: [{ expression: RESTORE_UNCHANGED_RULE, message: RESTORE_UNCHANGED_MESSAGE, reason: "Invalid" }],
        },
    };
}

export function restoreImmutableBinding(name: string, namespace: pulumi.Input<string>): k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding {
    return {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name },
        spec: {
            policyName: name,
            validationActions: ["Deny"],
            matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } } },
        },
    };
}
