/** Helm charts only the AWS target installs (the shared pins live in src/config/pins.ts). */
export const CHARTS_AWS = {
    // Chart 9.59.0 ships Cluster Autoscaler 1.35.0; the image tag is overridden to the cluster's minor (autoscaler.ts).
    clusterAutoscaler: { repository: "https://kubernetes.github.io/autoscaler", chart: "cluster-autoscaler", version: "9.59.0" },
};
