/**
 * The replacement matrix's list edits of `fhir-ha:zones` on every shipped stack: zones are
 * identities, not list positions, so an edit of the list touches only the zones it names
 * (issue 24, "Zones are identities"). Each stack is planned with an explicit list of three zones,
 * that list reordered, and the middle zone removed; the diffs are:
 *   reorder  [A, B, C] → [C, A, B]: nothing created, replaced or deleted;
 *   remove   [A, B, C] → [A, C]:    nothing created or replaced; only B's resources deleted;
 *   add      [A, C] → [A, B, C]:    nothing replaced or deleted; only B's resources created.
 * The database runs 2 instances throughout, so the zone edit is the only change.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { PlanDocument, PlanResource } from "../src/plan/document";
import { diffPlans, ResourceOperation } from "../src/plan/diff";
import { planInProcess } from "./support/in-process-plan";
import { shippedConfig, validated, withKey } from "./support/replacement-matrix";

/** Three zones of each shipped stack's region, as `fhir-ha:zones` spells them on that cloud. */
const ZONES: Record<string, string[]> = {
    "aws-prod": ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
    "aws-dr": ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    "gcp-prod": ["europe-west4-a", "europe-west4-b", "europe-west4-c"],
    // Azure's zone numbers (src/config/validate.ts): AKS labels nodes <region>-<n>.
    "azure-prod": ["1", "2", "3"],
    // A cluster you bring: zone names are its nodes' topology.kubernetes.io/zone labels.
    local: ["zone-a", "zone-b", "zone-c"],
};
const STACKS = Object.keys(ZONES);

interface ZonePlans {
    all: PlanDocument;
    reordered: PlanDocument;
    withoutB: PlanDocument;
}
const plans: Record<string, ZonePlans> = {};

async function planWithZones(stack: string, zones: string[]): Promise<PlanDocument> {
    const cfg = withKey(withKey(shippedConfig(stack), "zones", zones), "database.instances", 2);
    if (!validated(cfg)) throw new Error(`${stack}: fhir-ha:zones = ${JSON.stringify(zones)} with 2 database instances does not validate`);
    return planInProcess(stack, cfg);
}

beforeAll(async () => {
    for (const stack of STACKS) {
        const [a, b, c] = ZONES[stack];
        plans[stack] = {
            all: await planWithZones(stack, [a, b, c]),
            reordered: await planWithZones(stack, [c, a, b]),
            withoutB: await planWithZones(stack, [a, c]),
        };
    }
}, 300_000);

const touched = (ops: ResourceOperation[], op: string) => ops.filter((o) => o.op === op).map((o) => `${o.type} ${o.name}`).sort();

/** The zones a resource's inputs name (subnet, node pool, agent pool, disk fields). */
function zonesNamed(r: PlanResource): string[] {
    const i = r.inputs as Record<string, unknown>;
    const fields = [i.availabilityZone, i.availabilityZones, i.nodeLocations, i.zone, i.zones].flat();
    return fields.filter((z): z is string => typeof z === "string");
}

/** Resources per type in a plan. */
function countByType(doc: PlanDocument): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of doc.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return counts;
}

/**
 * What changing the zones from `from` to `to` does to each type: the resources of `gone` (the
 * removed zone) deleted, or of `added` created, and nothing else. Relations, not a list: a
 * type's deletes are as many as its resources fewer in `to`; no deleted or created resource names
 * a zone other than the one edited.
 */
function expectOnlyZone(from: PlanDocument, to: PlanDocument, zone: string, op: "create" | "delete") {
    const diff = diffPlans(from, to);
    expect(touched(diff.operations, "replace")).toEqual([]);
    expect(touched(diff.operations, op === "create" ? "delete" : "create")).toEqual([]);
    const ops = diff.operations.filter((o) => o.op === op);
    const byType = new Map<string, number>();
    for (const o of ops) byType.set(o.type, (byType.get(o.type) ?? 0) + 1);
    const before = countByType(from);
    const after = countByType(to);
    const types = [...new Set([...before.keys(), ...after.keys()])];
    const expected = Object.fromEntries(types.map((t) => [t, Math.abs((after.get(t) ?? 0) - (before.get(t) ?? 0))]).filter(([, n]) => n !== 0));
    expect(Object.fromEntries(byType)).toEqual(expected);
    const side = op === "create" ? to : from;
    const otherZones = ops.flatMap((o) => zonesNamed(side.resources.find((r) => r.urn === o.urn)!).filter((z) => z !== zone).map((z) => `${o.type} ${o.name}: ${z}`));
    expect(otherZones).toEqual([]);
}

describe.each(STACKS)("zone list edits on %s", (stack) => {
    it("reordering the zones creates, replaces and deletes nothing", () => {
        const diff = diffPlans(plans[stack].all, plans[stack].reordered);
        expect(diff.operations.filter((o) => o.op !== "same" && o.op !== "update").map((o) => `${o.op} ${o.type} ${o.name}`)).toEqual([]);
    });

    it("removing the middle zone deletes only that zone's resources and replaces nothing", () => {
        expectOnlyZone(plans[stack].all, plans[stack].withoutB, ZONES[stack][1], "delete");
    });

    it("adding a zone in the middle creates only that zone's resources and replaces nothing", () => {
        expectOnlyZone(plans[stack].withoutB, plans[stack].all, ZONES[stack][1], "create");
    });
});
