/**
 * Deployment, PodDisruptionBudget and Service specs for the FHIR server pods.
 */
import * as k8sInput from "@pulumi/kubernetes/types/input";
import * as pulumi from "@pulumi/pulumi";
import { HTTP_PORT_NAME } from "./engines";

type DeploymentSpec = k8sInput.apps.v1.DeploymentSpec;
type PodSpec = k8sInput.core.v1.PodSpec;
type PodDisruptionBudgetSpec = k8sInput.policy.v1.PodDisruptionBudgetSpec;
type ServiceSpec = k8sInput.core.v1.ServiceSpec;

/**
 * `fhir.expose` values the component knows. `loadBalancer` only so that it is refused with its
 * reason (policy.ts) rather than as an unknown word.
 */
export const EXPOSE_VALUES = ["clusterIP", "loadBalancer", "gateway"];

/** Port of the Service (clients use the plain http port; the pods listen on 8080). */
export const SERVICE_PORT = 80;

/**
 * `podAnnotations` carry checksums of the Secrets the pods read: a changed key or password
 * changes the pod template, and so rolls the pods (environment variables are read at start).
 */
export function deploymentSpec(
    replicas: number,
    podLabels: Record<string, string>,
    podSpec: PodSpec,
    podAnnotations?: Record<string, pulumi.Input<string>>,
    progressDeadlineSeconds?: number,
): DeploymentSpec {
    return {
        replicas,
        // From the startup budget (rollout.ts): a migrating pod must not fail the rollout.
        ...(progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds } : {}),
        selector: { matchLabels: podLabels },
        // Never below the configured count during a rollout: one extra pod starts, becomes
        // ready, then one old pod stops. It also serialises schema changes a new image brings.
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        revisionHistoryLimit: 5,
        template: { metadata: { labels: podLabels, ...(podAnnotations ? { annotations: podAnnotations } : {}) }, spec: podSpec },
    };
}

/**
 * At most one pod voluntarily evicted at a time (node drains, upgrades). Undefined for a single
 * replica: a budget there either blocks every drain (minAvailable 1) or protects nothing
 * (maxUnavailable 1), and a one-replica stack is a dev stack the checklist already flags.
 */
export function disruptionBudgetSpec(replicas: number, podLabels: Record<string, string>): PodDisruptionBudgetSpec | undefined {
    if (replicas < 2) return undefined;
    return {
        maxUnavailable: 1,
        selector: { matchLabels: podLabels },
        // A pod that is not ready serves nothing; never let it hold up a node drain.
        unhealthyPodEvictionPolicy: "AlwaysAllow",
    };
}

/**
 * Always ClusterIP: `gateway` sends traffic to it through the HTTPRoute, and `loadBalancer`
 * (plain HTTP) is refused by validation (policy.ts).
 */
export function serviceSpec(podLabels: Record<string, string>): ServiceSpec {
    return { type: "ClusterIP", selector: podLabels, ports: [{ name: "http", port: SERVICE_PORT, targetPort: HTTP_PORT_NAME, protocol: "TCP" }] };
}
