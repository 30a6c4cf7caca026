/**
 * Day-2 lifecycle scenarios on azure-prod (tests/support/lifecycle.ts): each step is the next
 * plain `pulumi up` after the previous one, with the cloud as it then is.
 *
 * - A cluster update, previewed: azure-native answers a preview of an update with the inputs plus
 *   `name` and `location`, every other output unknown (src/clouds/azure/live-cluster.ts). The
 *   layer below makes the ManagedCluster's outputs exactly that, so what used to be computed from
 *   them (the provider's clusterIdentifier, the pools' resourceName) would show as changed.
 * - AKS upgraded the cluster itself (stable channel) and state still has the old version.
 * - Zones reordered, added, removed: per-zone pools keep their identity; the system pool's zones are fixed
 *   by AKS at creation, so a change of the zone set is refused until the pool was replaced by hand.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { PlanResource } from "../src/plan/document";
import { azureMocks } from "../src/plan/mocks/azure";
import { CloudMocks } from "../src/plan/mocks/types";
import { isUnknown } from "../src/plan/unknowns";
import { LifecycleRun, operationsOf, runLifecycle, statefulTouched } from "./support/lifecycle";

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const GET_CLUSTER = "azure-native:containerservice:getManagedCluster";
const deployed = azureMocks.outputs[CLUSTER];

/** The ManagedCluster as a preview of its update sees it: inputs, name and location; the rest unknown. */
const previewOfClusterUpdate: CloudMocks = {
    calls: {},
    outputs: {
        [CLUSTER]: (name, inputs) => ({
            ...deployed(name, inputs),
            fqdn: pulumi.runtime.unknownValue,
            currentKubernetesVersion: pulumi.runtime.unknownValue,
            identity: pulumi.runtime.unknownValue,
            oidcIssuerProfile: pulumi.runtime.unknownValue,
            agentPoolProfiles: pulumi.runtime.unknownValue,
            apiServerAccessProfile: pulumi.runtime.unknownValue,
        }),
    },
};

/** State says `stateVersion` (Pulumi has not refreshed); Azure runs `liveVersion`. */
const versions = (stateVersion: string, liveVersion: string): CloudMocks => ({
    calls: { [GET_CLUSTER]: (inputs) => ({ ...azureMocks.calls[GET_CLUSTER](inputs), currentKubernetesVersion: liveVersion }) },
    outputs: { [CLUSTER]: (name, inputs) => ({ ...deployed(name, inputs), currentKubernetesVersion: stateVersion }) },
});

/** The system pool as Azure has it, in `zones`, whatever the stack now asks for. */
const systemPoolIn = (zones: string[]): CloudMocks => ({
    calls: {
        [GET_CLUSTER]: (inputs) => {
            const live = azureMocks.calls[GET_CLUSTER](inputs);
            return { ...live, agentPoolProfiles: live.agentPoolProfiles.map((p: Record<string, unknown>) => ({ ...p, availabilityZones: zones })) };
        },
    },
    outputs: {},
});

const byName = (run: LifecycleRun, step: number, type: string, name: string): PlanResource => {
    const r = run.steps[step].plan.resources.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name} in step ${step}`);
    return r;
};

/**
 * Paths of inputs unknown for the preview itself (the SDK's unknown, no deploy-time source): what
 * the layer above took away. Deploy-time values (`from` an ID or a marker) are the same in both steps.
 */
function lostInPreview(value: unknown, path = ""): string[] {
    if (isUnknown(value)) return (value.from ?? []).length === 0 && value.template === undefined ? [path] : [];
    if (Array.isArray(value)) return value.flatMap((v, i) => lostInPreview(v, `${path}[${i}]`));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => lostInPreview(v, path ? `${path}.${k}` : k));
    return [];
}

describe("a ManagedCluster update, previewed (allowedCidrs changed)", () => {
    let run: LifecycleRun;
    beforeAll(async () => {
        run = await runLifecycle("azure-prod", [
            { title: "as shipped" },
            {
                title: "API allow-list changed; the preview cannot read the cluster's outputs",
                change: { "fhir-ha:cluster": { apiAccess: { allowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"] } } },
                cloudState: [previewOfClusterUpdate],
            },
        ]);
    }, 120_000);

    it("updates the cluster and nothing else: no provider, Kubernetes object, pool, grant or CNPG cluster is replaced", () => {
        // The platform component's `config` output records the edit.
        expect(operationsOf(run.steps[1])).toEqual(["update azure-native:containerservice:ManagedCluster fhir-azure-aks", "update fhir-ha:index:FhirPlatform fhir"]);
        expect(statefulTouched(run.steps[1])).toEqual([]);
    });

    it("the provider, pools, maintenance configurations, grants and federated credentials hold no value the preview lost", () => {
        const dependants = run.steps[1].plan.resources.filter((r) =>
            [
                "pulumi:providers:kubernetes",
                "azure-native:containerservice:AgentPool",
                "azure-native:containerservice:MaintenanceConfiguration",
                "azure-native:authorization:RoleAssignment",
                "azure-native:managedidentity:FederatedIdentityCredential",
            ].includes(r.type),
        );
        // Two Kubernetes providers (the strict one and the retained objects' upserting one), three
        // user pools, three maintenance configurations, four role assignments, two federated credentials.
        expect(dependants).toHaveLength(2 + 3 + 3 + 4 + 2);
        // Lost = unknown in the preview but not in the plan before it (a value read through the
        // live getManagedCluster invoke is a deploy-time value in both, not lost).
        for (const r of dependants) {
            const before = new Set(lostInPreview(byName(run, 0, r.type, r.name).inputs));
            expect([r.name, lostInPreview(r.inputs).filter((p) => !before.has(p))]).toEqual([r.name, []]);
        }
        // The cluster's own name, a plain string in the plan (not an unknown).
        const clusterName = byName(run, 1, CLUSTER, "fhir-azure-aks").inputs.resourceName;
        expect(clusterName).toMatch(/^aks-fhir-ha-/);
        expect(byName(run, 1, "pulumi:providers:kubernetes", "fhir-azure-provider").inputs.clusterIdentifier).toBe(clusterName);
        for (const z of [1, 2, 3]) expect(byName(run, 1, "azure-native:containerservice:AgentPool", `fhir-azure-pool-zone-${z}`).inputs.resourceName).toBe(clusterName);
    });
});

describe("AKS upgraded the cluster itself (stable), then an unrelated edit", () => {
    let run: LifecycleRun;
    beforeAll(async () => {
        run = await runLifecycle("azure-prod", [
            { title: "as deployed: 1.34.7", cloudState: [versions("1.34.7", "1.34.7")] },
            { title: "AKS moved to 1.35.2, state still 1.34.7; maxNodesPerZone 3 -> 4", change: { "fhir-ha:cluster": { maxNodesPerZone: 4 } }, cloudState: [versions("1.34.7", "1.35.2")] },
        ]);
    }, 120_000);

    it("updates only the pools' maximum size and asks for no version at all, so no downgrade", () => {
        expect(operationsOf(run.steps[1])).toEqual([
            ...[1, 2, 3].map((z) => `update azure-native:containerservice:AgentPool fhir-azure-pool-zone-${z}`),
            "update fhir-ha:index:FhirPlatform fhir",
        ]);
        for (const z of [1, 2, 3]) {
            const op = run.steps[1].diff!.operations.find((o) => o.name === `fhir-azure-pool-zone-${z}`)!;
            expect(op.changes.map((c) => [c.path, c.before, c.after])).toEqual([["maxCount", 3, 4]]);
            expect(byName(run, 1, "azure-native:containerservice:AgentPool", `fhir-azure-pool-zone-${z}`).inputs).not.toHaveProperty("orchestratorVersion");
        }
        expect(statefulTouched(run.steps[1])).toEqual([]);
    });
});

describe("zones", () => {
    let run: LifecycleRun;
    beforeAll(async () => {
        run = await runLifecycle("azure-prod", [
            { title: "two zones", change: { "fhir-ha:zones": ["1", "2"], "fhir-ha:database": { instances: 2 }, "fhir-ha:fhir": { replicas: 2 } }, cloudState: [systemPoolIn(["1", "2"])] },
            { title: "reordered", change: { "fhir-ha:zones": ["2", "1"] }, cloudState: [systemPoolIn(["1", "2"])] },
            { title: "zone 3 added after the system pool was replaced into 1-3 by hand", change: { "fhir-ha:zones": ["2", "1", "3"] }, cloudState: [systemPoolIn(["1", "2", "3"])] },
            { title: "zone 3 removed again after the system pool was replaced into 1-2 by hand", change: { "fhir-ha:zones": ["2", "1"] }, cloudState: [systemPoolIn(["1", "2"])] },
        ]);
    }, 180_000);

    it("a reorder changes no resource (the platform component records the new order in its config output)", () => {
        expect(operationsOf(run.steps[1])).toEqual(["update fhir-ha:index:FhirPlatform fhir"]);
    });

    it("an added zone creates that zone's pool only; the other zones' pools keep their identity", () => {
        expect(operationsOf(run.steps[2])).toEqual(["create azure-native:containerservice:AgentPool fhir-azure-pool-zone-3", "update fhir-ha:index:FhirPlatform fhir"]);
        expect(byName(run, 2, "azure-native:containerservice:AgentPool", "fhir-azure-pool-zone-3").inputs).toMatchObject({ agentPoolName: "user3", availabilityZones: ["3"] });
        expect(statefulTouched(run.steps[2])).toEqual([]);
    });

    it("a removed zone deletes that zone's pool only (the one node pool touched; no database resource)", () => {
        expect(operationsOf(run.steps[3])).toEqual(["delete azure-native:containerservice:AgentPool fhir-azure-pool-zone-3", "update fhir-ha:index:FhirPlatform fhir"]);
        expect(statefulTouched(run.steps[3])).toEqual(["delete azure-native:containerservice:AgentPool fhir-azure-pool-zone-3"]);
    });

    it("a zone set the deployed system pool does not span is refused, naming fhir-ha:zones and the procedure", async () => {
        await expect(runLifecycle("azure-prod", [{ title: "zones 1-3, system pool still in 1-2", cloudState: [systemPoolIn(["1", "2"])] }])).rejects.toThrow(
            /AKS system pool "system" of aks-fhir-ha-\S+: zones 1,2 → 1,2,3 \(fhir-ha:zones\)\. AKS cannot change this pool in place[\s\S]*"Changing the system pool"/,
        );
    }, 120_000);
});
