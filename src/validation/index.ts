/**
 * Config validation as users call it: config's schema walk and cross-key checks
 * (src/config/validate.ts) with the FHIR tier's checks of its section. It sits above the tiers
 * so that config imports none of them.
 */
import { ConfigValidationError } from "../config/errors";
import { checkConfigWith, ConfigCheck, ConfigEnvironment, FhirSectionCheck } from "../config/validate";
import { FhirHaConfig } from "../config/types";
import { fhirTierProblems } from "../fhir/policy";
import { extraEnvShadowProblems } from "../fhir/validate";
import { clusterAddressRanges } from "./cluster-ranges";

export { ConfigCheck, ConfigEnvironment, REGION_KEYS } from "../config/validate";

/** The FHIR tier's checks: its policy (connection budget, memory, image pinning) and extraEnv shadowing. */
const FHIR_CHECKS: FhirSectionCheck[] = [
    // The node and pod ranges come from the clouds' address plans (./cluster-ranges), which config does not import.
    (fhir, context) => fhirTierProblems(fhir, { cloud: context.cloud as string, clusterRanges: clusterAddressRanges(context.resolved) }),
    (fhir) => extraEnvShadowProblems(fhir.engine, fhir.extraEnv),
];

/** Validates and defaults the raw `fhir-ha:` values; returns the config or every problem found. */
export function checkConfig(input: Record<string, unknown>, env: ConfigEnvironment = {}): ConfigCheck {
    return checkConfigWith(input, env, FHIR_CHECKS);
}

/**
 * Validates and defaults the raw `fhir-ha:` values, throwing one error that lists every problem.
 * Warnings go to `onWarning` (the program passes `pulumi.log.warn`).
 */
export function validateConfig(raw: Record<string, unknown>, env: ConfigEnvironment = {}, onWarning?: (message: string) => void): FhirHaConfig {
    const { config, problems, warnings } = checkConfig(raw, env);
    if (!config) throw new ConfigValidationError(problems);
    if (onWarning) for (const w of warnings) onWarning(`fhir-ha: ${w}`);
    return config;
}
