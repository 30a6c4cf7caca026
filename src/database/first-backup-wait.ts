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
import { CLUSTER_LABEL } from "./constants";
import { kubectlPodSpec } from "./kubectl-pod";

/** A new, empty primary: initdb plus one small base backup. */
export const FIRST_BACKUP_TIMEOUT_SECONDS = 1800;


/** Prints "completed", "failed" or nothing for the cluster's plugin (object store) Backups. */
export const BACKUP_STATE_FILTER = [
    '[.items[] | select(.spec.method == "plugin") | .status.phase // ""]',
    '| if any(. == "completed") then "completed" elif any(. == "failed") then "failed" else "" end',
].join("\n");

export const WAIT_SCRIPT = [
    "set -u",
    'selector="' + CLUSTER_LABEL + '=${CLUSTER}"',
    "while true; do",
    '  state=$(kubectl get backups.postgresql.cnpg.io -n "${NAMESPACE}" -l "${selector}" -o json | jq -r "${FILTER}")',
    '  case "${state}" in',
    '    completed) echo "${CLUSTER}: a base backup has completed"; exit 0 ;;',
    '    failed) echo "${CLUSTER}: the first base backup failed; see docs/runbooks/backup-failure.md"; exit 1 ;;',
    "  esac",
    "  sleep 15",
    "done",
].join("\n");

export interface FirstBackupWaitArgs {
    /** Name of the ServiceAccount, Role, RoleBinding and Job. */
    name: string;
    namespace: pulumi.Input<string>;
    cluster: string;
    timeoutSeconds: number;
    image: string;
}

export function waitServiceAccount(args: FirstBackupWaitArgs) {
    return { metadata: { name: args.name, namespace: args.namespace } };
}

/** Read-only: it may only get and list Backups of its namespace. */
export function waitRole(args: FirstBackupWaitArgs) {
    return {
        metadata: { name: args.name, namespace: args.namespace },
        rules: [{ apiGroups: ["postgresql.cnpg.io"], resources: ["backups"], verbs: ["get", "list"] }],
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
                spec: kubectlPodSpec({ serviceAccountName: args.name, container: "wait", image: args.image, script: WAIT_SCRIPT, env: [
                    { name: "NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                    { name: "CLUSTER", value: args.cluster },
                    { name: "FILTER", value: BACKUP_STATE_FILTER },
                ] }),
            },
        },
    };
}
