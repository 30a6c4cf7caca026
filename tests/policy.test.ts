/**
 * The CrossGuard pack, evaluated through @pulumi/policy's own code: StackValidationArgs built from
 * real plans (what a preview would hand the pack), props wrapped in @pulumi/policy's own
 * unknown-checking proxy, each policy's validateStack run with a recording reportViolation, and
 * an UnknownValueError handled as @pulumi/policy's server handles it (an advisory "can't run
 * during preview"). No Pulumi CLI needed.
 */
import { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../src/checklist";
import { listStacks } from "../src/plan/stack-files";
import { checklistPolicies, NOT_APPLICABLE_POLICY } from "../policy/policies";
import { propsForChecklist } from "../policy/outputs";
import { contextFromPolicyResources } from "../policy/context";
import { find, planStacks, PlannedStack, RUNBOOKS } from "./checklist-plans";
import { sdkOutputKeys } from "./support/sdk-outputs";
import * as path from "node:path";

// Internal to @pulumi/policy (its .d.ts leaves them out), but what its server runs on every resource.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const policyProxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T>(props: T): T;
    UnknownValueError: new (...args: any[]) => Error;
    unknownStringValue: string;
};

const SHIPPED = listStacks(path.join(__dirname, "..", "stacks"));
let plans: Record<string, PlannedStack>;

beforeAll(async () => {
    plans = await planStacks(SHIPPED);
}, 120_000);

class NotApplicable extends Error {}

/** azure-native: the path parameter its `name` output carries (the resource's own name in the ARM URL). */
const AZURE_OWN_NAME: Record<string, string> = {
    "azure-native:storage:StorageAccount": "accountName",
    "azure-native:storage:BlobContainer": "containerName",
    "azure-native:storage:BlobServiceProperties": "blobServicesName",
    "azure-native:storage:ManagementPolicy": "managementPolicyName",
};

/**
 * The props the pack gets. `first`: a first preview, CrossGuard hands the inputs and every
 * deploy-time value is the engine's unknown sentinel. `deployed`: after a deploy, CrossGuard hands
 * each resource's OUTPUTS (pulumi/pulumi step_generator.go AnalyzeResources: `Properties:
 * v.Outputs`): each unknown becomes a stable stand-in (a text's template), and the props are
 * output-shaped from the SDK's own declaration (tests/support/sdk-outputs.ts): only what the
 * resource class declares as an output is kept, input-only properties (azure-native's path
 * parameters `accountName`, `containerName`, `resourceGroupName`, ...) are dropped, `id` is added,
 * azure-native's `name` is the resource's own path parameter and its `type` the ARM resource type.
 * A CustomResource without an SDK class (CRDs) returns its object: kept whole. A component's
 * outputs are what it registered, none of which the rules read: empty.
 */
function props(r: PlannedStack["resources"][number], mode: "first" | "deployed"): Record<string, unknown> {
    const stand = (v: any): unknown => {
        if (v && typeof v === "object" && v.unknown === true) {
            if (mode === "first") return policyProxy.unknownStringValue;
            if (typeof v.template === "string") return v.template;
            return v.from?.length === 1 ? `deployed:${v.from[0].urn}.${v.from[0].output}` : "deployed:value";
        }
        if (Array.isArray(v)) return v.map(stand);
        if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stand(x)]));
        return v;
    };
    const inputs = stand(r.inputs) as Record<string, unknown>;
    if (mode === "first") return inputs;
    if ((r as { custom?: boolean }).custom === false) return {};
    const keys = sdkOutputKeys(r.type);
    if (!keys) return { id: `deployed:${r.urn}.id`, ...inputs };
    const outputs: Record<string, unknown> = Object.fromEntries(Object.entries(inputs).filter(([k]) => keys.has(k)));
    if (r.type.startsWith("azure-native:")) {
        if (keys.has("name")) outputs.name = AZURE_OWN_NAME[r.type] ? inputs[AZURE_OWN_NAME[r.type]] : r.name;
        if (keys.has("type")) outputs.type = `Microsoft.Arm/${r.type.split(":")[2]}s`;
    }
    if (keys.has("arn")) outputs.arn = `deployed:${r.urn}.arn`;
    return { id: `deployed:${r.urn}.id`, ...outputs };
}

/** PolicyResources as the analyzer builds them: proxied props, options (protect only), parent and dependency objects. */
function policyResources(doc: PlannedStack, mode: "first" | "deployed" = "deployed"): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    for (const r of doc.resources) {
        byUrn.set(r.urn, {
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: policyProxy.unknownCheckingProxy(props(r, mode)),
            opts: { protect: doc.resourceOptions?.[r.urn]?.protect ?? false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        });
    }
    for (const r of doc.resources) {
        const res = byUrn.get(r.urn)!;
        if (r.parent) res.parent = byUrn.get(r.parent);
        // The state's dependencies (what the program registered), as the engine hands them over.
        const deps: string[] = (r as { options?: { dependencies?: string[] } }).options?.dependencies ?? [];
        res.dependencies = deps.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => d !== undefined);
    }
    return [...byUrn.values()];
}

interface Outcome {
    policy: string;
    enforcement: string | undefined;
    violations: string[];
    notApplicable?: string;
    /** What @pulumi/policy's server reports (advisory) when a policy read an unknown value. */
    cannotRunDuringPreview?: string;
}

async function validate(doc: PlannedStack, policies: StackValidationPolicy[] = checklistPolicies(() => RUNBOOKS), mode: "first" | "deployed" = "deployed"): Promise<Outcome[]> {
    const resources = policyResources(doc, mode);
    const out: Outcome[] = [];
    for (const p of policies) {
        const violations: string[] = [];
        const args: StackValidationArgs = {
            resources,
            stackTags: new Map(),
            getConfig: <T extends object>() => ({}) as T,
            notApplicable: (reason?: string): never => {
                throw new NotApplicable(reason);
            },
        };
        let notApplicable: string | undefined;
        let cannotRunDuringPreview: string | undefined;
        try {
            await p.validateStack(args, (message) => violations.push(message));
        } catch (e) {
            // As @pulumi/policy's server.js: an UnknownValueError is an advisory diagnostic.
            if (e instanceof policyProxy.UnknownValueError) cannotRunDuringPreview = e.message;
            else if (e instanceof NotApplicable) notApplicable = e.message;
            else throw e;
        }
        out.push({ policy: p.name, enforcement: p.enforcementLevel, violations, notApplicable, ...(cannotRunDuringPreview ? { cannotRunDuringPreview } : {}) });
    }
    return out;
}

describe("the policy pack", () => {
    it("has one stack policy per rule, named by its id and enforced at its severity, and one advisory policy that prints not-applicable evidence", () => {
        const policies = checklistPolicies(() => RUNBOOKS);
        expect(policies.map((p) => [p.name, p.enforcementLevel])).toEqual([...RULES.map((r) => [r.id, r.severity]), [NOT_APPLICABLE_POLICY, "advisory"]]);
        expect(policies.every((p) => p.description && p.description.length > 10)).toBe(true);
    });

    it("passes aws-prod: no mandatory violation; rules that do not apply say why, and say it where a preview prints it", async () => {
        const outcomes = await validate(plans["aws-prod"]);
        expect(outcomes.filter((o) => o.violations.length > 0 && o.enforcement === "mandatory")).toEqual([]);
        // No restore configured, no region pair, and an Aidbox stack has no HAPI to authenticate.
        expect(outcomes.filter((o) => o.notApplicable).map((o) => o.policy)).toEqual(["restore-path", "standby-replays-replicated-archive", "fhir-hapi-authentication"]);
        // Pulumi prints a not-applicable reason only with --json; the advisory policy prints it.
        expect(outcomes.find((o) => o.policy === NOT_APPLICABLE_POLICY)?.violations).toEqual([
            "restore-path does not apply: no restore configured (fhir-ha:database.restore.enabled is false); the procedure is docs/runbooks/point-in-time-restore.md",
            "standby-replays-replicated-archive does not apply: not part of a region pair (fhir-ha:database.standbyOf.cluster is empty)",
            expect.stringMatching(/^fhir-hapi-authentication does not apply: /),
        ]);
    });

    it("passes azure-prod after a deploy: the storage children's outputs carry no accountName, yet versioning and retention are read", async () => {
        const doc = plans["azure-prod"];
        // The props really are output-shaped: BlobServiceProperties has its settings but no path parameters.
        const service = policyResources(doc).find((r) => r.type === "azure-native:storage:BlobServiceProperties")!;
        expect("accountName" in service.props).toBe(false);
        expect("resourceGroupName" in service.props).toBe(false);
        expect(service.props.isVersioningEnabled).toBe(true);
        const outcomes = await validate(doc);
        expect(outcomes.filter((o) => o.violations.length > 0 && o.enforcement === "mandatory")).toEqual([]);
        for (const policy of ["backup-versioned", "bucket-retention", "backup-encrypted", "nodes-self-healing"]) {
            const o = outcomes.find((x) => x.policy === policy);
            expect(o, policy).toBeDefined();
            expect(o?.violations, policy).toEqual([]);
            expect(o?.notApplicable, policy).toBeUndefined();
        }
    });

    it.each(SHIPPED)("passes %s after a deploy (output-shaped props from the SDK classes): no mandatory violation", async (stack) => {
        const outcomes = await validate(plans[stack]);
        expect(outcomes.filter((o) => o.violations.length > 0 && o.enforcement === "mandatory")).toEqual([]);
        expect(outcomes.filter((o) => o.cannotRunDuringPreview)).toEqual([]);
    });

    it("recovers a deployed child's account from its property dependency, else its ARM id; a pool's ARM type is not its pool type", () => {
        const resource = (type: string, props: Record<string, unknown>, extra: Partial<PolicyResource> = {}) =>
            ({ type, name: type, urn: `urn:${type}`, props: policyProxy.unknownCheckingProxy(props), dependencies: [], propertyDependencies: {}, ...extra }) as unknown as PolicyResource;
        const account = resource("azure-native:storage:StorageAccount", { name: "stbackups1" });
        expect(propsForChecklist(account).accountName).toBe("stbackups1");
        const byDependency = resource("azure-native:storage:BlobServiceProperties", { name: "default" }, { propertyDependencies: { accountName: [account] } });
        expect(propsForChecklist(byDependency).accountName).toBe("stbackups1");
        const byId = resource("azure-native:storage:ManagementPolicy", {
            id: "/subscriptions/0000/resourceGroups/rg-a/providers/Microsoft.Storage/storageAccounts/stother2/managementPolicies/default",
        });
        expect(propsForChecklist(byId).accountName).toBe("stother2");
        // A preview's inputs win: nothing is recovered over a present value.
        expect(propsForChecklist(resource("azure-native:storage:BlobContainer", { accountName: "fromInputs", name: "c" }, { propertyDependencies: { accountName: [account] } })).accountName).toBe("fromInputs");
        expect(propsForChecklist(resource("azure-native:containerservice:AgentPool", { type: "Microsoft.ContainerService/managedClusters/agentPools" })).type).toBeUndefined();
        expect(propsForChecklist(resource("azure-native:containerservice:AgentPool", { type: "AvailabilitySet" })).type).toBe("AvailabilitySet");
        // An unknown account name still reaches CrossGuard as "can't run during preview".
        const unknownAccount = resource("azure-native:storage:StorageAccount", { name: policyProxy.unknownStringValue });
        expect(() => propsForChecklist(resource("azure-native:storage:BlobContainer", { name: "c" }, { dependencies: [unknownAccount] })).accountName).toThrow(policyProxy.UnknownValueError);
    });

    it.each(SHIPPED)("survives the first preview of %s: deploy-time values unknown in @pulumi/policy's proxy, no mandatory violation", async (stack) => {
        const outcomes = await validate(plans[stack], undefined, "first");
        expect(outcomes.filter((o) => o.violations.length > 0 && o.enforcement === "mandatory")).toEqual([]);
    });

    it("reports a rule that needs a deploy-time value as unable to run in a first preview, naming the value (aws-prod: node groups name their subnets by ID)", async () => {
        const outcomes = await validate(plans["aws-prod"], undefined, "first");
        const unknown = outcomes.filter((o) => o.cannotRunDuringPreview);
        expect(unknown.map((o) => o.policy)).toContain("zones-at-least-two");
        for (const o of unknown) expect(o.cannotRunDuringPreview).toMatch(/value at \..+ can't be known during preview/);
        // Unable to run is not a violation: CrossGuard prints it as advisory.
        expect(unknown.every((o) => o.violations.length === 0)).toBe(true);
    });

    it("sees protect through the policy options and counts retainOnDelete-only resources as unverified", async () => {
        const stateful = (await validate(plans["aws-prod"])).find((o) => o.policy === "stateful-protected");
        expect(stateful?.violations).toEqual([]);
        // What the pack's rule reads from CrossGuard's resources: the bucket is kept (protect is
        // reported), the CNPG Clusters (retainOnDelete only, which CrossGuard does not report) unverified.
        const rule = RULES.find((r) => r.id === "stateful-protected")!;
        const evidence = (doc: PlannedStack) => rule.check(contextFromPolicyResources(policyResources(doc))).evidence;
        const shipped = evidence(plans["aws-prod"]);
        expect(shipped).toMatch(/fhir-aws-backups-bucket \(protect\)/);
        expect(shipped).toMatch(/unverified here \(retainOnDelete is not reported; the offline plan checks it\): .*fhir-database-primary/);
        expect(shipped.split("unverified here")[1]).not.toContain("fhir-aws-backups-bucket");
        // Without protect the bucket moves to unverified: the pack saw protect, and never fails a resource it cannot judge.
        const unprotected = structuredClone(plans["aws-prod"]);
        delete unprotected.resourceOptions?.[find(unprotected, "aws:s3/bucket:Bucket", "fhir-aws-backups-bucket").urn];
        expect(evidence(unprotected).split("unverified here")[1]).toContain("fhir-aws-backups-bucket");
        const failed = (await validate(unprotected)).find((o) => o.policy === "stateful-protected");
        expect(failed?.violations).toEqual([]);
    });

    it("reports a dev-like stack (1 replica, 2 h delay, no bucket versioning) as mandatory violations naming the fix", async () => {
        const doc = structuredClone(plans["aws-prod"]);
        find(doc, "kubernetes:apps/v1:Deployment", "fhir-server").inputs.spec.replicas = 1;
        find(doc, "kubernetes:postgresql.cnpg.io/v1:Cluster", "fhir-db-delayed").inputs.spec.replica.minApplyDelay = "2h";
        find(doc, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status = "Suspended";
        const violated = (await validate(doc)).filter((o) => o.violations.length > 0 && o.policy !== NOT_APPLICABLE_POLICY);
        // One replica also defeats the budget rendered for three; without versioning a deleted
        // backup is gone at once, which the retention rule catches too.
        expect(violated.map((o) => [o.policy, o.enforcement])).toEqual([
            ["fhir-replicas", "mandatory"],
            ["fhir-disruption-budget", "mandatory"],
            ["delayed-replica-window", "mandatory"],
            ["bucket-retention", "mandatory"],
            ["backup-versioned", "mandatory"],
            // The shipped images are tag-only (src/config/pins.ts): advised, not enforced.
            ["fhir-image-digest", "advisory"],
        ]);
        const message = (policy: string) => violated.find((o) => o.policy === policy)?.violations[0];
        expect(message("fhir-replicas")).toMatch(/Deployment fhir-server: 1 replica.*fhir-ha:fhir\.replicas/);
        expect(message("fhir-disruption-budget")).toMatch(/maxUnavailable 1\) of 1 replicas: allows every pod to be evicted/);
        expect(message("delayed-replica-window")).toMatch(/minApplyDelay 2h.*fhir-ha:database\.delayedReplica\.delay/);
        expect(message("backup-versioned")).toMatch(/versioning Suspended/);
    });

    it("does not block a brought cluster for what it does not own: lowered rules become not-applicable with the evidence", async () => {
        // The same resources seen as the kubernetes target's: its nodes and bucket are not ours.
        const brought = structuredClone(plans["aws-prod"]);
        find(brought, "fhir-ha:aws:Cluster").type = "fhir-ha:kubernetes:Cluster";
        // With the image pinned by digest, so that nothing but what the target lowers remains.
        for (const c of find(brought, "kubernetes:apps/v1:Deployment", "fhir-server").inputs.spec.template.spec.containers) c.image = `${c.image}@sha256:${"ab".repeat(32)}`;
        const outcomes = await validate(brought);
        expect(outcomes.filter((o) => o.violations.length > 0 && o.policy !== NOT_APPLICABLE_POLICY)).toEqual([]);
        expect(outcomes.find((o) => o.policy === NOT_APPLICABLE_POLICY)?.violations).toContain(
            "workload-identity does not apply: the kubernetes target's S3-compatible store is reached with the keys of fhir-ha:s3AccessKeyId / fhir-ha:s3SecretAccessKey",
        );
        const selfHealing = outcomes.find((o) => o.policy === "nodes-self-healing");
        expect(selfHealing?.notApplicable).toMatch(/^advisory: the cluster is brought by you/);
        expect(outcomes.find((o) => o.policy === "workload-identity")?.notApplicable).toMatch(/fhir-ha:s3AccessKeyId/);
    });
});
