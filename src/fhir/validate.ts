/**
 * Checks the component's own arguments. `validateConfig` already checks stack config, but the
 * component can be used directly (another program, another language through the schema), so
 * it refuses bad values itself, before any resource is registered, naming the config keys.
 */
import { ConfigValidationError, fullKey, show } from "../config/errors";
import { FhirConfig } from "../config/types";
import { ENGINE_PROFILES } from "./engines";
import { envNameKey, reachingNames } from "./env-names";
import { packageEnv } from "./pod-spec";
import { fhirTierProblems } from "./policy";
import { EXPOSE_VALUES } from "./workload";

export interface FhirArgsToCheck {
    fhir: Partial<FhirConfig> & { engine: string; image: string; replicas: number; expose: string };
    zoneCount: number;
}

const isPositiveInteger = (n: unknown): boolean => typeof n === "number" && Number.isInteger(n) && n >= 1;

/** Every variable name the package sets for an engine (to keep fhir.extraEnv from shadowing one). */
export function packageEnvNames(engine: string): Set<string> {
    const profile = ENGINE_PROFILES[engine];
    const env = packageEnv({
        profile,
        database: { secretName: "s", host: "h", port: 5432, dbname: "d", caSecretName: "ca" },
        baseUrl: "https://h",
        hasLicense: true,
        corsOrigins: [],
        poolSize: 1,
        dbSocketTimeoutSeconds: 1,
    });
    return new Set(env.map((e) => e.name as string));
}

/**
 * `fhir.extraEnv` entries that would shadow a variable the package sets for the engine, under any
 * name the engine's runtime reads for it (env-names.ts). Run by
 * the stack's config validation too, so such a stack stops before any resource is registered.
 */
export function extraEnvShadowProblems(engine: unknown, extraEnv: unknown): string[] {
    if (typeof engine !== "string" || !Object.prototype.hasOwnProperty.call(ENGINE_PROFILES, engine) || !Array.isArray(extraEnv)) return [];
    const reach = reachingNames(engine, packageEnvNames(engine));
    return extraEnv.flatMap((e) => {
        const target = typeof e?.name === "string" ? reach.get(envNameKey(engine, e.name)) : undefined;
        if (target === undefined) return [];
        const via = target === e.name ? "" : ` (it reaches ${target})`;
        return [`${fullKey("fhir.extraEnv")}: ${e.name} is set by the package (${engine})${via}; change it through its own fhir-ha key, or open an issue if none exists`];
    });
}

export function fhirServerProblems(args: FhirArgsToCheck): string[] {
    const problems: string[] = [];
    const f = args.fhir;
    const knownEngine = Object.prototype.hasOwnProperty.call(ENGINE_PROFILES, f.engine);
    if (!knownEngine) {
        problems.push(`${fullKey("fhir.engine")}: ${show(f.engine)} is not a FHIR server this package deploys; allowed: ${Object.keys(ENGINE_PROFILES).join(", ")}`);
    }
    if (typeof f.image !== "string" || f.image.trim() === "") {
        problems.push(`${fullKey("fhir.image")}: ${show(f.image)} must name a container image, pinned to a version`);
    }
    if (!isPositiveInteger(f.replicas)) {
        problems.push(`${fullKey("fhir.replicas")}: ${show(f.replicas)} must be an integer >= 1`);
    }
    if (!EXPOSE_VALUES.includes(f.expose)) {
        problems.push(`${fullKey("fhir.expose")}: ${show(f.expose)} is not allowed; allowed: clusterIP, gateway`);
    }
    if (!isPositiveInteger(args.zoneCount)) {
        problems.push(`${fullKey("zones")}: ${show(args.zoneCount)} must be a zone count >= 1`);
    }
    problems.push(...fhirTierProblems(f as FhirConfig));
    problems.push(...extraEnvShadowProblems(f.engine, f.extraEnv));
    // Several problems may come from the same shared check when both config and component run it.
    return [...new Set(problems)];
}

/** Throws one ConfigValidationError listing every problem. */
export function validateFhirServerArgs(args: FhirArgsToCheck): void {
    const problems = fhirServerProblems(args);
    if (problems.length > 0) throw new ConfigValidationError(problems);
}
