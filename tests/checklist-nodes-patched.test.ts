/**
 * `nodes-patched`: a stack whose node images are never patched is reported, per cloud, on small
 * synthetic plans (the shipped stacks are the cloud targets' to make pass).
 */
import { describe, expect, it } from "vitest";
import { CheckContext, CheckedResource, contextFromPlan, evaluateRule, PlanLike, RULES } from "../src/checklist";

const rule = RULES.find((r) => r.id === "nodes-patched")!;
const resource = (type: string, name: string, inputs: Record<string, unknown>): CheckedResource => ({ urn: `urn:pulumi:s::p::${type}::${name}`, type, name, parent: null, inputs });
const check = (cloud: string, ...resources: CheckedResource[]) => evaluateRule(rule, { cloud, resources } as CheckContext);

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const NODE_POOL = "gcp:container/nodePool:NodePool";
const AKS = "azure-native:containerservice:ManagedCluster";

describe("nodes-patched", () => {
    it("is advisory and listed under the cluster item", () => {
        expect(rule.severity).toBe("advisory");
        expect(rule.item).toBe("zones");
    });

    it("EKS: passes when every node group sets releaseVersion; fails naming the group that does not", () => {
        const ok = check("aws", resource(NODE_GROUP, "ng-a", { releaseVersion: "1.35.0-20261120" }), resource(NODE_GROUP, "ng-b", { releaseVersion: "1.35.0-20261120" }));
        expect(ok).toMatchObject({ passed: true, severity: "advisory" });
        expect(ok.evidence).toContain('EKS node group ng-a: releaseVersion "1.35.0-20261120"');
        const bad = check("aws", resource(NODE_GROUP, "ng-a", { releaseVersion: "1.35.0-20261120" }), resource(NODE_GROUP, "ng-b", { releaseVersion: "" }));
        expect(bad).toMatchObject({ passed: false, severity: "advisory" });
        expect(bad.evidence).toMatch(/^EKS node group ng-b: no releaseVersion: keeps its creation-day AMI release/);
        expect(bad.evidence).not.toContain("ng-a");
        expect(bad.evidence).toMatch(/Fix: set each EKS node group's releaseVersion/);
    });

    it("EKS: a releaseVersion known only at deploy (read from SSM) counts as set", () => {
        const ctx = contextFromPlan({ stack: "s", cloud: "aws", resources: [resource(NODE_GROUP, "ng-a", { releaseVersion: { unknown: true } })] } as PlanLike);
        const r = evaluateRule(rule, ctx);
        expect(r).toMatchObject({ passed: true });
        expect(r.evidence).toBe("EKS node group ng-a: releaseVersion set from a value known at deploy (e.g. the SSM recommended AMI release)");
    });

    it("GKE: passes with management.autoUpgrade true; fails when it is false or absent", () => {
        expect(check("gcp", resource(NODE_POOL, "pool-a", { management: { autoRepair: true, autoUpgrade: true } }))).toMatchObject({ passed: true });
        const off = check("gcp", resource(NODE_POOL, "pool-a", { management: { autoRepair: true, autoUpgrade: false } }), resource(NODE_POOL, "pool-b", {}));
        expect(off.passed).toBe(false);
        expect(off.evidence).toMatch(/GKE node pool pool-a: management\.autoUpgrade is not true.*GKE node pool pool-b: management\.autoUpgrade is not true/);
    });

    it("AKS: NodeImage and SecurityPatch pass; None, Unmanaged and unset fail", () => {
        for (const channel of ["NodeImage", "SecurityPatch"]) {
            expect(check("azure", resource(AKS, "aks", { autoUpgradeProfile: { upgradeChannel: "stable", nodeOSUpgradeChannel: channel } })).passed).toBe(true);
        }
        for (const profile of [{ nodeOSUpgradeChannel: "None" }, { nodeOSUpgradeChannel: "Unmanaged" }, { upgradeChannel: "stable" }]) {
            const r = check("azure", resource(AKS, "aks", { autoUpgradeProfile: profile }));
            expect(r.passed).toBe(false);
            expect(r.evidence).toMatch(/^AKS cluster aks: autoUpgradeProfile\.nodeOSUpgradeChannel is (unset|"None"|"Unmanaged"), not NodeImage or SecurityPatch/);
        }
    });

    it("a cloud stack without node groups fails; the kubernetes target is not applicable", () => {
        expect(check("aws")).toMatchObject({ passed: false, evidence: expect.stringMatching(/^no EKS node group in the plan/) });
        expect(check("kubernetes", resource("kubernetes:core/v1:Namespace", "ns", {}))).toMatchObject({ passed: true, applicable: false });
    });
});
