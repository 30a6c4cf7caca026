/**
 * Reads a stack's `fhir-ha:` config (and the provider's region key) from the Pulumi runtime and
 * validates it. Secrets are read as Pulumi secrets and never touch validation by value.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigSecrets } from "../cloud/types";
import { ConfigValidationError } from "../config/errors";
import { OFFLINE_PLAN_ENV, rawFhirHaConfig } from "../config/load";
import { missingSecretProblems } from "../config/required-secrets";
import { SECRET_KEYS } from "../config/schema";
import { FhirHaConfig } from "../config/types";
import { pairProblems } from "../config/standby";
import { REGION_KEYS, validateConfig } from "./index";
import { pairConfig, readOtherStack, stacksDir } from "./pair";

/** Provider config keys a shipped stack fills with an example value (the project to deploy into). */
const PLACEHOLDER_PROVIDER_KEYS = ["gcp:project", "azure-native:subscriptionId"];

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
    // The region pair's other stack, from its file when it is here: refuse two primaries.
    // The project root (where Pulumi.yaml is: @pulumi/pulumi runtime/settings getRootDirectory);
    // empty under the mock runtime, where the working directory is the repository.
    const other = readOtherStack(config, stacksDir(pulumi.runtime.getRootDirectory() || process.cwd()));
    if (other && "warning" in other) void pulumi.log.warn(`fhir-ha: ${other.warning}`);
    if (other && "other" in other) {
        const pair = pairProblems(pairConfig(config), other.other);
        if (pair.length > 0) throw new ConfigValidationError(pair);
    }
    const cfg = new pulumi.Config("fhir-ha");
    const secrets: ConfigSecrets = {};
    for (const key of SECRET_KEYS) {
        if (secretsSet.includes(key)) (secrets as Record<string, pulumi.Output<string>>)[key] = cfg.requireSecret(key);
    }
    return { config, secrets };
}
