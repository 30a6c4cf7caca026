/**
 * Checks the component's own arguments. `validateConfig` already checks stack config, but the
 * component can be used directly (another program, another language through the schema), so
 * it refuses bad values itself, before any resource is registered, naming the config keys.
 */
import { ConfigValidationError, fullKey, show } from "../config/errors";
import { ENGINE_PROFILES } from "./engines";
import { EXPOSE_TYPES } from "./workload";

export interface FhirArgsToCheck {
    fhir: { engine: string; image: string; replicas: number; expose: string };
    zoneCount: number;
}

const isPositiveInteger = (n: unknown): boolean => typeof n === "number" && Number.isInteger(n) && n >= 1;

export function fhirServerProblems(args: FhirArgsToCheck): string[] {
    const problems: string[] = [];
    const f = args.fhir;
    if (!Object.prototype.hasOwnProperty.call(ENGINE_PROFILES, f.engine)) {
        problems.push(`${fullKey("fhir.engine")}: ${show(f.engine)} is not a FHIR server this package deploys; allowed: ${Object.keys(ENGINE_PROFILES).join(", ")}`);
    }
    if (typeof f.image !== "string" || f.image.trim() === "") {
        problems.push(`${fullKey("fhir.image")}: ${show(f.image)} must name a container image, pinned to a version`);
    }
    if (!isPositiveInteger(f.replicas)) {
        problems.push(`${fullKey("fhir.replicas")}: ${show(f.replicas)} must be an integer >= 1`);
    }
    if (!Object.prototype.hasOwnProperty.call(EXPOSE_TYPES, f.expose)) {
        problems.push(`${fullKey("fhir.expose")}: ${show(f.expose)} is not allowed; allowed: ${Object.keys(EXPOSE_TYPES).join(", ")}`);
    }
    if (!isPositiveInteger(args.zoneCount)) {
        problems.push(`${fullKey("zones")}: ${show(args.zoneCount)} must be a zone count >= 1`);
    }
    return problems;
}

/** Throws one ConfigValidationError listing every problem. */
export function validateFhirServerArgs(args: FhirArgsToCheck): void {
    const problems = fhirServerProblems(args);
    if (problems.length > 0) throw new ConfigValidationError(problems);
}
