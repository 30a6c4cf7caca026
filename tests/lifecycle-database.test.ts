/**
 * Day-2 flows of the database tier as lifecycle scenarios: each step planned in-process and
 * diffed against the step before (the operation `pulumi preview` would take).
 *
 * What the offline diff cannot see is the cluster: an object Pulumi dropped with
 * `retainOnDelete` is still there. These tests model it: every Kubernetes object a step creates
 * (or replaces under another name) that an earlier step registered with `retainOnDelete`, and
 * that the previous step no longer had, is "present": its create must go through a provider with
 * `upsertExistingObjects`, or pulumi-kubernetes >= 4.29 fails it with AlreadyExists.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { PlanDocument } from "../src/plan/document";
import { diffPlans, PlanDiff } from "../src/plan/diff";
import { LifecycleRun, operationsOf, recreatedRetained, runLifecycle, statefulTouched, upsertProviders } from "./support/lifecycle";

const CLUSTER = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const RESTORE = { restore: { enabled: true, targetTime: "2026-08-20T09:29:00Z" } };

/** One scenario on the local stack; steps 0-2 end a restore, steps 2-4 turn the delayed replica off and on. */
let run: LifecycleRun;
beforeAll(async () => {
    run = await runLifecycle("local", [
        { title: "as shipped" },
        { title: "restore on", change: { "fhir-ha:database": RESTORE } },
        { title: "restore off", change: { "fhir-ha:database": { restore: { enabled: false } } } },
        { title: "delayed replica off", change: { "fhir-ha:database": { delayedReplica: { enabled: false } } } },
        { title: "delayed replica on", change: { "fhir-ha:database": { delayedReplica: { enabled: true } } } },
    ]);
}, 240_000);

describe("ending a restore: the retained delayed replica comes back", () => {

    it("restore on: the delayed replica moves to the restore's name; the old one is retained, not deleted", () => {
        const delayed = run.steps[1].diff!.operations.filter((o) => o.type === CLUSTER && o.name === "fhir-database-delayed");
        expect(delayed).toMatchObject([{ op: "replace", retained: true }]);
        expect(recreatedRetained([run.steps[0].plan], run.steps[0].plan, run.steps[1].plan, run.steps[1].diff!)).toEqual([]);
    });

    it("restore off: the old delayed replica, its ObjectStore and its NetworkPolicy are created again through the upserting provider", () => {
        const step = run.steps[2];
        expect(recreatedRetained([run.steps[0].plan, run.steps[1].plan], run.steps[1].plan, step.plan, step.diff!)).toEqual([
            { identity: "Cluster fhir/fhir-db-delayed", op: "replace", upsert: true },
            { identity: "NetworkPolicy fhir/fhir-db-delayed-ingress", op: "replace", upsert: true },
            { identity: "ObjectStore fhir/fhir-db-delayed-store", op: "replace", upsert: true },
        ]);
        // The restore's clusters are dropped, not deleted: every stateful drop is retained.
        expect(step.diff!.operations.filter((o) => o.op === "delete" && o.type === CLUSTER).map((o) => [o.name, o.retained])).toEqual([
            ["fhir-database-restore", true],
        ]);
        expect(step.diff!.operations.filter((o) => (o.op === "delete" || o.op === "replace") && o.type === CLUSTER && !o.retained)).toEqual([]);
    });

    it("the primary Cluster is untouched by the whole round trip", () => {
        for (const step of run.steps.slice(1, 3)) {
            expect(operationsOf(step).filter((o) => o.endsWith("Cluster fhir-database-primary"))).toEqual([]);
        }
    });
});

describe("turning the delayed replica off and on again", () => {

    it("off: its Cluster, ObjectStore and NetworkPolicy are dropped and retained", () => {
        expect(statefulTouched(run.steps[3])).toEqual([
            "delete kubernetes:barmancloud.cnpg.io/v1:ObjectStore fhir-database-delayed-store",
            `delete ${CLUSTER} fhir-database-delayed`,
        ]);
        const dropped = run.steps[3].diff!.operations.filter((o) => o.op === "delete");
        expect(dropped.map((o) => `${o.name} retained=${o.retained}`).sort()).toEqual([
            "fhir-database-delayed retained=true",
            "fhir-database-delayed-ingress retained=true",
            "fhir-database-delayed-store retained=true",
        ]);
    });

    it("on again: the three retained objects are created through the upserting provider, nothing else is created", () => {
        const step = run.steps[4];
        expect(recreatedRetained([run.steps[2].plan], run.steps[3].plan, step.plan, step.diff!)).toEqual([
            { identity: "Cluster fhir/fhir-db-delayed", op: "create", upsert: true },
            { identity: "NetworkPolicy fhir/fhir-db-delayed-ingress", op: "create", upsert: true },
            { identity: "ObjectStore fhir/fhir-db-delayed-store", op: "create", upsert: true },
        ]);
        expect(operationsOf(step, ["create"])).toHaveLength(3);
    });
});

/** aws-prod as shipped, planned once for the two blocks below. */
let awsProd: PlanDocument;
beforeAll(async () => {
    awsProd = (await runLifecycle("aws-prod", [{ title: "as shipped" }])).steps[0].plan;
}, 180_000);

describe("pulumi up after pulumi destroy, with the retained objects still in the cluster", () => {
    let plan: PlanDocument;
    let diff: PlanDiff;
    beforeAll(() => {
        plan = awsProd;
        // After a destroy the stack's state is empty: every resource is a create.
        diff = diffPlans({ ...plan, resources: [] }, plan);
    });

    it("every object the stack retains is created through the upserting provider", () => {
        const recreated = recreatedRetained([plan], { ...plan, resources: [] }, plan, diff);
        expect(recreated.map((r) => r.identity)).toEqual([
            "Cluster fhir/fhir-db",
            "Cluster fhir/fhir-db-delayed",
            "NetworkPolicy fhir/fhir-db-delayed-ingress",
            "NetworkPolicy fhir/fhir-db-ingress",
            "ObjectStore fhir/fhir-db-delayed-store",
            "ObjectStore fhir/fhir-db-store",
            "ScheduledBackup fhir/fhir-db-daily-snapshot",
            "ScheduledBackup fhir/fhir-db-weekly-full",
        ]);
        expect(recreated.every((r) => r.upsert)).toBe(true);
    });

    it("no object without retainOnDelete goes through the upserting provider (they keep the strict create)", () => {
        const upsert = upsertProviders(plan);
        expect(upsert.size).toBe(1);
        const strict = plan.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:") && upsert.has(r.options?.provider ?? "") && !r.options?.retainOnDelete);
        expect(strict.map((r) => r.name)).toEqual([]);
    });
});

describe("existing stacks: main's plan to this one", () => {
    let base: PlanDocument;
    let head: PlanDocument;
    beforeAll(() => {
        head = awsProd;
        // Main planned the same objects on the cluster's provider, and had no upserting provider:
        // the only difference between the two commits' programs for this stack.
        const upsert = upsertProviders(head);
        const clusterProvider = head.resources.find((r) => r.type === "pulumi:providers:kubernetes" && !upsert.has(r.urn))!.urn;
        base = {
            ...head,
            resources: head.resources
                .filter((r) => !upsert.has(r.urn))
                .map((r) => (upsert.has(r.options?.provider ?? "") ? { ...r, options: { ...r.options!, provider: clusterProvider } } : r)),
        };
    });

    it("moving the retained objects to the upserting provider replaces and deletes nothing; it only creates that provider", () => {
        const diff = diffPlans(base, head);
        expect(diff.operations.filter((o) => o.op !== "same").map((o) => `${o.op} ${o.type} ${o.name}`)).toEqual([
            "create pulumi:providers:kubernetes fhir-aws-k8s-retained",
        ]);
    });
});
