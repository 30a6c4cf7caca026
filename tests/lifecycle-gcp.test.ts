/**
 * Day 2 on GKE (gcp-prod), as lifecycle scenarios (tests/support/lifecycle.ts): each step is the
 * plan the next `pulumi up` would show, diffed against the step before.
 *
 * - Zones are an identity: reordering `fhir-ha:zones` plans nothing; removing or adding one zone
 *   updates the one node pool's `nodeLocations` in place; no stateful resource is touched.
 * - The cloud moving underneath (GKE auto-upgrading control plane and nodes through the release
 *   channel, a zone reported DOWN) changes nothing in the plan of an existing stack, and an
 *   unrelated edit afterwards plans only that edit.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { gcpMocks } from "../src/plan/mocks/gcp";
import { CloudMocks } from "../src/plan/mocks/types";
import { LifecycleRun, operationCounts, operationsOf, runLifecycle, statefulTouched } from "./support/lifecycle";

const ZONES = "fhir-ha:zones";
const [A, B, C] = ["europe-west4-a", "europe-west4-b", "europe-west4-c"];
const NODE_POOL = "gcp:container/nodePool:NodePool";
const NOTHING = { create: 0, update: 0, replace: 0, delete: 0 };

const CLUSTER = "gcp:container/cluster:Cluster";

/** GKE has upgraded the control plane and the nodes by itself (release channel auto-upgrade); a layer replaces a type's outputs, so the shipped ones are kept. */
const upgradedByGke: CloudMocks = {
    calls: {},
    outputs: {
        [CLUSTER]: (name, inputs) => ({ ...gcpMocks.outputs[CLUSTER](name, inputs), masterVersion: "1.36.2-gke.1100000", nodeVersion: "1.36.2-gke.1100000" }),
        [NODE_POOL]: (name, inputs) => ({ ...gcpMocks.outputs[NODE_POOL](name, inputs), version: "1.36.2-gke.1100000" }),
    },
};

/** Compute Engine reports europe-west4-c DOWN: `status` filters as the zones API does. */
const zoneCDown: CloudMocks = {
    calls: {
        "gcp:compute/getZones:getZones": (inputs) => {
            const all = [A, B, C];
            const names = inputs.status === "DOWN" ? [C] : inputs.status === "UP" ? [A, B] : all;
            return { id: `projects/p/regions/${inputs.region}`, names, project: "p", region: inputs.region, status: inputs.status };
        },
    },
    outputs: {},
};

function nodeLocations(run: LifecycleRun, step: number): unknown {
    return run.steps[step].plan.resources.find((r) => r.type === NODE_POOL)?.inputs.nodeLocations;
}

describe("zones on GKE: reorder, remove one, add one", () => {
    /** The steps that remove zone b and add it back. */
    const [R, D] = [4, 5];
    let run: LifecycleRun;
    beforeAll(async () => {
        run = await runLifecycle("gcp-prod", [
            { title: "as shipped (zones: 3)" },
            { title: "the same zones named", change: { [ZONES]: [A, B, C] } },
            { title: "reordered", change: { [ZONES]: [C, A, B] } },
            // One Postgres instance per zone: two zones take two instances (a separate, reviewed edit).
            { title: "two Postgres instances", change: { "fhir-ha:database": { instances: 2 } } },
            { title: "b removed", change: { [ZONES]: [C, A] } },
            { title: "b added back", change: { [ZONES]: [C, A, B] } },
            { title: "c reported DOWN, zones named", cloudState: [zoneCDown] },
        ]);
    }, 180_000);

    it("naming the zones a count resolved to, or reordering them, changes no resource (only the component's recorded config)", () => {
        expect(operationsOf(run.steps[1])).toEqual(["update fhir-ha:index:FhirPlatform fhir"]);
        expect(operationsOf(run.steps[2])).toEqual(["update fhir-ha:index:FhirPlatform fhir"]);
        expect(nodeLocations(run, 2)).toEqual([A, B, C]);
    });

    it("removing a zone updates the node pool's nodeLocations in place, and replaces or deletes nothing stateful", () => {
        expect(operationsOf(run.steps[R], ["replace", "delete", "create"])).toEqual([]);
        expect(operationsOf(run.steps[R])).toContain(`update ${NODE_POOL} fhir-gcp-nodes`);
        expect(nodeLocations(run, R)).toEqual([A, C]);
        expect(statefulTouched(run.steps[R])).toEqual([]);
    });

    it("adding a zone updates the node pool in place too, and replaces or deletes nothing", () => {
        expect(operationsOf(run.steps[D], ["replace", "delete", "create"])).toEqual([]);
        expect(operationsOf(run.steps[D])).toContain(`update ${NODE_POOL} fhir-gcp-nodes`);
        expect(nodeLocations(run, D)).toEqual([A, B, C]);
        expect(statefulTouched(run.steps[D])).toEqual([]);
    });

    it("a named zone reported DOWN is neither refused nor dropped: the plan is unchanged", () => {
        expect(operationCounts(run.steps[6])).toEqual(NOTHING);
        expect(nodeLocations(run, 6)).toEqual([A, B, C]);
    });

    it("every GCP resource but the node pool keeps its inputs through the removal and the addition", () => {
        for (const step of [run.steps[R], run.steps[D]]) {
            const gcp = operationsOf(step).filter((o) => o.includes(" gcp:"));
            expect(gcp).toEqual([`update ${NODE_POOL} fhir-gcp-nodes`]);
        }
    });
});

describe("the cloud moved on GKE: auto-upgrades, a zone DOWN, then an unrelated edit", () => {
    let run: LifecycleRun;
    beforeAll(async () => {
        run = await runLifecycle("gcp-prod", [
            { title: "as shipped" },
            { title: "GKE upgraded control plane and nodes", cloudState: [upgradedByGke] },
            { title: "europe-west4-c is DOWN", cloudState: [upgradedByGke, zoneCDown] },
            { title: "two nodes per zone, zone c still DOWN", change: { "fhir-ha:cluster": { nodesPerZone: 2 } }, cloudState: [upgradedByGke, zoneCDown] },
        ]);
    }, 180_000);

    it("versions GKE moved are in no input: the next plain `pulumi up` plans nothing", () => {
        expect(operationCounts(run.steps[1])).toEqual(NOTHING);
        const pool = run.steps[1].plan.resources.find((r) => r.type === NODE_POOL)!;
        expect(pool.inputs.version).toBeUndefined();
        expect(pool.inputs.management).toEqual({ autoRepair: true, autoUpgrade: true });
    });

    it("a zone reported DOWN neither fails the plan nor moves the stack's zones", () => {
        expect(operationCounts(run.steps[2])).toEqual(NOTHING);
        expect(nodeLocations(run, 2)).toEqual([A, B, C]);
    });

    it("an unrelated edit afterwards updates only the node pool's autoscaling minimum", () => {
        expect(operationsOf(run.steps[3]).filter((o) => o.includes(" gcp:"))).toEqual([`update ${NODE_POOL} fhir-gcp-nodes`]);
        const changed = run.steps[3].diff!.changed.find((c) => c.type === NODE_POOL)!.changes.map((c) => c.path);
        expect(changed).toEqual(["autoscaling.minNodeCount"]);
        expect(statefulTouched(run.steps[3])).toEqual([]);
    });
});
