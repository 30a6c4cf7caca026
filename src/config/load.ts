/**
 * The raw `fhir-ha:` values of a stack's config map; src/validation/load.ts reads the map from the
 * Pulumi runtime and validates it.
 */
import { SECRET_KEYS } from "./schema";

const PREFIX = "fhir-ha:";

/** Set to "1" by the offline plan: documentation placeholders are then warnings, not errors. */
export const OFFLINE_PLAN_ENV = "FHIR_HA_OFFLINE_PLAN";

/** The raw `fhir-ha:` values of a config map, secret keys left out; exported for tests and the plan. */
export function rawFhirHaConfig(all: Record<string, string>): { raw: Record<string, unknown>; secretsSet: string[] } {
    const raw: Record<string, unknown> = {};
    const secretsSet: string[] = [];
    for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(PREFIX)) continue;
        const name = key.slice(PREFIX.length);
        if (SECRET_KEYS.includes(name)) {
            if (value !== "") secretsSet.push(name);
            continue;
        }
        raw[name] = value;
    }
    return { raw, secretsSet };
}
