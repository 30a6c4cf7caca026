import { ConfigValidationError } from "../../config/errors";
import { FhirHaConfig } from "../../config/types";
import { azureSettingsProblems } from "./preflight";
import { pickZones } from "./zones";

/**
 * The zones of an Azure stack ("1", "2", "3" of a zone-redundant region). `FhirPlatform` calls this
 * before the cluster component, so it is also where the Azure-specific settings are checked: one
 * error lists every problem, before any resource exists.
 */
export async function resolveZones(config: FhirHaConfig): Promise<string[]> {
    const { zones, problems } = pickZones(config.region, config.zoneCount, config.zoneNames);
    const all = [...problems, ...azureSettingsProblems(config)];
    if (all.length > 0) throw new ConfigValidationError(all);
    return zones;
}
