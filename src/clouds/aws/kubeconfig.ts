/**
 * The kubeconfig for the EKS cluster. It holds no credential: kubectl and the Pulumi Kubernetes
 * provider run `aws eks get-token` for a short-lived token of whoever runs them, so the file can
 * be shared and the access entries decide who gets in.
 */

export interface KubeconfigInputs {
    clusterName: string;
    endpoint: string;
    certificateAuthorityData: string;
    region: string;
}

export function eksKubeconfig(k: KubeconfigInputs): Record<string, unknown> {
    const entry = k.clusterName;
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: entry, cluster: { server: k.endpoint, "certificate-authority-data": k.certificateAuthorityData } }],
        contexts: [{ name: entry, context: { cluster: entry, user: entry } }],
        "current-context": entry,
        users: [
            {
                name: entry,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", k.clusterName, "--region", k.region, "--output", "json"],
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    };
}
