/**
 * `pulumi up` waits for a cluster's first base backup: the delayed replica bootstraps from it,
 * the FHIR server is switched to a restored cluster only once it is recoverable, and a broken
 * archive fails the deploy instead of going unnoticed.
 *
 * The wait is a Job that reads Backup objects, not a `Backup` of our own. A Backup rendered by
 * Pulumi would be deleted by the plugin's retention after the recovery window (about five weeks)
 * and re-created by the next `pulumi up --refresh`: an unplanned full backup, possibly mid-incident.
 * The one full backup at creation is the weekly ScheduledBackup's `immediate` one; this Job only
 * looks, so running it again (a refresh, a replacement) takes no backup and returns at once.
 */
import * as pulumi from "@pulumi/pulumi";
import { CLUSTER_LABEL, SCHEDULED_BACKUP_LABEL } from "./constants";
import { kubectlPodSpec } from "./kubectl-pod";

/** A new, empty primary: initdb plus one small base backup. */
export const FIRST_BACKUP_TIMEOUT_SECONDS = 1800;


/** Prints "completed", "failed" or nothing for the cluster's plugin (object store) Backups. */
export const BACKUP_STATE_FILTER = [
    '[.items[] | select(.spec.method == "plugin") | .status.phase // ""]',
    '| if any(. == "completed") then "completed" elif any(. == "failed") then "failed" else "" end',
].join("\n");

/**
 * The wait loop. After a major upgrade only Backups of the new generation's ScheduledBackup count
 * (the cluster's older Backups are of the previous major), selected by the label CNPG puts on the
 * Backups a ScheduledBackup creates; without one the script is the one every cluster had before.
 */
function waitScript(byScheduledBackup: boolean): string {
    const selector = CLUSTER_LABEL + "=${CLUSTER}" + (byScheduledBackup ? `,${SCHEDULED_BACKUP_LABEL}=\${SCHEDULED_BACKUP}` : "");
    return [
        "set -u",
        `selector="${selector}"`,
        "while true; do",
        '  state=$(kubectl get backups.postgresql.cnpg.io -n "${NAMESPACE}" -l "${selector}" -o json | jq -r "${FILTER}")',
        '  case "${state}" in',
        '    completed) echo "${CLUSTER}: a base backup has completed"; exit 0 ;;',
        '    failed) echo "${CLUSTER}: the first base backup failed; see docs/runbooks/backup-failure.md"; exit 1 ;;',
        "  esac",
        "  sleep 15",
        "done",
    ].join("\n");
}

export const WAIT_SCRIPT = waitScript(false);
export const GENERATION_WAIT_SCRIPT = waitScript(true);

/**
 * Waits until CloudNativePG has finished the offline in-place upgrade to MAJOR: the data directory's
 * recorded major (`status.pgDataImageInfo.majorVersion`, set when the upgrade Job completed) is the
 * new one and the cluster is healthy again (replicas re-cloned). cloudnative-pg v1.30.0
 * pkg/reconciler/majorupgrade/reconciler.go (majorVersionUpgradeHandleCompletion) and
 * api/v1/cluster_types.go (PhaseHealthy). The new generation's first base backup must not start
 * before: its ScheduledBackup is created only once this Job has completed.
 */
export const UPGRADE_WAIT_SCRIPT = [
    "set -u",
    "while true; do",
    '  state=$(kubectl get clusters.postgresql.cnpg.io "${CLUSTER}" -n "${NAMESPACE}" -o json | jq -r \'"\\(.status.pgDataImageInfo.majorVersion // 0) \\(.status.phase // "")"\')',
    '  case "${state}" in',
    '    "${MAJOR} Cluster in healthy state") echo "${CLUSTER}: upgraded to PostgreSQL ${MAJOR} and healthy"; exit 0 ;;',
    "  esac",
    '  echo "${CLUSTER}: ${state}"',
    "  sleep 15",
    "done",
].join("\n");

/** An offline upgrade: pods stopped, pg_upgrade --link (minutes), then every replica re-cloned. */
export const MAJOR_UPGRADE_TIMEOUT_SECONDS = 4 * 3600;

export interface FirstBackupWaitArgs {
    /** Name of the ServiceAccount, Role, RoleBinding and Job. */
    name: string;
    namespace: pulumi.Input<string>;
    cluster: string;
    timeoutSeconds: number;
    image: string;
    /** Only Backups of this ScheduledBackup count (a new archive generation's). */
    scheduledBackup?: string;
    /** The major upgrade this wait follows: its Role may also read the Cluster (upgradeWaitJob). */
    upgradeMajor?: number;
}

export function waitServiceAccount(args: FirstBackupWaitArgs) {
    return { metadata: { name: args.name, namespace: args.namespace } };
}

/** Read-only: it may only get and list Backups of its namespace. */
export function waitRole(args: FirstBackupWaitArgs) {
    return {
        metadata: { name: args.name, namespace: args.namespace },
        rules: [
            { apiGroups: ["postgresql.cnpg.io"], resources: ["backups"], verbs: ["get", "list"] },
            ...(args.upgradeMajor !== undefined ? [{ apiGroups: ["postgresql.cnpg.io"], resources: ["clusters"], resourceNames: [args.cluster], verbs: ["get"] }] : []),
        ],
    };
}

export function waitRoleBinding(args: FirstBackupWaitArgs) {
    return {
        metadata: { name: args.name, namespace: args.namespace },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: args.name },
        subjects: [{ kind: "ServiceAccount", name: args.name, namespace: args.namespace }],
    };
}

export function waitJob(args: FirstBackupWaitArgs) {
    return {
        metadata: {
            name: args.name,
            namespace: args.namespace,
            annotations: {
                // Pulumi waits for a Job to complete; this is how long.
                "pulumi.com/timeoutSeconds": String(args.timeoutSeconds),
                // A wait that ran out (a restore still replaying) is started again by the next `pulumi up`.
                "pulumi.com/replaceUnready": "true",
            },
        },
        spec: {
            backoffLimit: 0,
            activeDeadlineSeconds: args.timeoutSeconds,
            template: {
                spec: kubectlPodSpec({
                    serviceAccountName: args.name,
                    container: "wait",
                    image: args.image,
                    script: args.scheduledBackup ? GENERATION_WAIT_SCRIPT : WAIT_SCRIPT,
                    env: [
                        { name: "NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                        { name: "CLUSTER", value: args.cluster },
                        { name: "FILTER", value: BACKUP_STATE_FILTER },
                        ...(args.scheduledBackup ? [{ name: "SCHEDULED_BACKUP", value: args.scheduledBackup }] : []),
                    ],
                }),
            },
        },
    };
}

/** `pulumi up` waits for CloudNativePG's in-place upgrade to `upgradeMajor` (same ServiceAccount as the wait). */
export function upgradeWaitJob(args: FirstBackupWaitArgs & { jobName: string; upgradeMajor: number }) {
    return {
        metadata: {
            name: args.jobName,
            namespace: args.namespace,
            annotations: { "pulumi.com/timeoutSeconds": String(MAJOR_UPGRADE_TIMEOUT_SECONDS), "pulumi.com/replaceUnready": "true" },
        },
        spec: {
            backoffLimit: 0,
            activeDeadlineSeconds: MAJOR_UPGRADE_TIMEOUT_SECONDS,
            template: {
                spec: kubectlPodSpec({
                    serviceAccountName: args.name,
                    container: "wait",
                    image: args.image,
                    script: UPGRADE_WAIT_SCRIPT,
                    env: [
                        { name: "NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                        { name: "CLUSTER", value: args.cluster },
                        { name: "MAJOR", value: String(args.upgradeMajor) },
                    ],
                }),
            },
        },
    };
}
