/**
 * CNPG applies no retention to volume-snapshot backups (the ObjectStore's retention covers the
 * bucket only), so a small CronJob deletes snapshot `Backup` objects that fall out of the
 * recovery window; with `snapshotOwnerReference: backup` their VolumeSnapshots go with them.
 * It may only list and delete Backups in its own namespace, and runs under the restricted Pod
 * Security profile.
 */
import * as pulumi from "@pulumi/pulumi";
import { CLUSTER_LABEL, SCHEDULED_BACKUP_LABEL } from "./constants";
import { kubectlPodSpec } from "./kubectl-pod";

/** Daily, after the default snapshot time (03:00); standard 5-field cron for a Kubernetes CronJob. */
export const PRUNE_SCHEDULE = "30 5 * * *";

/** An unprivileged uid/gid; the kubectl image does not define a user of its own. */

/**
 * Reads `kubectl get backups -o json` and prints the names to delete. Keeps every backup
 * inside the window AND the newest completed one before it, which is the base a restore to
 * the start of the window replays WAL from. Running or pending backups are never touched.
 */
export const PRUNE_FILTER = [
    "[.items[] | select(.spec.method == \"volumeSnapshot\") | . + {ts: (.metadata.creationTimestamp | fromdateiso8601)}]",
    "| (map(select(.status.phase == \"completed\" and .ts < $cutoff)) | max_by(.ts) | .metadata.name) as $anchor",
    "| .[] | select(.ts < $cutoff and .metadata.name != $anchor)",
    "| select(.status.phase == \"completed\" or .status.phase == \"failed\")",
    "| .metadata.name",
].join("\n");

/** The container's script; every value it needs comes from the environment. */
export const PRUNE_SCRIPT = [
    "set -euo pipefail",
    'cutoff=$(date -u -d "${RETENTION_DAYS} days ago" +%s)',
    'selector="' + CLUSTER_LABEL + '=${CLUSTER},' + SCHEDULED_BACKUP_LABEL + '=${SCHEDULED_BACKUP}"',
    'kubectl get backups.postgresql.cnpg.io -n "${NAMESPACE}" -l "${selector}" -o json > /tmp/backups.json',
    'jq -r --argjson cutoff "${cutoff}" "${FILTER}" /tmp/backups.json > /tmp/expired',
    'echo "recovery window ${RETENTION_DAYS}d: $(wc -l < /tmp/expired) snapshot backup(s) to delete"',
    'while read -r name; do kubectl delete backups.postgresql.cnpg.io -n "${NAMESPACE}" "${name}"; done < /tmp/expired',
].join("\n");

export interface PrunerArgs {
    /** Name of the ServiceAccount, Role, RoleBinding and CronJob. */
    name: string;
    namespace: pulumi.Input<string>;
    cluster: string;
    scheduledBackup: string;
    retentionDays: number;
    image: string;
}

export function prunerServiceAccount(args: PrunerArgs) {
    return { metadata: { name: args.name, namespace: args.namespace } };
}

export function prunerRole(args: PrunerArgs) {
    return {
        metadata: { name: args.name, namespace: args.namespace },
        rules: [{ apiGroups: ["postgresql.cnpg.io"], resources: ["backups"], verbs: ["get", "list", "delete"] }],
    };
}

export function prunerRoleBinding(args: PrunerArgs) {
    return {
        metadata: { name: args.name, namespace: args.namespace },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: args.name },
        subjects: [{ kind: "ServiceAccount", name: args.name, namespace: args.namespace }],
    };
}

export function prunerCronJob(args: PrunerArgs) {
    const env = [
        { name: "NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
        { name: "CLUSTER", value: args.cluster },
        { name: "SCHEDULED_BACKUP", value: args.scheduledBackup },
        { name: "RETENTION_DAYS", value: String(args.retentionDays) },
        { name: "FILTER", value: PRUNE_FILTER },
    ];
    return {
        metadata: { name: args.name, namespace: args.namespace },
        spec: {
            schedule: PRUNE_SCHEDULE,
            concurrencyPolicy: "Forbid",
            successfulJobsHistoryLimit: 1,
            failedJobsHistoryLimit: 3,
            jobTemplate: {
                spec: {
                    backoffLimit: 2,
                    activeDeadlineSeconds: 600,
                    ttlSecondsAfterFinished: 86_400,
                    template: {
                        spec: kubectlPodSpec({ serviceAccountName: args.name, container: "prune", image: args.image, script: PRUNE_SCRIPT, env: env }),
                    },
                },
            },
        },
    };
}
