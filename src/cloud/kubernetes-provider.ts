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
 *
 * Each cloud also builds, with the same settings, the provider for retained objects
 * (`retainedObjectsProvider` below).
 */
import { Provider as KubernetesProvider, ProviderArgs } from "@pulumi/kubernetes/provider";
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

/** Suffix of the retained-objects provider's resource name (`<cluster provider name>-retained`). */
export const RETAINED_PROVIDER_SUFFIX = "-retained";

/**
 * The provider for exactly the objects the tiers register with `retainOnDelete` (CNPG Clusters,
 * ObjectStores, ScheduledBackups, their NetworkPolicies, the backup credentials Secret): the same
 * cluster and settings as the cluster's provider, plus `upsertExistingObjects`.
 *
 * Why: since pulumi-kubernetes 4.29.0 a create is a client-side POST, and an object that already
 * exists fails it with AlreadyExists unless the provider sets `upsertExistingObjects`
 * (pulumi-kubernetes CHANGELOG 4.29.0, #2926; provider/pkg/await/await.go `Creation`: a server-
 * side apply PATCH only with `UpsertExistingObjects`, else `client.Create`, and AlreadyExists is
 * returned as an error). A retained object is still in the cluster when Pulumi forgets it, so
 * every flow that renders it again creates an object that exists: ending a restore (the old
 * delayed replica, its ObjectStore and NetworkPolicy come back), turning the delayed replica on
 * again, `pulumi up` after a partial destroy.
 *
 * Why it is safe for these objects only: the hazard the 4.29 default guards against is
 * create-then-delete of one Kubernetes object under two Pulumi identities (a rename without an
 * alias, a replace of a fixed name): the create upserts the live object, then the delete of the
 * old identity removes it. For an object registered with `retainOnDelete`, Pulumi never calls the
 * provider's Delete, "when deleting or replacing the resource"
 * (https://www.pulumi.com/docs/iac/concepts/resources/options/retainondelete/), so no such delete
 * follows. Objects without `retainOnDelete` stay on the cluster's provider and keep the strict
 * create. The upsert is a server-side apply without force (await.go: `patchForce` is false unless
 * asked for): a field another manager set to a different value is a conflict error, not
 * overwritten.
 *
 * Existing stacks: moving an object to this provider is not a replace. The engine asks the new
 * provider's DiffConfig whether the change of provider replaces its resources (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go `providerChanged`, for explicit providers since
 * pulumi/pulumi#18509, February 2025), and pulumi-kubernetes' DiffConfig
 * (provider/pkg/provider/provider.go) replaces only when `clusterIdentifier` changes, or, without
 * one, when the kubeconfig's active cluster changes: neither does here.
 */
export function retainedObjectsProvider(
    name: string,
    args: Omit<ProviderArgs, "upsertExistingObjects">,
    opts: pulumi.CustomResourceOptions,
): KubernetesProvider {
    return new KubernetesProvider(`${name}${RETAINED_PROVIDER_SUFFIX}`, { ...args, upsertExistingObjects: true }, opts);
}

/** `retainedObjectsProvider` for a cluster whose provider `clusterKubernetesProvider` built. */
export function clusterRetainedObjectsProvider(name: string, args: ClusterProviderArgs, opts: pulumi.CustomResourceOptions): KubernetesProvider {
    return retainedObjectsProvider(name, { kubeconfig: args.kubeconfig, clusterIdentifier: args.clusterIdentifier, enableServerSideApply: true }, opts);
}
