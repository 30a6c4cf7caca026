/**
 * azure-native v3 gives each resource class one alias per Azure API-version module that ever
 * carried it (`{ type: "azure-native:containerservice/v20190201:AgentPool" }`: 113 on the
 * ManagedCluster, 1,079 on azure-prod), so that a program switching between an explicit
 * API-version module and the default one keeps its resources (Pulumi azure-native docs, "Version
 * guide": every resource is also published in versioned modules). The Node SDK turns every alias
 * into URN Outputs in the Resource constructor, whatever the engine supports (@pulumi/pulumi
 * 3.248 resource.js, `collapseAliasToUrn`): dropping them took azure-prod's plan from 1.43× to
 * 1.19× the bench's bare program (docs/plan.md, "Bench").
 *
 * This package has only ever used the default modules (`@pulumi/azure-native/<module>`, no
 * `/vYYYYMMDD` import in its history), so no stack it created holds a URN of a versioned type and
 * those aliases can never match. They are dropped, and nothing else: an alias to an unversioned
 * token (a module move such as `azure-native:insights:DiagnosticSetting`), a name, a parent or a
 * URN is kept. A program that adopted resources created with a versioned module under this
 * package's names would lose that match; the package creates its resources itself.
 */
import * as pulumi from "@pulumi/pulumi";

/** `azure-native:<module>/v<yyyymmdd>[suffix]:<Resource>`: a type token of an API-version module. */
const API_VERSION_TYPE = /^azure-native:[A-Za-z0-9]+\/v\d{8}[a-z0-9]*:[A-Za-z0-9]+$/;

/** Whether an alias only renames the type to an API-version module's token. */
export function isApiVersionAlias(alias: unknown): boolean {
    if (alias === null || typeof alias !== "object" || pulumi.Output.isInstance(alias)) return false;
    const keys = Object.keys(alias);
    const type = (alias as { type?: unknown }).type;
    return keys.length === 1 && keys[0] === "type" && typeof type === "string" && API_VERSION_TYPE.test(type);
}

/** The aliases without the API-version type aliases; the same array when there are none. */
export function withoutApiVersionAliases(aliases: readonly pulumi.Input<string | pulumi.Alias>[]): pulumi.Input<string | pulumi.Alias>[] {
    const kept = aliases.filter((a) => !isApiVersionAlias(a));
    return kept.length === aliases.length ? (aliases as pulumi.Input<string | pulumi.Alias>[]) : kept;
}

/**
 * Applied by the Azure component to itself and so to every resource under it (a construction-time
 * transformation: it runs in the Resource constructor before the aliases are collapsed; an engine
 * `transforms` hook runs after, too late to save the work). Only azure-native resources.
 */
export const dropApiVersionAliases: pulumi.ResourceTransformation = (args) => {
    const aliases = args.opts.aliases;
    if (!args.type.startsWith("azure-native:") || !aliases || aliases.length === 0) return undefined;
    const kept = withoutApiVersionAliases(aliases);
    return kept === aliases ? undefined : { props: args.props, opts: { ...args.opts, aliases: kept } };
};
