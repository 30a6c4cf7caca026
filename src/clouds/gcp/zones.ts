/**
 * Zones of the stack's region: explicit `fhir-ha:zones` are checked against the zones the region
 * has; otherwise the first `zoneCount` zones by name are used.
 *
 * Day 2: the stack's zones are an identity, not a reading of the weather. They are chosen from
 * every zone of the region, UP or DOWN (`getZones` without its `status` filter: "Defaults to no
 * filtering (all available zones - both UP and DOWN)", @pulumi/gcp compute/getZones), so a zone
 * that GCE marks DOWN during an incident neither fails every `pulumi up` of a 3-zone region nor
 * moves the node pool's `nodeLocations` to another zone in a larger one. A chosen zone that is DOWN
 * only gets a warning: the zone-loss runbook decides whether to take it out (an explicit edit of
 * `fhir-ha:zones`), not the next unrelated `pulumi up`.
 */
import * as compute from "@pulumi/gcp/compute";
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError, show } from "../../config/errors";
import { FhirHaConfig } from "../../config/types";
import { gcpStackProblems } from "./settings";

/** Pure: the zones to use, or the problems with `fhir-ha:zones`, given every zone of the region. */
export function chooseZones(config: Pick<FhirHaConfig, "zoneNames" | "zoneCount" | "region">, regionZones: string[]): { zones: string[]; problems: string[] } {
    const offered = [...new Set(regionZones)].sort();
    const listing = `zones of ${config.region}: ${offered.join(", ") || "none"}`;
    if (config.zoneNames.length > 0) {
        const problems: string[] = [];
        const unknown = config.zoneNames.filter((z) => !offered.includes(z));
        const repeated = config.zoneNames.filter((z, i) => config.zoneNames.indexOf(z) !== i);
        if (unknown.length > 0) {
            problems.push(`fhir-ha:zones = ${show(config.zoneNames)}: ${unknown.join(", ")} not in region ${config.region} (${listing})`);
        }
        if (repeated.length > 0) {
            problems.push(`fhir-ha:zones = ${show(config.zoneNames)}: zones must be distinct (repeated: ${[...new Set(repeated)].join(", ")})`);
        }
        return { zones: problems.length > 0 ? [] : [...config.zoneNames], problems };
    }
    if (offered.length < config.zoneCount) {
        return {
            zones: [],
            problems: [`fhir-ha:zones = ${config.zoneCount}: region ${config.region} has only ${offered.length} zones (${listing}); set fhir-ha:zones to at most ${offered.length}`],
        };
    }
    return { zones: offered.slice(0, config.zoneCount), problems: [] };
}

/** Pure: the warning for chosen zones GCE reports DOWN now, or undefined. */
export function downZonesWarning(zones: string[], down: string[]): string | undefined {
    const affected = zones.filter((z) => down.includes(z));
    if (affected.length === 0) return undefined;
    return (
        `fhir-ha:zones: ${affected.join(", ")} ${affected.length === 1 ? "is" : "are"} DOWN now (Compute Engine zone status); the stack keeps its zones ` +
        `(${zones.join(", ")}) and this update changes nothing about them. To move capacity out of a lost zone, follow docs/runbooks/zone-loss.md`
    );
}

/**
 * Runs before any GCP resource is registered: asks the region for all its zones, checks the GCP
 * settings (settings.ts), and throws one ConfigValidationError listing every problem. Zones that
 * are DOWN now are only reported (see above).
 */
export async function resolveZones(config: FhirHaConfig): Promise<string[]> {
    const settingsProblems = gcpStackProblems(config);
    const [all, down] = await Promise.all([
        compute.getZones({ region: config.region }),
        compute.getZones({ region: config.region, status: "DOWN" }),
    ]);
    const { zones, problems } = chooseZones(config, all.names);
    if (problems.length > 0 || settingsProblems.length > 0) throw new ConfigValidationError([...problems, ...settingsProblems]);
    const warning = downZonesWarning(zones, down.names);
    if (warning) pulumi.log.warn(warning);
    return zones;
}
