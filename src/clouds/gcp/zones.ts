/**
 * Zones of the stack's region: explicit `fhir-ha:zones` are checked against what the region
 * offers; otherwise the first `zoneCount` zones (sorted, so the choice is stable) are used.
 */
import * as compute from "@pulumi/gcp/compute";
import { ConfigValidationError, show } from "../../config/errors";
import { FhirHaConfig } from "../../config/types";
import { gcpStackProblems } from "./settings";

/** Pure: the zones to use, or the problems with `fhir-ha:zones`, given the zones the region has. */
export function chooseZones(config: Pick<FhirHaConfig, "zoneNames" | "zoneCount" | "region">, available: string[]): { zones: string[]; problems: string[] } {
    const offered = [...new Set(available)].sort();
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
            problems: [`fhir-ha:zones = ${config.zoneCount}: region ${config.region} offers only ${offered.length} zones that are up (${listing})`],
        };
    }
    return { zones: offered.slice(0, config.zoneCount), problems: [] };
}

/**
 * Runs before any GCP resource is registered: asks the region for its zones that are up, checks
 * the GCP settings (settings.ts), and throws one ConfigValidationError listing every problem.
 */
export async function resolveZones(config: FhirHaConfig): Promise<string[]> {
    const settingsProblems = gcpStackProblems(config);
    const { names } = await compute.getZones({ region: config.region, status: "UP" });
    const { zones, problems } = chooseZones(config, names);
    if (problems.length > 0 || settingsProblems.length > 0) throw new ConfigValidationError([...problems, ...settingsProblems]);
    return zones;
}
