/**
 * The kubeconfig Pulumi (and you) use for the cluster. Local accounts are disabled, so the only
 * credentials are Entra ID tokens fetched by `kubelogin` through an exec plugin. AKS hands out a
 * kubeconfig whose kubelogin login mode is interactive device code, which would hang a
 * `pulumi up`; it is rewritten to reuse the Azure CLI session (`az login`, or the CI's federated
 * login), the same identity that runs the deployment.
 */
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import { parse, stringify } from "yaml";

export const KUBELOGIN_LOGIN = "azurecli";

interface KubeconfigUser {
    name: string;
    user?: { exec?: { command?: string; args?: string[] } };
}

/** Sets `--login <mode>` on every kubelogin exec user of a kubeconfig (replacing any other mode). */
export function withKubeloginLogin(kubeconfigYaml: string, login: string = KUBELOGIN_LOGIN): string {
    const doc = parse(kubeconfigYaml) as { users?: KubeconfigUser[] };
    const users = doc.users ?? [];
    const kubelogin = users.filter((u) => u.user?.exec?.command === "kubelogin");
    if (kubelogin.length === 0) {
        throw new Error("AKS returned a kubeconfig without a kubelogin exec user; is Entra ID integration enabled on the cluster?");
    }
    for (const u of kubelogin) {
        const args = [...(u.user!.exec!.args ?? [])];
        const at = args.indexOf("--login");
        if (at >= 0) args.splice(at, 2);
        u.user!.exec!.args = [...args, "--login", login];
    }
    return stringify(doc);
}

/** The kubeconfig AKS returns is base64-encoded YAML. */
export function decodeKubeconfig(base64: string): string {
    return Buffer.from(base64, "base64").toString("utf8");
}

export interface ClusterAccess {
    kubeconfig: pulumi.Output<string>;
    provider: KubernetesProvider;
}

export function createClusterAccess(
    name: string,
    cluster: { resourceGroupName: pulumi.Input<string>; clusterName: pulumi.Input<string> },
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[],
): ClusterAccess {
    const credentials = containerservice.listManagedClusterUserCredentialsOutput(
        { resourceGroupName: cluster.resourceGroupName, resourceName: cluster.clusterName, format: "exec" },
        { parent },
    );
    const kubeconfig = pulumi.secret(
        credentials.kubeconfigs.apply((configs) => {
            if (configs.length === 0) throw new Error("AKS returned no user kubeconfig for the cluster");
            return withKubeloginLogin(decodeKubeconfig(configs[0].value));
        }),
    );
    // Server-side apply: CNPG and AKS add-ons co-own fields of the objects Pulumi creates.
    const provider = new KubernetesProvider(`${name}-provider`, { kubeconfig, enableServerSideApply: true }, { parent, dependsOn });
    return { kubeconfig, provider };
}
