/**
 * A kubeconfig for the cluster that holds no credential: kubectl and the Pulumi Kubernetes
 * provider call `gke-gcloud-auth-plugin`, which mints a short-lived token from whoever is logged
 * in to gcloud (or the Application Default Credentials in CI). Nothing in it expires or leaks a key.
 */
import { stringify } from "yaml";

export interface GkeEndpoint {
    project: string;
    location: string;
    clusterName: string;
    /** API server address as GKE reports it (no scheme). */
    endpoint: string;
    /** Base64 PEM of the cluster CA, as in `masterAuth.clusterCaCertificate`. */
    caCertificate: string;
}

/** gcloud's own context naming, so the file merges cleanly with `gcloud container clusters get-credentials`. */
export function contextName(e: Pick<GkeEndpoint, "project" | "location" | "clusterName">): string {
    return `gke_${e.project}_${e.location}_${e.clusterName}`;
}

export function gkeKubeconfig(e: GkeEndpoint): string {
    const name = contextName(e);
    return stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: `https://${e.endpoint}`, "certificate-authority-data": e.caCertificate } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [
            {
                name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "gke-gcloud-auth-plugin",
                        installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
                        provideClusterInfo: true,
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    });
}
