/**
 * The Kubernetes provider of a cluster a cloud creates. Every cloud builds it here so that each
 * gets the same two properties:
 *
 * - `clusterIdentifier`: pulumi-kubernetes replaces its provider (and with it every object it
 *   manages: namespaces, charts, CNPG Clusters) when the kubeconfig's cluster changes, unless
 *   `clusterIdentifier` is set; then only a change of the identifier replaces it. The endpoint
 *   and CA of a managed cluster change on ordinary operations (locking down the API endpoint,
 *   CA rotation), so the identifier is the cluster's stable name, not its endpoint.
 *   Source: pulumi-kubernetes provider docs, `clusterIdentifier`
 *   (https://www.pulumi.com/registry/packages/kubernetes/api-docs/provider/#clusteridentifier_nodejs).
 * - server-side apply, so fields other controllers own are not fought over.
 */
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";

export interface ClusterProviderArgs {
    kubeconfig: pulumi.Input<string>;
    /** A name that stays the same for the cluster's whole life (the cluster's resource name). */
    clusterIdentifier: pulumi.Input<string>;
}

export function clusterKubernetesProvider(name: string, args: ClusterProviderArgs, opts: pulumi.CustomResourceOptions): KubernetesProvider {
    return new KubernetesProvider(
        name,
        { kubeconfig: args.kubeconfig, clusterIdentifier: args.clusterIdentifier, enableServerSideApply: true },
        opts,
    );
}
