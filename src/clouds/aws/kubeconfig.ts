/**
 * The kubeconfig for the EKS cluster. It holds no credential: kubectl and the Pulumi Kubernetes
 * provider run `aws eks get-token` for a short-lived token, with the same profile, role and
 * region as the Pulumi AWS provider (credentials.ts), so the identity that was granted access is
 * the one that uses it.
 */
import { TokenIdentity } from "./credentials";

export interface KubeconfigInputs {
    clusterName: string;
    endpoint: string;
    certificateAuthorityData: string;
    region: string;
    identity?: TokenIdentity;
}

/** The exec plugin's arguments to `aws`. */
export function getTokenArgs(clusterName: string, region: string, identity: TokenIdentity = {}): string[] {
    return [
        "eks",
        "get-token",
        "--cluster-name",
        clusterName,
        "--region",
        region,
        ...(identity.roleArn ? ["--role-arn", identity.roleArn] : []),
        ...(identity.profile ? ["--profile", identity.profile] : []),
        "--output",
        "json",
    ];
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
                        args: getTokenArgs(k.clusterName, k.region, k.identity),
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    };
}
