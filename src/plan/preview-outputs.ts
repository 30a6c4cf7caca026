/**
 * What a provider hands back as a resource's outputs in a PREVIEW of an UPDATE, per provider
 * package. An input of another resource computed from an output the provider does not keep is
 * unknown in that preview (the Node SDK makes a whole Output unknown when any part of it is:
 * @pulumi/pulumi output.js, `containsUnknowns`), so the engine diffs it as changed: a
 * replace-forcing input, or a Kubernetes provider's `clusterIdentifier`, then shows `+-` in the
 * preview although the `up` changes nothing. The offline diff (diff/operations.ts) uses this
 * table to show what the real preview shows.
 *
 * The engine keeps the ID of an updated resource in every preview (pulumi/pulumi
 * pkg/resource/deploy/step.go, UpdateStep.Apply: "Always propagate the ID ... even in previews").
 */

export interface UpdatePreviewRule {
    /**
     * `all`: every output keeps its prior value or takes the new input's value (known unless the
     * input is unknown). Otherwise the outputs that stay known; every other output that is not
     * an input is unknown, nested read-only fields included.
     */
    keeps: "all" | string[];
    /** Where the behaviour is written (provider source, with path). */
    source: string;
}

export const UPDATE_PREVIEW_RULES: Record<string, UpdatePreviewRule> = {
    "azure-native": {
        keeps: ["id", "name", "location"],
        source:
            "pulumi/pulumi-azure-native provider/pkg/provider/provider.go, Update with req.GetPreview(): the outputs are " +
            "converter.PreviewOutputs(inputs, response) (the inputs, every other response property computed; " +
            "provider/pkg/convert/previewOutputs.go) plus `name` and `location` copied from the old state",
    },
    aws: {
        keeps: "all",
        source:
            "pulumi/pulumi-terraform-bridge pkg/tfbridge/provider.go, Update in preview: diff.ProposedState(res.TF, state), the prior " +
            "state with the plan's diff applied; hashicorp/terraform-plugin-sdk helper/schema/grpc_provider.go PlanResourceChange " +
            "applies the diff to the prior state and calls SetUnknowns only on create, so a computed attribute the diff does not " +
            "touch keeps its prior value (only attributes the provider marks NewComputed, e.g. through CustomizeDiff, are unknown). " +
            "Resources written with terraform-plugin-framework differ: its PlanResourceChange marks every computed attribute unknown " +
            "when the resource changes, unless a plan modifier (UseStateForUnknown) keeps it (internal/fwserver/server_planresourcechange.go, " +
            "MarkComputedNilsAsUnknown)",
    },
    gcp: {
        keeps: "all",
        source: "as aws: a bridged SDKv2 provider (pulumi/pulumi-terraform-bridge pkg/tfbridge/provider.go Update, ProposedState)",
    },
    kubernetes: {
        keeps: "all",
        source:
            "pulumi/pulumi-kubernetes provider/pkg/provider/provider.go, Update: in preview the object is applied with a server-side " +
            "dry run (await.UpdateConfig DryRun: req.GetPreview()) and its result is the outputs; without a reachable cluster the " +
            "new inputs are returned",
    },
    random: {
        keeps: "all",
        source:
            "pulumi/pulumi-random (bridged terraform-provider-random, plugin framework): every input of the types used here " +
            "forces a replacement (random-tls.json), so no update preview arises",
    },
    tls: {
        keeps: "all",
        source: "pulumi/pulumi-tls (bridged terraform-provider-tls): every input of tls:PrivateKey forces a replacement, so no update preview arises",
    },
    pulumi: {
        keeps: "all",
        source: "provider resources (pulumi:providers:*) have their config as outputs; the engine diffs them with DiffConfig",
    },
};

/** The rule for the provider of resource type `type`; undefined for component types (their own package). */
export function updatePreviewRule(type: string): UpdatePreviewRule | undefined {
    return UPDATE_PREVIEW_RULES[type.split(":")[0]];
}

/**
 * Whether output `output` (a top-level property, or a dotted path below one) of an updated
 * resource of type `type` is known in a preview of the update. Without an output name (the input
 * reads the resource, which outputs is not recorded), only a provider that keeps all of them does.
 */
export function keptInUpdatePreview(type: string, output?: string): boolean {
    const rule = updatePreviewRule(type);
    if (!rule || rule.keeps === "all") return true;
    if (output === undefined) return false;
    const top = output.split(/[.[]/)[0];
    return rule.keeps.includes(top);
}
