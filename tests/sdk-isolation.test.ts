/**
 * A stack of one cloud loads that cloud's SDK and no other: read from the plans of the shipped
 * stacks, each evaluated in its own process by `npm run plan`, which records the `@pulumi/*`
 * packages in the module cache after evaluation (`sdks` in out/plan/<stack>.json).
 */
import { describe, expect, it } from "vitest";
import { shippedPlan } from "./support/shipped-plans";

const CLOUD_SDKS = ["@pulumi/aws", "@pulumi/gcp", "@pulumi/azure-native"];

interface Plan {
    cloud: string;
    sdks: string[];
    resources: { type: string }[];
}

const count = (plan: Plan, type: string) => plan.resources.filter((r) => r.type === type).length;

describe.each([
    // stack, its SDK, resources proving the cloud target really rendered (not an early failure)
    // aws-prod: two buckets, the archive and its replica in the second region (backup.replica.region).
    ["aws-prod", "@pulumi/aws", { "fhir-ha:aws:Cluster": 1, "aws:eks/cluster:Cluster": 1, "aws:s3/bucket:Bucket": 2, "aws:eks/nodeGroup:NodeGroup": 3 }],
    ["gcp-prod", "@pulumi/gcp", { "fhir-ha:gcp:Cluster": 1, "gcp:container/cluster:Cluster": 1, "gcp:container/nodePool:NodePool": 1, "gcp:storage/bucket:Bucket": 1 }],
    ["azure-prod", "@pulumi/azure-native", { "fhir-ha:azure:Cluster": 1, "azure-native:containerservice:ManagedCluster": 1, "azure-native:containerservice:AgentPool": 3, "azure-native:storage:StorageAccount": 1 }],
    ["local", undefined, { "fhir-ha:kubernetes:Cluster": 1 }],
] as const)("plan of stack %s", (stack, sdk, expected) => {
    const plan = shippedPlan<Plan>(stack);

    it("rendered the cloud target with both tiers on top", () => {
        for (const [type, n] of Object.entries(expected)) expect(count(plan, type), type).toBe(n);
        expect(count(plan, "fhir-ha:database:FhirDatabase")).toBe(1);
        expect(count(plan, "fhir-ha:fhir:FhirServer")).toBe(1);
        expect(count(plan, "kubernetes:postgresql.cnpg.io/v1:Cluster")).toBe(2);
    });

    it(`loads ${sdk ?? "no cloud SDK"} and no other cloud's SDK`, () => {
        expect(plan.sdks).toEqual(expect.arrayContaining(["@pulumi/pulumi", "@pulumi/kubernetes"]));
        expect(plan.sdks.filter((p) => CLOUD_SDKS.includes(p))).toEqual(sdk ? [sdk] : []);
    });
});
