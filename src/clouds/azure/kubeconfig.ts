/**
 * The kubeconfig Pulumi (and you) use for the cluster. Local accounts are disabled, so the only
 * credentials are Entra ID tokens fetched by `kubelogin` through an exec plugin. AKS hands out a
 * kubeconfig whose kubelogin login mode is interactive device code, which would hang a
 * `pulumi up`; its login flags are rewritten for the mode of kubelogin.ts (the identity that runs
 * the deployment, authenticated the way the azure-native provider is).
 */
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { parse, stringify } from "yaml";
import { clusterKubernetesProvider, clusterRetainedObjectsProvider } from "../../cloud/kubernetes-provider";
import { kubeloginArgs, LoginIdentity } from "./kubelogin";

interface KubeconfigUser {
    name: string;
    user?: { exec?: { command?: string; args?: string[] } };
}

/** Rewrites the login flags of every kubelogin exec user of a kubeconfig for `mode`. */
export function withKubeloginLogin(kubeconfigYaml: string, mode: string, who: LoginIdentity): string {
    const doc = parse(kubeconfigYaml) as { users?: KubeconfigUser[] };
    const users = doc.users ?? [];
    const kubelogin = users.filter((u) => u.user?.exec?.command === "kubelogin");
    if (kubelogin.length === 0) {
        throw new Error("AKS returned a kubeconfig without a kubelogin exec user; is Entra ID integration enabled on the cluster?");
    }
    for (const u of kubelogin) u.user!.exec!.args = kubeloginArgs(u.user!.exec!.args ?? [], mode, who);
    return stringify(doc);
}

/** The kubeconfig AKS returns is base64-encoded YAML. */
export function decodeKubeconfig(base64: string): string {
    return Buffer.from(base64, "base64").toString("utf8");
}

export interface ClusterAccess {
    kubeconfig: pulumi.Output<string>;
    provider: KubernetesProvider;
    /** The same cluster's provider for retained objects (upsertExistingObjects). */
    retainedObjectsProvider: KubernetesProvider;
}

export interface ClusterAccessArgs {
    resourceGroupName: string;
    /** The cluster's name: plain, so the provider's `clusterIdentifier` is known in every preview. */
    clusterName: string;
    /** Resolves to the cluster once its creation-time check passed (cluster.ts). */
    gate: pulumi.Input<pulumi.Resource[]>;
    /** kubelogin mode (kubelogin.ts `kubeloginMode`). */
    loginMode: string;
    /** The deploying identity's ids (known at deploy time). */
    identity: pulumi.Input<LoginIdentity>;
}

export function createClusterAccess(name: string, args: ClusterAccessArgs, parent: pulumi.Resource, dependsOn: pulumi.Resource[]): ClusterAccess {
    const credentials = containerservice.listManagedClusterUserCredentialsOutput(
        { resourceGroupName: args.resourceGroupName, resourceName: args.clusterName, format: "exec" },
        // Read once the cluster exists and passed its check; in a preview of a cluster update the
        // cluster's ID is known, so this runs (live-cluster.ts) and the kubeconfig stays known.
        { parent, dependsOn: args.gate },
    );
    const kubeconfig = pulumi.secret(
        pulumi.all([credentials.kubeconfigs, args.identity]).apply(([configs, who]) => {
            if (configs.length === 0) throw new Error("AKS returned no user kubeconfig for the cluster");
            return withKubeloginLogin(decodeKubeconfig(configs[0].value), args.loginMode, who);
        }),
    );
    // The cluster's name identifies it for the provider, so an endpoint change (private mode, CA
    // rotation) never replaces the provider and every object it manages. It is the plain name the
    // stack gives the cluster (naming.ts), the value earlier versions read back from the
    // cluster's `name` output: existing stacks see no change of it. pulumi-kubernetes replaces a
    // provider whose identifier is updated, and an unknown value counts as updated
    // (provider/pkg/provider/provider.go DiffConfig), which a value computed from the cluster's
    // outputs is in every preview of a cluster update.
    const providerArgs = { kubeconfig, clusterIdentifier: args.clusterName };
    const provider = clusterKubernetesProvider(`${name}-provider`, providerArgs, { parent, dependsOn });
    const retainedObjectsProvider = clusterRetainedObjectsProvider(`${name}-provider`, providerArgs, { parent, dependsOn });
    return { kubeconfig, provider, retainedObjectsProvider };
}
