/**
 * The CrossGuard pack, evaluated through @pulumi/policy's own types: StackValidationArgs built
 * from real plans (what a preview would hand the pack), each policy's validateStack run with a
 * recording reportViolation. No Pulumi CLI needed.
 */
import { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../src/checklist";
import { checklistPolicies } from "../policy/policies";
import { find, planStacks, PlannedStack, RUNBOOKS } from "./checklist-plans";

let plans: Record<string, PlannedStack>;

beforeAll(async () => {
    plans = await planStacks(["aws-prod"]);
}, 120_000);

class NotApplicable extends Error {}

/** PolicyResources as the analyzer builds them: props, options (protect only), parent objects. */
function policyResources(doc: PlannedStack): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    for (const r of doc.resources) {
        byUrn.set(r.urn, {
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: r.inputs,
            opts: { protect: doc.resourceOptions?.[r.urn]?.protect ?? false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        });
    }
    for (const r of doc.resources) if (r.parent) byUrn.get(r.urn)!.parent = byUrn.get(r.parent);
    return [...byUrn.values()];
}

interface Outcome {
    policy: string;
    enforcement: string | undefined;
    violations: string[];
    notApplicable?: string;
}

async function validate(doc: PlannedStack, policies: StackValidationPolicy[] = checklistPolicies(() => RUNBOOKS)): Promise<Outcome[]> {
    const resources = policyResources(doc);
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
        try {
            await p.validateStack(args, (message) => violations.push(message));
        } catch (e) {
            if (!(e instanceof NotApplicable)) throw e;
            notApplicable = e.message;
        }
        out.push({ policy: p.name, enforcement: p.enforcementLevel, violations, notApplicable });
    }
    return out;
}

describe("the policy pack", () => {
    it("has one stack policy per rule, named by its id and enforced at its severity", () => {
        const policies = checklistPolicies(() => RUNBOOKS);
        expect(policies.map((p) => [p.name, p.enforcementLevel])).toEqual(RULES.map((r) => [r.id, r.severity]));
        expect(policies.every((p) => p.description && p.description.length > 10)).toBe(true);
    });

    it("passes aws-prod: no violation; rules that do not apply say why", async () => {
        const outcomes = await validate(plans["aws-prod"]);
        expect(outcomes.filter((o) => o.violations.length > 0)).toEqual([]);
        // No restore configured, and an Aidbox stack has no HAPI to authenticate.
        expect(outcomes.filter((o) => o.notApplicable).map((o) => o.policy)).toEqual(["restore-path", "fhir-hapi-authentication"]);
    });

    it("sees protect through the policy options and counts retainOnDelete-only resources as unverified", async () => {
        const stateful = (await validate(plans["aws-prod"])).find((o) => o.policy === "stateful-protected");
        expect(stateful?.violations).toEqual([]);
        const unprotected = structuredClone(plans["aws-prod"]);
        delete unprotected.resourceOptions?.[find(unprotected, "aws:s3/bucket:Bucket").urn];
        const failed = (await validate(unprotected)).find((o) => o.policy === "stateful-protected");
        // Without protect, CrossGuard cannot tell retainOnDelete: unverified, never a false failure.
        expect(failed?.violations).toEqual([]);
    });

    it("reports a dev-like stack (1 replica, 2 h delay, no bucket versioning) as mandatory violations naming the fix", async () => {
        const doc = structuredClone(plans["aws-prod"]);
        find(doc, "kubernetes:apps/v1:Deployment", "fhir-server").inputs.spec.replicas = 1;
        find(doc, "kubernetes:postgresql.cnpg.io/v1:Cluster", "fhir-db-delayed").inputs.spec.replica.minApplyDelay = "2h";
        find(doc, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status = "Suspended";
        const violated = (await validate(doc)).filter((o) => o.violations.length > 0);
        // One replica also defeats the budget rendered for three; without versioning a deleted
        // backup is gone at once, which the retention rule catches too.
        expect(violated.map((o) => [o.policy, o.enforcement])).toEqual([
            ["fhir-replicas", "mandatory"],
            ["fhir-disruption-budget", "mandatory"],
            ["delayed-replica-window", "mandatory"],
            ["bucket-retention", "mandatory"],
            ["backup-versioned", "mandatory"],
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
        const outcomes = await validate(brought);
        expect(outcomes.filter((o) => o.violations.length > 0)).toEqual([]);
        const selfHealing = outcomes.find((o) => o.policy === "nodes-self-healing");
        expect(selfHealing?.notApplicable).toMatch(/^advisory: the cluster is brought by you/);
        expect(outcomes.find((o) => o.policy === "workload-identity")?.notApplicable).toMatch(/fhir-ha:s3AccessKeyId/);
    });
});
