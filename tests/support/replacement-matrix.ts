/**
 * What the replacement matrices share (tests/replacement-matrix*.test.ts): a shipped stack's
 * config, that config with one `fhir-ha:` leaf set, and whether the result is a config the
 * program accepts (validation and required secrets), so a matrix plans only valid edits.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { rawFhirHaConfig } from "../../src/config/load";
import { missingSecretProblems } from "../../src/config/required-secrets";
import { REGION_KEYS, validateConfig } from "../../src/validation";
import { StackConfigMap, stackConfigFromYaml } from "../../src/plan/stack-files";

export const STACKS_DIR = path.join(__dirname, "..", "..", "stacks");

/** The config map of `stacks/Pulumi.<stack>.yaml`. */
export function shippedConfig(stack: string): StackConfigMap {
    return stackConfigFromYaml(fs.readFileSync(path.join(STACKS_DIR, `Pulumi.${stack}.yaml`), "utf8"), "fhir-ha");
}

/** The config map with one `fhir-ha:` leaf set (objects are JSON text under their top-level key). */
export function withKey(cfg: StackConfigMap, key: string, value: unknown): StackConfigMap {
    const [top, ...rest] = key.split(".");
    const full = `fhir-ha:${top}`;
    const config = { ...cfg.config };
    if (rest.length === 0) {
        config[full] = typeof value === "string" ? value : JSON.stringify(value);
    } else {
        const obj = config[full] ? JSON.parse(config[full]) : {};
        let at = obj;
        for (const k of rest.slice(0, -1)) at = at[k] = at[k] && typeof at[k] === "object" ? { ...at[k] } : {};
        at[rest[rest.length - 1]] = value;
        config[full] = JSON.stringify(obj);
    }
    return { config, secretKeys: cfg.secretKeys };
}

/** The validated config, or undefined when the program would refuse it (or a required secret is missing). */
export function validated(cfg: StackConfigMap): ReturnType<typeof validateConfig> | undefined {
    const { raw, secretsSet } = rawFhirHaConfig(cfg.config);
    const cloud = String(raw.cloud ?? "");
    try {
        const c = validateConfig(raw, { region: REGION_KEYS[cloud] ? cfg.config[REGION_KEYS[cloud]] : undefined, secretsSet });
        return missingSecretProblems(c, secretsSet).length === 0 ? c : undefined;
    } catch {
        return undefined;
    }
}
