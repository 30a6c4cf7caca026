/**
 * Which availability zones the stack uses. Explicit `fhir-ha:zones` names are checked against
 * what the region really offers, so a typo (eu-central-1d, us-east1-a) fails before anything is
 * created instead of half-way through a VPC.
 */
import { getAvailabilityZones } from "@pulumi/aws/getAvailabilityZones";
import { getRegion } from "@pulumi/aws/getRegion";
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError, show } from "../../config/errors";
import { FhirHaConfig } from "../../config/types";
import { regionMismatch } from "./settings";

/**
 * Picks the zones from those the region offers (in the region's order): the explicit names when
 * given, else the first `zoneCount`. Throws ConfigValidationError naming `fhir-ha:zones`.
 */
export function pickZones(config: Pick<FhirHaConfig, "zoneCount" | "zoneNames" | "region">, offered: string[]): string[] {
    const listing = `the zones of ${config.region} are ${offered.join(", ")}`;
    if (config.zoneNames.length > 0) {
        const repeated = config.zoneNames.filter((z, i) => config.zoneNames.indexOf(z) !== i);
        const foreign = config.zoneNames.filter((z) => !offered.includes(z));
        const problems: string[] = [];
        if (repeated.length > 0) problems.push(`fhir-ha:zones = ${show(config.zoneNames)}: zones must be distinct (repeated: ${repeated.join(", ")})`);
        if (foreign.length > 0) problems.push(`fhir-ha:zones = ${show(config.zoneNames)}: not in region ${config.region}: ${foreign.join(", ")}; ${listing}`);
        if (problems.length > 0) throw new ConfigValidationError(problems);
        return [...config.zoneNames];
    }
    if (offered.length < config.zoneCount) {
        throw new ConfigValidationError([
            `fhir-ha:zones = ${config.zoneCount}: region ${config.region} offers only ${offered.length} availability zones (${offered.join(", ")})`,
        ]);
    }
    return offered.slice(0, config.zoneCount);
}

/**
 * Checks the AWS provider's region against `aws:region`, then asks EC2 for the region's
 * availability zones. Runs before any resource of the component is registered (FhirPlatform
 * awaits it), so a provider in another region stops the deploy before the VPC exists. `parent`:
 * the component the cluster will be built under, whose provider (passed through `providers`)
 * these invokes then use too. Local Zones and Wavelength Zones are left out: EKS managed node
 * groups and the control plane need real availability zones.
 */
export async function resolveZones(config: FhirHaConfig, opts: { parent?: pulumi.Resource } = {}): Promise<string[]> {
    const provider = (await getRegion({}, { parent: opts.parent })).region;
    const problem = provider ? regionMismatch(config.region, provider) : undefined;
    if (problem) throw new ConfigValidationError([problem]);
    const result = await getAvailabilityZones(
        {
            region: config.region,
            state: "available",
            filters: [{ name: "zone-type", values: ["availability-zone"] }],
        },
        { parent: opts.parent },
    );
    return pickZones(config, result.names);
}
