/**
 * Validates rendered CloudNativePG and Barman Cloud custom resources against the CRD schemas in
 * schemas/cloudnative-pg/ in this repository (CNPG 1.30.0, plugin-barman-cloud 0.14.0; source,
 * license and regeneration in its README.md), in two passes:
 * - JSON Schema validation (Ajv, non-strict so the `x-kubernetes-*` extensions are tolerated):
 *   types, enums, patterns and required fields;
 * - a walk that every field set exists in the schema. The API server prunes unknown fields
 *   silently instead of rejecting them, so a misspelt field would otherwise pass unnoticed.
 * CEL rules (`x-kubernetes-validations`) are not evaluated; the few that matter are asserted
 * by the tests directly.
 */
import Ajv, { ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";

/** Where the schemas live: in the repository, so every clone validates the same way. */
export const CRD_SCHEMA_DIR = path.resolve(__dirname, "..", "..", "schemas", "cloudnative-pg");

type Schema = Record<string, any>;

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
const compiled = new Map<string, { schema: Schema; validate: ValidateFunction }>();

function schemaFile(apiVersion: string, kind: string): string {
    return path.join(CRD_SCHEMA_DIR, `${apiVersion.replace("/", "_")}_${kind}.json`);
}

/** Whether a schema exists for this apiVersion and kind. */
export function hasCrdSchema(apiVersion: string, kind: string): boolean {
    return fs.existsSync(schemaFile(apiVersion, kind));
}

function load(apiVersion: string, kind: string) {
    const key = `${apiVersion}/${kind}`;
    let entry = compiled.get(key);
    if (!entry) {
        const file = JSON.parse(fs.readFileSync(schemaFile(apiVersion, kind), "utf8"));
        entry = { schema: file.schema, validate: ajv.compile(file.schema) };
        compiled.set(key, entry);
    }
    return entry;
}

/** Every path in `value` that the schema does not declare. */
export function unknownFields(value: unknown, schema: Schema | undefined, at = ""): string[] {
    if (!schema || schema["x-kubernetes-preserve-unknown-fields"]) return [];
    if (Array.isArray(value)) return value.flatMap((v, i) => unknownFields(v, schema.items, `${at}[${i}]`));
    if (value === null || typeof value !== "object") return [];
    // ObjectMeta is validated by the API server itself, not by the CRD schema.
    if (at === ".metadata") return [];
    const props: Schema | undefined = schema.properties;
    const additional = schema.additionalProperties;
    const out: string[] = [];
    for (const [k, v] of Object.entries(value)) {
        const child = props?.[k] ?? (typeof additional === "object" ? additional : undefined);
        if (!child && additional !== true) {
            out.push(`${at}.${k}`);
            continue;
        }
        out.push(...unknownFields(v, child, `${at}.${k}`));
    }
    return out;
}

/** Problems with a rendered object (empty when valid); throws when there is no schema for it. */
export function validateCustomResource(obj: Record<string, any>): string[] {
    const { schema, validate } = load(obj.apiVersion, obj.kind);
    const name = `${obj.kind} ${obj.metadata?.name ?? "(unnamed)"}`;
    const problems: string[] = [];
    if (!validate(obj)) {
        for (const e of validate.errors ?? []) problems.push(`${name}: ${e.instancePath || "/"} ${e.message}`);
    }
    for (const p of unknownFields(obj, schema)) problems.push(`${name}: ${p} is not a field of ${obj.apiVersion} ${obj.kind}`);
    return problems;
}
