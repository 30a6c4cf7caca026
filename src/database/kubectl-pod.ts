/**
 * The pod of the tier's small kubectl Jobs (the cert-manager check, the first-backup wait, the
 * snapshot pruner): one bash script in the official kubectl image, as an unprivileged user with
 * a read-only root filesystem, so it runs in a namespace that enforces the restricted Pod
 * Security profile. kubectl keeps its discovery cache under $HOME, hence the small /tmp volume.
 */
import type * as k8s from "@pulumi/kubernetes/types/input";

/**
 * An unprivileged uid for the script. registry.k8s.io/kubectl is not distroless: it is built from
 * kubernetes/kubernetes build/server-image/kubectl/Dockerfile (PR #119592, since 2023) on
 * debian-base with bash, grep, sed, gawk, coreutils (GNU date), jq and diffutils, and its
 * entrypoint is kubectl, hence `command` below. The Dockerfile sets no USER, so the pod picks one
 * (65532, the conventional "nonroot" uid) that owns nothing in it; HOME points at /tmp.
 */
const UNPRIVILEGED = 65532;

export interface KubectlPodArgs {
    serviceAccountName: string;
    /** Container name: what the Job does ("check", "wait", "prune"). */
    container: string;
    image: string;
    script: string;
    env: k8s.core.v1.EnvVar[];
}

export function kubectlPodSpec(args: KubectlPodArgs): k8s.core.v1.PodSpec {
    return {
        serviceAccountName: args.serviceAccountName,
        restartPolicy: "Never",
        securityContext: {
            runAsNonRoot: true,
            runAsUser: UNPRIVILEGED,
            runAsGroup: UNPRIVILEGED,
            seccompProfile: { type: "RuntimeDefault" },
        },
        containers: [
            {
                name: args.container,
                image: args.image,
                command: ["/bin/bash", "-c", args.script],
                env: [...args.env, { name: "HOME", value: "/tmp" }],
                resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
        ],
        volumes: [{ name: "tmp", emptyDir: { sizeLimit: "16Mi" } }],
    };
}
