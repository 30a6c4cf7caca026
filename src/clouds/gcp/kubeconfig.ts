/**
 * A kubeconfig for the cluster that holds no credential: kubectl and the Pulumi Kubernetes
 * provider call `gke-gcloud-auth-plugin`, which mints a short-lived token from whoever is logged
 * in to gcloud (or the Application Default Credentials in CI). Nothing in it expires or leaks a key.
 *
 * Which address it names follows `fhir-ha:cluster.apiAccess.mode`:
 * - `dns`: the cluster's DNS-based endpoint, an output of the cluster, reachable from anywhere
 *   and authorised by IAM. It serves a publicly trusted certificate, so the file carries no CA
 *   (what `gcloud container clusters get-credentials --dns-endpoint` writes too; the plugin's
 *   tokens work there unchanged). A first deploy never depends on a private IP.
 *   Source: https://cloud.google.com/kubernetes-engine/docs/how-to/latest/network-isolation
 *   ("Access the control plane using the DNS-based endpoint").
 * - `public` / `private`: the cluster's `endpoint` (external IP, or the internal IP when the
 *   external one is off) with the cluster CA.
 */
import { stringify } from "yaml";

export interface GkeEndpoint {
    project: string;
    location: string;
    clusterName: string;
    /** API server address as GKE reports it (no scheme): an IP, or the DNS endpoint's name. */
    endpoint: string;
    /** Base64 PEM of the cluster CA, as in `masterAuth.clusterCaCertificate`; omitted for the DNS endpoint. */
    caCertificate?: string;
}

/** The address the kubeconfig names for an API access mode. */
export function apiServerAddress(mode: string, endpoints: { ip: string; dns: string; caCertificate: string }): Pick<GkeEndpoint, "endpoint" | "caCertificate"> {
    return mode === "dns" ? { endpoint: endpoints.dns, caCertificate: undefined } : { endpoint: endpoints.ip, caCertificate: endpoints.caCertificate };
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
        clusters: [
            {
                name,
                cluster: { server: `https://${e.endpoint}`, ...(e.caCertificate ? { "certificate-authority-data": e.caCertificate } : {}) },
            },
        ],
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
