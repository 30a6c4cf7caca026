/**
 * examples/: the smallest program using FhirPlatform from TypeScript, Python and YAML.
 *   - TypeScript: type-checked against the package (`fhir-ha` mapped to src/index.ts, as the
 *     published types are built from it) and run under Pulumi's mock runtime (fhir-ha/testing).
 *   - Python and YAML: their arguments validated against the schema Pulumi's component analyzer
 *     derives from the package (the schema `pulumi package add` generates the SDKs from; the same
 *     Analyzer + generateSchema that the component provider's GetSchema runs), turned into a JSON
 *     Schema with every object closed (no unknown property).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import { parsePythonCall, PyValue } from "./python-call";

const REPO = path.resolve(__dirname, "..", "..");
const EXAMPLES = path.join(REPO, "examples");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-examples-"));

type Analyzer = new (dir: string, name: string, pkg: Record<string, unknown>, components: Set<string>) => {
    analyze(): { components: unknown; typeDefinitions: unknown; dependencies: unknown };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Analyzer } = require("@pulumi/pulumi/provider/experimental/analyzer") as { Analyzer: Analyzer };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateSchema } = require("@pulumi/pulumi/provider/experimental/schema") as {
    generateSchema(name: string, version: string, description: string, components: unknown, types: unknown, deps: unknown, namespace?: string): PackageSchema;
};

interface SchemaProperty {
    type?: string;
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
}
interface ObjectType {
    properties?: Record<string, SchemaProperty>;
    required?: string[];
}
interface PackageSchema {
    name: string;
    resources: Record<string, ObjectType & { inputProperties: Record<string, SchemaProperty>; requiredInputs?: string[] }>;
    types: Record<string, ObjectType>;
}

let schema: PackageSchema;
let validateInputs: (value: unknown) => string[];

/** A JSON Schema definition name for a type token (no characters a JSON pointer must escape). */
const defName = (token: string) => token.replace(/[^\w-]/g, "_");

/** A Pulumi schema property as JSON Schema; `pulumi.json#/Any` and friends accept anything. */
function jsonSchemaOf(p: SchemaProperty): Record<string, unknown> {
    if (p.$ref?.startsWith("#/types/")) return { $ref: `#/definitions/${defName(p.$ref.slice("#/types/".length))}` };
    if (p.$ref) return {};
    switch (p.type) {
        case "array":
            return { type: "array", items: jsonSchemaOf(p.items ?? {}) };
        case "object":
            return { type: "object", additionalProperties: p.additionalProperties ? jsonSchemaOf(p.additionalProperties) : {} };
        case "integer":
        case "number":
        case "string":
        case "boolean":
            return { type: p.type };
        default:
            return {};
    }
}

function closedObject(t: ObjectType, props = t.properties ?? {}, required = t.required ?? []): Record<string, unknown> {
    return {
        type: "object",
        properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, jsonSchemaOf(v)])),
        required,
        additionalProperties: false,
    };
}

beforeAll(async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    const components = getPulumiComponents(await import("../../src/index")).map((c) => c.name);
    const a = new Analyzer(REPO, "fhir-ha", pkg, new Set(components)).analyze();
    schema = generateSchema("fhir-ha", pkg.version, pkg.description, a.components, a.typeDefinitions, a.dependencies);
    const platform = schema.resources["fhir-ha:index:FhirPlatform"];
    const root = {
        ...closedObject(platform, platform.inputProperties, platform.requiredInputs ?? []),
        definitions: Object.fromEntries(Object.entries(schema.types).map(([token, t]) => [defName(token), closedObject(t)])),
    };
    const check = new Ajv({ allErrors: true, strict: false }).compile(root);
    validateInputs = (value) => (check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
}, 300_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("examples/typescript", () => {
    const dir = path.join(EXAMPLES, "typescript");
    // `fhir-ha` as the published package resolves it: its types are built from src/index.ts.
    const tsconfig = path.join(work, "tsconfig.json");
    beforeAll(() => {
        const base = JSON.parse(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8"));
        fs.writeFileSync(
            tsconfig,
            JSON.stringify({
                compilerOptions: { ...base.compilerOptions, baseUrl: REPO, paths: { "fhir-ha": ["src/index.ts"] }, types: ["node"], typeRoots: [path.join(REPO, "node_modules/@types")] },
                files: [path.join(dir, "index.ts")],
            }),
        );
    });

    it("type-checks against the package", () => {
        const r = spawnSync(process.execPath, [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", tsconfig], { cwd: REPO, encoding: "utf8" });
        expect(`${r.stdout}${r.stderr}`).toBe("");
        expect(r.status).toBe(0);
    });

    it("runs under the mock runtime: one FhirPlatform on AWS with the API limited to the configured ranges", () => {
        const runner = path.join(work, "run.ts");
        fs.writeFileSync(
            runner,
            `import { inputsOf, installMockRuntime, settle } from ${JSON.stringify(path.join(REPO, "src/testing"))};
(async () => {
    const recorder = await installMockRuntime({
        project: "fhir-ha-example-typescript",
        config: { "fhir-ha-example-typescript:allowedCidrs": '["198.51.100.0/24"]', "aws:region": "eu-central-1" },
    });
    const program = require(${JSON.stringify(path.join(dir, "index.ts"))});
    // The exports resolve once the cloud module has loaded and built the platform; settle()
    // alone can return while that load is still going on a busy machine.
    await Promise.all([program.fhirEndpoint, program.kubeconfig].map((o) => new Promise((resolve) => o.apply(resolve))));
    await settle(recorder);
    const eks = recorder.byType("aws:eks/cluster:Cluster").map((r) => inputsOf(r).vpcConfig?.publicAccessCidrs);
    console.log(JSON.stringify({
        platforms: recorder.byType("fhir-ha:index:FhirPlatform").length,
        eks,
        deployments: recorder.byType("kubernetes:apps/v1:Deployment").map((r) => r.name),
        exports: Object.keys(program).sort(),
    }));
})().catch((e) => { console.error(e); process.exit(1); });
`,
        );
        const r = spawnSync(process.execPath, ["--import", "tsx", runner], {
            cwd: REPO,
            encoding: "utf8",
            env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
            maxBuffer: 64 * 1024 * 1024,
        });
        expect(r.status, r.stderr).toBe(0);
        const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
        expect(out.platforms).toBe(1);
        expect(out.eks).toEqual([["198.51.100.0/24"]]);
        expect(out.deployments).toContain("fhir-server-deployment");
        expect(out.exports).toEqual(["fhirEndpoint", "kubeconfig"]);
    });
});

/** The Python example's SDK call tree as the component's inputs (snake_case -> the schema's names). */
function pythonToInputs(v: PyValue, config: Record<string, unknown>): unknown {
    switch (v.kind) {
        case "call": {
            if (v.callee === "config.require_object" || v.callee === "config.get_secret" || v.callee === "config.require_secret") {
                const key = v.args[0];
                return key?.kind === "string" ? config[key.value] : undefined;
            }
            // fhir_ha.<Type>Args(...) is the object type <Type> of the schema.
            const m = /^fhir_ha\.(\w+)Args$/.exec(v.callee);
            if (!m) throw new Error(`unexpected call ${v.callee}`);
            if (!schema.types[`fhir-ha:index:${m[1]}`]) throw new Error(`fhir_ha.${m[1]}Args: no type fhir-ha:index:${m[1]} in the schema`);
            return Object.fromEntries(Object.entries(v.kwargs).map(([k, x]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), pythonToInputs(x, config)]));
        }
        case "list":
            return v.items.map((x) => pythonToInputs(x, config));
        default:
            return v.value;
    }
}

describe("examples/python", () => {
    it("calls FhirPlatform with arguments the schema accepts, its Args classes named after the schema's types", () => {
        const source = fs.readFileSync(path.join(EXAMPLES, "python/__main__.py"), "utf8");
        const call = parsePythonCall(source, "fhir_ha.FhirPlatform");
        expect(call.args[0]).toEqual({ kind: "string", value: "fhir" });
        const inputs = Object.fromEntries(Object.entries(call.kwargs).map(([k, v]) => [k, pythonToInputs(v, { allowedCidrs: ["198.51.100.0/24"] })]));
        expect(validateInputs(inputs)).toEqual([]);
        expect(inputs).toMatchObject({ config: { cloud: "aws", cluster: { apiAccess: { allowedCidrs: ["198.51.100.0/24"] } } } });
        // Its exports are outputs the component declares (snake_case attributes of the SDK class).
        for (const m of source.matchAll(/platform\.(\w+)/g)) {
            expect(Object.keys(schema.resources["fhir-ha:index:FhirPlatform"].properties ?? {})).toContain(m[1].replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()));
        }
    });

    it("would be refused by the same check with a misspelt argument", () => {
        expect(validateInputs({ config: { cloud: "aws", clusterr: {} } })).not.toEqual([]);
        expect(validateInputs({ config: { cloud: 3 } })).not.toEqual([]);
        expect(validateInputs({})).not.toEqual([]);
    });
});

describe("examples/yaml", () => {
    const doc = YAML.parse(fs.readFileSync(path.join(EXAMPLES, "yaml/Pulumi.yaml"), "utf8"));

    it("declares the component by the schema's token and its properties validate, config interpolations included", () => {
        const platform = doc.resources.platform;
        // Pulumi YAML accepts `pkg:Type` for `pkg:index:Type`.
        expect(platform.type.replace(/^fhir-ha:(?!index:)/, "fhir-ha:index:")).toBe("fhir-ha:index:FhirPlatform");
        expect(Object.keys(schema.resources)).toContain("fhir-ha:index:FhirPlatform");
        // `${name}` of a declared config value takes a value of the declared type.
        const sample = (t: { type: string; items?: { type: string } }) => (t.type === "array" ? ["198.51.100.0/24"] : t.type === "string" ? "x" : undefined);
        const resolve = (v: unknown): unknown => {
            if (typeof v === "string") {
                const m = /^\$\{(\w+)\}$/.exec(v);
                if (m) {
                    expect(doc.config[m[1]], `config ${m[1]} is declared`).toBeDefined();
                    return sample(doc.config[m[1]]);
                }
                return v;
            }
            if (Array.isArray(v)) return v.map(resolve);
            if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
            return v;
        };
        expect(validateInputs(resolve(platform.properties))).toEqual([]);
        for (const out of Object.values(doc.outputs) as string[]) {
            const m = /^\$\{platform\.(\w+)\}$/.exec(out);
            expect(m, out).not.toBeNull();
            expect(Object.keys(schema.resources["fhir-ha:index:FhirPlatform"].properties ?? {})).toContain(m![1]);
        }
    });

    it("gets the package from this repository's git URL, without a tag that does not exist", () => {
        expect(doc.packages["fhir-ha"]).toBe("https://github.com/<org>/fhir-ha");
    });
});
