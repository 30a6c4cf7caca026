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
 * `fhir.expose` values and the Service type each one means. `gateway` keeps the Service
 * in-cluster: the Gateway's HTTPRoute sends traffic to it.
 */
export const EXPOSE_TYPES: Record<string, string> = { clusterIP: "ClusterIP", loadBalancer: "LoadBalancer", gateway: "ClusterIP" };

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

export function serviceSpec(expose: string, podLabels: Record<string, string>, sourceRanges: string[] = []): ServiceSpec {
    const ports = [{ name: "http", port: SERVICE_PORT, targetPort: HTTP_PORT_NAME, protocol: "TCP" }];
    if (expose !== "loadBalancer") return { type: EXPOSE_TYPES[expose], selector: podLabels, ports };
    return {
        type: "LoadBalancer",
        selector: podLabels,
        ports,
        // Only these client ranges pass the load balancer (or the node firewall rules the cloud
        // derives from them).
        loadBalancerSourceRanges: sourceRanges,
        // Keep the client's address: the FHIR NetworkPolicy admits the same ranges, which it can
        // only do when the packets still carry them (with Cluster, nodes SNAT to their own IPs).
        externalTrafficPolicy: "Local",
    };
}
