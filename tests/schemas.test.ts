/**
 * Every Kubernetes object the shipped stacks render is valid for the API server that will get it:
 * built-in kinds against the Kubernetes OpenAPI schema (unknown fields included), CloudNativePG
 * and Barman Cloud kinds against their CRD schemas, and anything else must be a kind this file
 * knows (with its own small check) — a new kind fails here until someone decides how to check it.
 */
import * as fs from "fs";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { SECRET_MARK, UNKNOWN_MARK } from "../src/plan/mock-runtime";
import { listStacks } from "../src/plan/stack-files";
import { unknownsAsText } from "../src/plan/unknowns";
import { hasCrdSchema, validateCustomResource } from "./support/crd-schema";
import { isBuiltInKind, k8sSchemaProblems } from "./support/k8s-schema";
import { PlanRun, readPlan, REPO_ROOT } from "./support/plan-cli";
import { shippedPlanRun } from "./support/shipped-plans";

const STACKS = listStacks(path.join(REPO_ROOT, "stacks"));
const PLACEHOLDERS = [SECRET_MARK, UNKNOWN_MARK];

/** Groups whose objects are checked against the shared CRD schemas. */
const CNPG_GROUPS = ["postgresql.cnpg.io", "barmancloud.cnpg.io"];

/**
 * Custom kinds outside CNPG that the platform may render, each with a check of the fields its CRD
 * defines (small enough to state here). Returns problems; empty when valid.
 */
const OTHER_KINDS: Record<string, (o: Record<string, any>) => string[]> = {
    // external-snapshotter's CRD (installed by the clouds' CSI snapshot add-ons).
    "snapshot.storage.k8s.io/v1 VolumeSnapshotClass": (o) => [
        ...fieldsOutside(o, ["apiVersion", "kind", "metadata", "driver", "deletionPolicy", "parameters"]),
        ...(typeof o.driver === "string" && o.driver !== "" ? [] : ["driver is required"]),
        ...(["Delete", "Retain"].includes(o.deletionPolicy) ? [] : [`deletionPolicy ${JSON.stringify(o.deletionPolicy)} is not Delete | Retain`]),
    ],
    "cert-manager.io/v1 Issuer": (o) => fieldsOutside(o, ["apiVersion", "kind", "metadata", "spec"]),
    "cert-manager.io/v1 ClusterIssuer": (o) => fieldsOutside(o, ["apiVersion", "kind", "metadata", "spec"]),
    "cert-manager.io/v1 Certificate": (o) => fieldsOutside(o, ["apiVersion", "kind", "metadata", "spec"]),
    // Prometheus Operator CRDs (monitoring.coreos.com/v1, API reference api.md): the fields the tier sets.
    "monitoring.coreos.com/v1 PodMonitor": (o) => [
        ...fieldsOutside(o, ["apiVersion", "kind", "metadata", "spec"]),
        ...fieldsOutside(o.spec ?? {}, ["selector", "namespaceSelector", "podMetricsEndpoints", "jobLabel", "podTargetLabels"]),
        ...(o.spec?.selector ? [] : ["spec.selector is required"]),
        ...(o.spec?.podMetricsEndpoints ?? []).flatMap((e: Record<string, any>) => [
            ...fieldsOutside(e, ["port", "path", "interval", "scheme", "relabelings", "metricRelabelings"]),
            ...(e.relabelings ?? []).flatMap((r: Record<string, unknown>) => fieldsOutside(r, ["action", "sourceLabels", "targetLabel", "replacement", "regex", "separator"])),
        ]),
    ],
    "monitoring.coreos.com/v1 PrometheusRule": (o) => [...fieldsOutside(o, ["apiVersion", "kind", "metadata", "spec"]), ...ruleGroupProblems(o.spec)],
    // Google Managed Prometheus CRDs (monitoring.googleapis.com/v1).
    "monitoring.googleapis.com/v1 PodMonitoring": (o) => [
        ...fieldsOutside(o, ["apiVersion", "kind", "metadata", "spec"]),
        ...fieldsOutside(o.spec ?? {}, ["selector", "endpoints", "targetLabels"]),
        ...(o.spec?.endpoints ?? []).flatMap((e: Record<string, unknown>) => fieldsOutside(e, ["port", "path", "interval", "scheme", "timeout"])),
    ],
    "monitoring.googleapis.com/v1 ClusterRules": (o) => [...fieldsOutside(o, ["apiVersion", "kind", "metadata", "spec"]), ...ruleGroupProblems(o.spec)],
};

/** Prometheus rule groups: name and rules; each rule alert (or record), expr, for, labels, annotations. */
function ruleGroupProblems(spec: Record<string, any> | undefined): string[] {
    return [
        ...fieldsOutside(spec ?? {}, ["groups"]),
        ...(spec?.groups ?? []).flatMap((g: Record<string, any>) => [
            ...fieldsOutside(g, ["name", "interval", "rules"]),
            ...(g.rules ?? []).flatMap((r: Record<string, any>) => [
                ...fieldsOutside(r, ["alert", "record", "expr", "for", "labels", "annotations"]),
                ...(typeof r.expr === "string" && r.expr !== "" ? [] : [`rule ${r.alert}: expr is required`]),
            ]),
        ]),
    ];
}

/** `kubernetes:` resources that are not one object: the provider expands them at deploy time. */
const EXPANDED_TYPES: Record<string, (inputs: Record<string, any>) => string[]> = {
    // A chart must be pinned, or two plans of one commit could install different operators.
    "kubernetes:helm.sh/v4:Chart": (i) => (i.chart && i.version ? [] : ["a Helm chart needs chart and a pinned version"]),
    "kubernetes:helm.sh/v3:Release": (i) => (i.chart && i.version ? [] : ["a Helm release needs chart and a pinned version"]),
    "kubernetes:yaml/v2:ConfigGroup": () => [],
    "kubernetes:yaml/v2:ConfigFile": () => [],
};

function fieldsOutside(o: Record<string, unknown>, allowed: string[]): string[] {
    return Object.keys(o)
        .filter((k) => !allowed.includes(k))
        .map((k) => `unknown field /${k}`);
}

/** CRD problems other than at a plan stand-in ("[unknown]" where only a deploy knows the value). */
function crdProblems(obj: Record<string, any>): string[] {
    return validateCustomResource(obj).filter((p) => {
        // Problems read `<Kind> <name>: /json/pointer message`.
        const pointer = /: (\/\S*) /.exec(p)?.[1];
        const value = pointer?.split("/").filter(Boolean).reduce<any>((v, k) => v?.[k], obj);
        return !(typeof value === "string" && PLACEHOLDERS.includes(value));
    });
}

describe("k8s-schema (the validator itself)", () => {
    const deployment = () => ({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", labels: { app: "web" } },
        spec: {
            replicas: 2,
            selector: { matchLabels: { app: "web" } },
            template: {
                metadata: { labels: { app: "web" } },
                spec: { containers: [{ name: "web", image: "nginx:1.27", ports: [{ containerPort: 8080, name: "http" }] }] },
            },
        },
    });

    it("accepts a valid object, including free-form maps such as labels and Secret data", () => {
        expect(k8sSchemaProblems(deployment())).toEqual([]);
        expect(k8sSchemaProblems({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, type: "Opaque", stringData: { ANY_KEY: "v" } })).toEqual([]);
    });

    it("reports a wrong type and a missing required field with their paths", () => {
        const d: any = deployment();
        d.spec.replicas = "2";
        delete d.spec.template.spec.containers[0].name;
        const problems = k8sSchemaProblems(d);
        expect(problems).toContain("/spec/replicas must be integer");
        expect(problems.some((p) => p.startsWith("/spec/template/spec/containers/0") && p.includes("name"))).toBe(true);
    });

    it("reports fields the schema does not have, at any depth (the API server would drop them)", () => {
        const d: any = deployment();
        d.spec.replica = 3;
        d.spec.template.spec.containers[0].ports[0].nme = "http";
        expect(k8sSchemaProblems(d).sort()).toEqual(["unknown field /spec/replica", "unknown field /spec/template/spec/containers/0/ports/0/nme"]);
    });

    it("does not blame the plan's stand-ins for values only a deploy knows", () => {
        const d: any = deployment();
        d.spec.replicas = UNKNOWN_MARK;
        expect(k8sSchemaProblems(d, PLACEHOLDERS)).toEqual([]);
        expect(k8sSchemaProblems(d)).toEqual(["/spec/replicas must be integer"]);
    });

    it("knows built-in kinds only", () => {
        expect(isBuiltInKind("apps/v1", "Deployment")).toBe(true);
        expect(isBuiltInKind("policy/v1", "PodDisruptionBudget")).toBe(true);
        expect(isBuiltInKind("apps/v1", "DeploymentSpec")).toBe(false);
        expect(isBuiltInKind("postgresql.cnpg.io/v1", "Cluster")).toBe(false);
        expect(() => k8sSchemaProblems({ apiVersion: "example.com/v1", kind: "Widget" })).toThrow(/no Kubernetes schema/);
    });
});

/** The one `npm run plan` of every stack that the global setup made for all test files. */
let allStacks: PlanRun | undefined;
beforeAll(() => {
    allStacks = shippedPlanRun();
});

describe.each(STACKS)("every object rendered by stack %s", (stack) => {
    let plan: { resources: { urn: string; type: string; inputs: Record<string, any> }[] } | undefined;
    let planError = "";

    beforeAll(() => {
        const file = path.join(allStacks!.outDir, `${stack}.json`);
        if (fs.existsSync(file)) plan = readPlan(allStacks!.outDir, stack);
        else planError = allStacks!.stderr || `no ${file}`;
    });

    // Values unknown until deploy validate as the plan's stand-in text (what the YAML files show).
    const objects = () =>
        (plan?.resources ?? [])
            .filter((r) => r.type.startsWith("kubernetes:") && typeof r.inputs.kind === "string")
            .map((r) => ({ ...r, inputs: unknownsAsText(r.inputs) as Record<string, any> }));
    const label = (r: { urn: string; inputs: Record<string, any> }) => `${r.inputs.apiVersion} ${r.inputs.kind} (${r.urn.split("::").pop()})`;

    it("plans", () => {
        expect(planError).toBe("");
        expect(plan?.resources.length).toBeGreaterThan(0);
    });

    it("built-in kinds validate against the Kubernetes OpenAPI schema, with no unknown fields", () => {
        const builtIn = objects().filter((r) => isBuiltInKind(r.inputs.apiVersion, r.inputs.kind));
        expect(builtIn.length).toBeGreaterThan(0);
        const problems = builtIn.flatMap((r) => k8sSchemaProblems(r.inputs, PLACEHOLDERS).map((p) => `${label(r)}: ${p}`));
        expect(problems).toEqual([]);
    });

    it("CloudNativePG and Barman Cloud kinds validate against their CRD schemas, with no unknown fields", () => {
        const cnpg = objects().filter((r) => CNPG_GROUPS.includes(String(r.inputs.apiVersion).split("/")[0]));
        // Every shipped stack runs a database: no CNPG objects would be a defect, not a reason to skip.
        expect(cnpg.length, `stack ${stack} renders no CNPG objects`).toBeGreaterThan(0);
        const withoutSchema = cnpg.filter((r) => !hasCrdSchema(r.inputs.apiVersion, r.inputs.kind)).map(label);
        expect(withoutSchema).toEqual([]);
        const problems = cnpg.flatMap((r) => crdProblems(r.inputs).map((p) => `${label(r)}: ${p}`));
        expect(problems).toEqual([]);
    });

    it("every other object is a kind this test knows how to check, and passes that check", () => {
        const problems: string[] = [];
        for (const r of plan?.resources ?? []) {
            if (!r.type.startsWith("kubernetes:")) continue;
            if (typeof r.inputs.kind !== "string") {
                const check = EXPANDED_TYPES[r.type];
                if (!check) problems.push(`${r.type} (${r.urn}): not a Kubernetes object and not a known chart/group type`);
                else problems.push(...check(r.inputs).map((p) => `${r.type} (${r.urn}): ${p}`));
                continue;
            }
            const { apiVersion, kind } = r.inputs;
            if (isBuiltInKind(apiVersion, kind) || CNPG_GROUPS.includes(String(apiVersion).split("/")[0])) continue;
            const check = OTHER_KINDS[`${apiVersion} ${kind}`];
            if (!check) problems.push(`${label(r)}: unknown kind; add a check for it to tests/schemas.test.ts`);
            else problems.push(...check(r.inputs).map((p) => `${label(r)}: ${p}`));
        }
        expect(problems).toEqual([]);
    });
});
