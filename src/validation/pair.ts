/**
 * The other stack of a region pair (`database.standbyOf.stack`), read from its stack file when
 * the file is here: the pair's rules (src/config/standby.ts pairProblems) need both sides to
 * refuse two primaries. Reading files sits here, above config and the tiers; the rule stays pure.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { rawFhirHaConfig } from "../config/load";
import { OtherStack, PairConfig } from "../config/standby";
import { FhirHaConfig } from "../config/types";
import { STACKS_DIR_ENV, stackConfigFromYaml, stackFile } from "../plan/stack-files";
import { checkConfig, REGION_KEYS } from "./index";

/**
 * The directory of the stack files: `stackConfigDir` of the project's Pulumi.yaml (this project's
 * is `stacks`), else the project directory itself, as Pulumi reads them.
 */
export function stacksDir(cwd: string): string {
    const fromEnv = process.env[STACKS_DIR_ENV];
    if (fromEnv) return fromEnv;
    const project = path.join(cwd, "Pulumi.yaml");
    if (!fs.existsSync(project)) return cwd;
    const doc = parse(fs.readFileSync(project, "utf8")) as { stackConfigDir?: string } | null;
    return path.resolve(cwd, doc?.stackConfigDir ?? ".");
}

export type OtherStackRead = { other: OtherStack } | { warning: string };

/** The other stack's validated config, or why the pair's cross-stack checks could not run. */
export function readOtherStack(config: FhirHaConfig, dir: string): OtherStackRead | undefined {
    const s = config.database.standbyOf;
    if (!s.cluster) return undefined;
    const skipped = "the checks that both stacks of the pair are not primary and that its archive is replicated here did not run";
    if (!s.stack) return { warning: `fhir-ha:database.standbyOf.stack is empty: ${skipped}` };
    const file = stackFile(dir, s.stack);
    if (!file) return { warning: `stacks/Pulumi.${s.stack}.yaml (fhir-ha:database.standbyOf.stack) is not here: ${skipped}` };
    const all = stackConfigFromYaml(fs.readFileSync(file, "utf8"), "fhir-ha").config;
    const { raw } = rawFhirHaConfig(all);
    const cloud = typeof raw.cloud === "string" ? raw.cloud : "";
    const region = REGION_KEYS[cloud] ? all[REGION_KEYS[cloud]] : undefined;
    const checked = checkConfig(raw, { region });
    if (!checked.config) return { warning: `stacks/Pulumi.${s.stack}.yaml does not validate (${checked.problems.length} problem(s)): ${skipped}` };
    return { other: { stack: s.stack, config: pairConfig(checked.config) } };
}

/** The pair's view of a validated config. */
export function pairConfig(c: FhirHaConfig): PairConfig {
    return { ...c, region: c.region ?? "" };
}
