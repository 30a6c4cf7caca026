/**
 * Reads `stacks/Pulumi.<stack>.yaml` into the flat config map the Pulumi runtime hands a program:
 * full keys (`fhir-ha:database`, `aws:region`) to strings, objects as JSON text. Encrypted
 * `secure:` values are never read: each is replaced by a placeholder and its key is marked secret,
 * so the program sees "a secret is set" exactly as it would under `pulumi up`. The shipped stack
 * files hold no `secure:` values at all (no CLI but the author's could decrypt them); the plan
 * supplies a stand-in for each secret the stack requires (src/config/required-secrets.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { requiredSecretKeys } from "../config/required-secrets";

/** Overrides where the stack files are read from (the offline plan's --stacks-dir, tests). */
export const STACKS_DIR_ENV = "FHIR_HA_STACKS_DIR";

const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;

export interface StackConfigMap {
    /** Full key → value as the runtime passes it (strings; objects and lists as JSON text). */
    config: Record<string, string>;
    /** Keys whose value is (or contains) a `secure:` value. */
    secretKeys: string[];
}

/** Stack names with a file in `dir`, sorted; [] when the directory does not exist. */
export function listStacks(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .map((f) => STACK_FILE.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** The file of one stack in `dir`, or undefined when there is none. */
export function stackFile(dir: string, stack: string): string | undefined {
    return ["yaml", "yml"].map((ext) => path.join(dir, `Pulumi.${stack}.${ext}`)).find((f) => fs.existsSync(f));
}

/** A stand-in for a secret the plan cannot decrypt; never a real value, never shown (the plan masks secrets). */
export function secretPlaceholder(key: string): string {
    return `plan-placeholder-for-${key}`;
}

function isSecure(value: unknown): value is { secure: unknown } {
    return !!value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

/** Replaces every `{ secure: ... }` in `value` by the key's placeholder; reports whether it found one. */
function withoutCiphertext(key: string, value: unknown): { value: unknown; secret: boolean } {
    if (isSecure(value)) return { value: secretPlaceholder(key), secret: true };
    if (Array.isArray(value)) {
        const items = value.map((v) => withoutCiphertext(key, v));
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (value && typeof value === "object") {
        const entries = Object.entries(value).map(([k, v]) => [k, withoutCiphertext(key, v)] as const);
        return {
            value: Object.fromEntries(entries.map(([k, r]) => [k, r.value])),
            secret: entries.some(([, r]) => r.secret),
        };
    }
    return { value, secret: false };
}

/**
 * The config map of a stack file's text. `project` qualifies keys written without a namespace
 * (Pulumi reads `foo` in a stack file as `<project>:foo`).
 */
export function stackConfigFromYaml(text: string, project: string): StackConfigMap {
    const doc = (parse(text) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, rawValue] of Object.entries(doc.config ?? {})) {
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        const { value, secret } = withoutCiphertext(key, rawValue);
        if (secret) secretKeys.push(key);
        config[key] = typeof value === "string" ? value : value !== null && typeof value === "object" ? JSON.stringify(value) : String(value);
    }
    // Stand-ins for the secrets the stack requires but its file cannot hold (see the file's comments).
    for (const key of requiredSecretKeys(config, project)) {
        if (config[key] !== undefined) continue;
        config[key] = secretPlaceholder(key);
        secretKeys.push(key);
    }
    return { config, secretKeys: secretKeys.sort() };
}

/** The project name from Pulumi.yaml next to the stacks (the URNs carry it). */
export function projectName(pulumiYaml: string): string {
    const doc = parse(fs.readFileSync(pulumiYaml, "utf8")) as { name?: string };
    if (!doc?.name) throw new Error(`${pulumiYaml}: no project name`);
    return doc.name;
}
