/**
 * How long a rollout of the FHIR Deployment may take, derived from the startup budget
 * (fhir.startupTimeout) and the replica count, for the two deadlines that would otherwise cut a
 * long rollout short:
 * - the Deployment controller's `spec.progressDeadlineSeconds` (default 600): when no new pod
 *   becomes available for that long the Deployment gets `Progressing=False` with reason
 *   `ProgressDeadlineExceeded` (Kubernetes docs, Deployments, "Progress Deadline Seconds"). The
 *   deadline restarts each time the rollout makes progress, so it must cover one pod's start;
 * - Pulumi's await on a Deployment (default 10 minutes, and it fails early on
 *   ProgressDeadlineExceeded: @pulumi/kubernetes apps/v1 Deployment documentation), which covers
 *   the whole rollout. maxSurge 1 / maxUnavailable 0 start the new pods one after the other, so
 *   an update takes up to `replicas` pod starts; a create starts every replica at once.
 */

/**
 * Seconds a new pod may need before its startup probe begins counting and after it passes:
 * scheduling (including a node the autoscaler has to add, typically 2-4 minutes on the three
 * clouds), the image pull and the first readiness successes.
 */
export const POD_ARRIVAL_MARGIN_SECONDS = 300;

/** The Deployment controller's own default, kept as the floor. */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

export interface RolloutDeadlines {
    /** spec.progressDeadlineSeconds of the Deployment. */
    progressDeadlineSeconds: number;
    /** Pulumi customTimeouts for the Deployment, Go duration strings. */
    customTimeouts: { create: string; update: string };
}

/** One pod's start, bounded by its startup budget plus the arrival margin. */
function podStartSeconds(startupSeconds: number): number {
    return startupSeconds + POD_ARRIVAL_MARGIN_SECONDS;
}

/**
 * Deadlines for a Deployment of `replicas` pods whose startup probe allows `startupSeconds`.
 * Not capped: a cap below what the rollout needs would bring back the failure these prevent.
 */
export function rolloutDeadlines(replicas: number, startupSeconds: number): RolloutDeadlines {
    const onePod = Math.max(DEFAULT_PROGRESS_DEADLINE_SECONDS, podStartSeconds(startupSeconds));
    return {
        progressDeadlineSeconds: onePod,
        customTimeouts: { create: `${onePod}s`, update: `${Math.max(1, replicas) * onePod}s` },
    };
}
