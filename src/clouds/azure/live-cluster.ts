/**
 * What a `pulumi preview` of a ManagedCluster update cannot read from the resource itself.
 *
 * In preview, azure-native answers an update with the new inputs plus `name` and `location`
 * (`stableOutputs`); every other output (the identity's principal id, the OIDC issuer URL, nested
 * read-only fields) is unknown (pulumi/pulumi-azure-native v3 provider/pkg/provider/provider.go
 * `Update`, `req.GetPreview()`; provider/pkg/convert/previewOutputs.go). Its invokes, by contrast,
 * GET the resource from ARM (same file, `Invoke`). A value computed from them is
 * unknown too (@pulumi/pulumi output.js: known only if it contains no unknowns), and an unknown
 * input that forces a replace (a role assignment's `principalId`) previews as a replace.
 *
 * An output-form invoke that `dependsOn` the cluster runs as soon as the cluster's ID is known
 * (@pulumi/pulumi runtime/invoke.js: an output invoke returns unknown only while a dependency's ID
 * is unknown), i.e. in every preview but the one that creates the cluster, and during `up` after
 * the cluster's create or update finished. It reads the cluster as it is in Azure, not as Pulumi
 * last saw it: a system pool replaced by hand ("Changing the system pool" in docs/clouds/azure.md)
 * is seen by the next plain `pulumi up`, with no `pulumi refresh` first.
 */
import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import { PoolProfile } from "./creation-settings";

export interface LiveCluster {
    /** The node pools and API server access as deployed (the creation-time check compares them). */
    agentPoolProfiles: pulumi.Output<(PoolProfile & { currentOrchestratorVersion?: string })[] | undefined>;
    apiServerAccessProfile: pulumi.Output<{ enablePrivateCluster?: boolean } | undefined>;
    /** The cluster's system-assigned identity (the subnet grant's principal). */
    principalId: pulumi.Output<string>;
    /** The OIDC issuer the backup identity's federated credentials trust. */
    oidcIssuerUrl: pulumi.Output<string>;
}

export function readLiveCluster(
    args: { resourceGroupName: string; clusterName: string; cluster: containerservice.ManagedCluster },
    parent: pulumi.Resource,
): LiveCluster {
    const live = containerservice.getManagedClusterOutput(
        { resourceGroupName: args.resourceGroupName, resourceName: args.clusterName },
        { parent, dependsOn: [args.cluster] },
    );
    return {
        agentPoolProfiles: live.apply((c) => c.agentPoolProfiles),
        apiServerAccessProfile: live.apply((c) => c.apiServerAccessProfile),
        principalId: live.apply((c) => {
            const id = c.identity;
            if (!id?.principalId) throw new Error(`AKS cluster ${args.clusterName} reports no system-assigned identity`);
            return id.principalId;
        }),
        oidcIssuerUrl: live.apply((c) => {
            const p = c.oidcIssuerProfile;
            if (!p?.issuerURL) throw new Error(`AKS cluster ${args.clusterName} reports no OIDC issuer URL; workload identity needs it`);
            return p.issuerURL;
        }),
    };
}
