/**
 * Reads a stack's `fhir-ha:` config (and the provider's region key) from the Pulumi runtime and
 * validates it. Secrets are read as Pulumi secrets and never touch validation by value.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigSecrets } from "../cloud/types";
import { SECRET_KEYS } from "./schema";
import { ConfigValidationError } from "./errors";
import { missingSecretProblems } from "./required-secrets";
import { FhirHaConfig } from "./types";
import { REGION_KEYS, validateConfig } from "./validate";

const PREFIX = "fhir-ha:";

/** Set to "1" by the offline plan: documentation placeholders are then warnings, not errors. */
export const OFFLINE_PLAN_ENV = "FHIR_HA_OFFLINE_PLAN";

/** Provider config keys a shipped stack fills with an example value (the project to deploy into). */
const PLACEHOLDER_PROVIDER_KEYS = ["gcp:project", "azure-native:subscriptionId"];

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

export interface StackConfig {
    config: FhirHaConfig;
    secrets: ConfigSecrets;
}

/** The current stack's validated config; throws ConfigValidationError listing every problem. */
export function loadStackConfig(): StackConfig {
    const all = pulumi.runtime.allConfig();
    const { raw, secretsSet } = rawFhirHaConfig(all);
    const cloud = typeof raw.cloud === "string" ? raw.cloud : "";
    const regionKey = REGION_KEYS[cloud];
    // A real deploy refuses the documentation values of the shipped example stacks; the offline
    // plan (src/plan/run-stack.ts sets FHIR_HA_OFFLINE_PLAN) plans them and warns.
    const offline = process.env[OFFLINE_PLAN_ENV] === "1";
    const providerValues = Object.fromEntries(PLACEHOLDER_PROVIDER_KEYS.filter((k) => all[k] !== undefined).map((k) => [k, all[k]]));
    const config = validateConfig(
        raw,
        { region: regionKey ? all[regionKey] : undefined, secretsSet, rejectPlaceholders: !offline, providerValues },
        (message) => void pulumi.log.warn(message),
    );
    // A stack needs its secrets set (stacks/ lists them with the command); a component user passes them.
    const missing = missingSecretProblems(config, secretsSet);
    if (missing.length > 0) throw new ConfigValidationError(missing);
    const cfg = new pulumi.Config("fhir-ha");
    const secrets: ConfigSecrets = {};
    for (const key of SECRET_KEYS) {
        if (secretsSet.includes(key)) (secrets as Record<string, pulumi.Output<string>>)[key] = cfg.requireSecret(key);
    }
    return { config, secrets };
}
