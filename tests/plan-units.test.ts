/**
 * The plan's pure parts, tested directly: reading stack files, the command line, ordering and
 * masking of the document, the tree text, object file names and post-processing.
 */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { parsePlanArgs, UsageError } from "../src/plan/args";
import { buildPlanDocument, PlanDocument, sortKeys, treeOrder } from "../src/plan/document";
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError } from "../src/config/errors";
import { isUserError } from "../src/plan/evaluate";
import { kubernetesObjects } from "../src/plan/k8s-objects";
import { PlannedResource, SECRET_MARK, UNKNOWN_MARK } from "../src/plan/mock-runtime";
import { postProcess } from "../src/plan/post-process";
import { listStacks, secretPlaceholder, stackConfigFromYaml } from "../src/plan/stack-files";
import { countByType, renderNotes, renderTree } from "../src/plan/tree";
import { tempDir } from "./support/plan-cli";

// The SDK's wire-format markers, as the mock monitor hands them to the recorder.
const SIG = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("stackConfigFromYaml", () => {
    const text = [
        "config:",
        "  aws:region: eu-central-1",
        "  fhir-ha:cloud: aws",
        "  fhir-ha:zones: 3",
        "  fhir-ha:flag: true",
        "  fhir-ha:fhir:",
        "    engine: hapi",
        "    replicas: 2",
        "  fhir-ha:aidboxLicense:",
        "    secure: AAABAGNpcGhlcnRleHQ=",
        "  fhir-ha:kubernetes:",
        "    s3Bucket: b",
        "    token:",
        "      secure: AAABAG5lc3RlZA==",
        "  plainKey: x",
    ].join("\n");
    const { config, secretKeys } = stackConfigFromYaml(text, "fhir-ha");

    it("passes scalars as strings and objects as JSON text, provider keys untouched", () => {
        expect(config["aws:region"]).toBe("eu-central-1");
        expect(config["fhir-ha:zones"]).toBe("3");
        expect(config["fhir-ha:flag"]).toBe("true");
        expect(JSON.parse(config["fhir-ha:fhir"])).toEqual({ engine: "hapi", replicas: 2 });
    });

    it("qualifies a key without namespace with the project, as Pulumi does", () => {
        expect(config["fhir-ha:plainKey"]).toBe("x");
    });

    it("never passes ciphertext: secure values become placeholders and their keys secret", () => {
        expect(config["fhir-ha:aidboxLicense"]).toBe(secretPlaceholder("fhir-ha:aidboxLicense"));
        expect(JSON.parse(config["fhir-ha:kubernetes"])).toEqual({ s3Bucket: "b", token: secretPlaceholder("fhir-ha:kubernetes") });
        expect(secretKeys).toEqual(["fhir-ha:aidboxLicense", "fhir-ha:kubernetes"]);
        expect(JSON.stringify(config)).not.toMatch(/AAABA/);
    });

    it("stands in for the secrets a stack requires but its file cannot hold, and only those", () => {
        const aidboxOnKubernetes = stackConfigFromYaml("config:\n  fhir-ha:cloud: kubernetes\n", "fhir-ha");
        expect(aidboxOnKubernetes.secretKeys).toEqual(["fhir-ha:aidboxLicense", "fhir-ha:s3AccessKeyId", "fhir-ha:s3SecretAccessKey"]);
        expect(aidboxOnKubernetes.config["fhir-ha:s3AccessKeyId"]).toBe(secretPlaceholder("fhir-ha:s3AccessKeyId"));
        const hapiOnAws = stackConfigFromYaml("config:\n  fhir-ha:cloud: aws\n  fhir-ha:fhir:\n    engine: hapi\n", "fhir-ha");
        expect(hapiOnAws.secretKeys).toEqual([]);
    });

    it("reads a stack file without config as empty", () => {
        expect(stackConfigFromYaml("", "p")).toEqual({ config: {}, secretKeys: [] });
    });
});

describe("listStacks", () => {
    it("lists Pulumi.<stack>.yaml names sorted and ignores other files", () => {
        const dir = tempDir("fhir-ha-list-");
        for (const f of ["Pulumi.b.yaml", "Pulumi.a-prod.yaml", "Pulumi.yaml", "notes.md", "Pulumi.c.yml"]) fs.writeFileSync(path.join(dir, f), "");
        expect(listStacks(dir)).toEqual(["a-prod", "b", "c"]);
        expect(listStacks(path.join(dir, "missing"))).toEqual([]);
    });
});

describe("parsePlanArgs", () => {
    it("takes repeated --stack, --stacks-dir, --out and --program, in both spellings", () => {
        expect(parsePlanArgs(["--stack", "a", "--stack=b", "--stacks-dir", "s", "--out=o", "--program", "p.ts"])).toEqual({
            stacks: ["a", "b"],
            stacksDir: "s",
            outDir: "o",
            program: "p.ts",
            format: "markdown",
            help: false,
        });
        expect(parsePlanArgs([])).toMatchObject({ stacks: [], stacksDir: "stacks", outDir: "out/plan" });
    });

    it("takes --diff with one stack and a known --format", () => {
        expect(parsePlanArgs(["--stack", "a", "--diff", "base.json", "--format", "text"])).toMatchObject({ stacks: ["a"], diff: "base.json", format: "text" });
        expect(() => parsePlanArgs(["--stack", "a", "--diff", "b.json", "--format", "html"])).toThrow(new UsageError("--format html: one of markdown | text | json"));
        expect(() => parsePlanArgs(["--stack", "a", "--stack", "b", "--diff", "b.json"])).toThrow(/--diff compares one stack/);
    });

    it("refuses unknown options, stray words and missing values as usage errors", () => {
        expect(() => parsePlanArgs(["--stak", "a"])).toThrow(new UsageError("unknown option --stak"));
        expect(() => parsePlanArgs(["local"])).toThrow(/unexpected argument "local" \(name a stack with --stack local\)/);
        expect(() => parsePlanArgs(["--stack"])).toThrow(/--stack needs a value/);
        expect(() => parsePlanArgs(["--out", "--stack", "a"])).toThrow(/--out needs a value/);
    });
});

const res = (name: string, parent: string | null, type = "t:i:T", raw: Record<string, unknown> = {}): PlannedResource => ({
    urn: `urn::${name}`,
    type,
    name,
    parent: parent ? `urn::${parent}` : null,
    custom: true,
    raw,
});

describe("plan document", () => {
    it("orders parents before children and siblings by type then name, whatever the registration order", () => {
        const shuffled = [res("c2", "root", "b:i:B"), res("leaf", "c1"), res("c1", "root", "a:i:A"), res("root", null), res("c0", "root", "b:i:B")];
        expect(treeOrder(shuffled).map((r) => r.name)).toEqual(["root", "c1", "leaf", "c0", "c2"]);
    });

    it("masks secrets, marks unknowns and sorts keys", () => {
        const doc = buildPlanDocument({
            stack: "s",
            cloud: "kubernetes",
            resources: [res("x", null, "kubernetes:core/v1:Secret", { kind: "Secret", apiVersion: "v1", stringData: { b: secret("hunter2"), a: UNKNOWN } })],
            outputs: { url: UNKNOWN, key: secret("k") },
        });
        // Unknown until deploy: `{ unknown: true }`, never a value that looks real.
        expect(doc.resources[0].inputs).toEqual({ apiVersion: "v1", kind: "Secret", stringData: { a: { unknown: true }, b: SECRET_MARK } });
        expect(Object.keys(doc.resources[0].inputs)).toEqual(["apiVersion", "kind", "stringData"]);
        expect(doc.outputs).toEqual({ key: SECRET_MARK, url: { unknown: true } });
        expect(JSON.stringify(doc)).not.toContain("hunter2");
    });

    it("collects the notes components register, in tree order, ignoring other outputs", () => {
        const d = buildPlanDocument({
            stack: "s",
            cloud: "c",
            resources: [res("child", "root"), res("root", null)],
            outputs: {},
            componentOutputs: new Map([
                ["urn::child", { notes: ["no snapshot class: WAL only"] }],
                ["urn::root", { notes: ["first"], endpoint: "http://x" }],
            ]),
        });
        expect(d.notes).toEqual([
            { resource: "urn::root", text: "first" },
            { resource: "urn::child", text: "no snapshot class: WAL only" },
        ]);
        expect(renderNotes(d)).toBe("Notes:\n  - root: first\n  - child: no snapshot class: WAL only");
    });

    it("sortKeys sorts objects at every depth and keeps array order", () => {
        expect(JSON.stringify(sortKeys({ b: [{ d: 1, c: 2 }], a: null }))).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
    });
});

const doc = (resources: PlanDocument["resources"]): PlanDocument => ({ stack: "s", cloud: "c", resources, outputs: {}, notes: [] });

describe("tree and counts", () => {
    const d = doc([
        { urn: "u:p", type: "x:index:Platform", name: "p", parent: null, inputs: {} },
        { urn: "u:a", type: "x:index:A", name: "a", parent: "u:p", inputs: {} },
        { urn: "u:a1", type: "x:index:Leaf", name: "a1", parent: "u:a", inputs: {} },
        { urn: "u:b", type: "x:index:Leaf", name: "b", parent: "u:p", inputs: {} },
    ]);

    it("draws the tree under the stack with branches like pulumi preview", () => {
        const lines = renderTree(d, "proj").split("\n");
        expect(lines.map((l) => l.trimEnd())).toEqual([
            // The type column is as wide as the longest drawn type plus two spaces.
            "     Type                   Name",
            " +   pulumi:pulumi:Stack    proj-s",
            " +   └─ x:index:Platform    p",
            " +      ├─ x:index:A        a",
            " +      │  └─ x:index:Leaf  a1",
            " +      └─ x:index:Leaf     b",
        ]);
    });

    it("counts resources by type, most frequent first", () => {
        expect(countByType(d)).toEqual([
            ["x:index:Leaf", 2],
            ["x:index:A", 1],
            ["x:index:Platform", 1],
        ]);
    });
});

describe("kubernetesObjects", () => {
    it("takes kubernetes resources that are objects, names files by kind and resource name, numbers clashes", () => {
        const objects = kubernetesObjects(
            doc([
                { urn: "u1", type: "kubernetes:apps/v1:Deployment", name: "web", parent: null, inputs: { apiVersion: "apps/v1", kind: "Deployment" } },
                { urn: "u2", type: "kubernetes:apps/v1:Deployment", name: "web", parent: "u9", inputs: { apiVersion: "apps/v1", kind: "Deployment" } },
                { urn: "u3", type: "kubernetes:helm.sh/v4:Chart", name: "cnpg", parent: null, inputs: { chart: "cloudnative-pg" } },
                { urn: "u4", type: "kubernetes:core/v1:ConfigMap", name: "a/b:c", parent: null, inputs: { apiVersion: "v1", kind: "ConfigMap" } },
                { urn: "u5", type: "random:index/randomPassword:RandomPassword", name: "pw", parent: null, inputs: { kind: "x", apiVersion: "y" } },
            ]),
        );
        expect(objects.map((o) => [o.urn, o.file])).toEqual([
            ["u1", "deployment-web.yaml"],
            ["u2", "deployment-web-2.yaml"],
            ["u4", "configmap-a_b_c.yaml"],
        ]);
    });
});

describe("postProcess", () => {
    it("runs steps in order, each on the previous step's document, leaving the input untouched", () => {
        const start = doc([]);
        const out = postProcess(start, [
            (d) => ({ ...d, checklist: ["first"] }),
            (d) => ({ ...d, checklist: [...(d.checklist ?? []), "second"] }),
        ]);
        expect(out.checklist).toEqual(["first", "second"]);
        expect(start.checklist).toBeUndefined();
    });
});

describe("isUserError", () => {
    it("takes config and Pulumi run/resource errors as the user's to fix (message only), anything else as a bug", () => {
        expect(isUserError(new ConfigValidationError(["fhir-ha:zones = 1: must be from 2 to 6 zones"]))).toBe(true);
        expect(isUserError(new pulumi.RunError("fhir-ha: invalid stack configuration"))).toBe(true);
        expect(isUserError(new pulumi.ResourceError("bad zone", undefined))).toBe(true);
        expect(isUserError(new TypeError("cannot read properties of undefined"))).toBe(false);
        expect(isUserError("a string")).toBe(false);
    });
});
