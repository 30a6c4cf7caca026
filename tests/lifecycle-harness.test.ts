/**
 * The lifecycle-scenario harness itself (tests/support/lifecycle.ts): each step is diffed against
 * the step before, changes accumulate, and a cloud-state layer changes what the mocks answer.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { afterDeploy } from "../src/plan/mocks/types";
import { LifecycleRun, operationCounts, operationsOf, runLifecycle, statefulTouched } from "./support/lifecycle";

let run: LifecycleRun;

beforeAll(async () => {
    run = await runLifecycle("local", [
        { title: "as shipped" },
        { title: "delay 18h", change: { "fhir-ha:database": { delayedReplica: { delay: "18h" } } } },
        { title: "nothing changed" },
        { title: "delay back to 12h", change: { "fhir-ha:database": { delayedReplica: { delay: "12h" } } } },
    ]);
}, 120_000);

describe("lifecycle harness", () => {
    it("the first step has no diff and a later step without a change plans nothing", () => {
        expect(run.steps[0].diff).toBeUndefined();
        expect(() => operationsOf(run.steps[0])).toThrow(/"as shipped" is the first step/);
        expect(operationCounts(run.steps[2])).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
    });

    it("a changed delay updates the delayed replica's Cluster and its lag alert in place, and nothing else", () => {
        expect(operationsOf(run.steps[1])).toEqual([
            "update fhir-ha:index:FhirPlatform fhir",
            "update kubernetes:monitoring.coreos.com/v1:PrometheusRule fhir-monitoring-alerts",
            "update kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed",
        ]);
        expect(statefulTouched(run.steps[1])).toEqual([]);
    });

    it("changes accumulate: step 4 is diffed against step 3, which still had 18h", () => {
        const change = run.steps[3].diff!.changed.flatMap((c) => c.changes).find((c) => c.path === "spec.replica.minApplyDelay");
        expect(change?.before).toBe("18h");
        expect(change?.after).toBe("12h");
    });

    it("a cloud-state layer is installed for its step, and one that answers for no resource of the stack changes nothing", async () => {
        const moved = await runLifecycle("local", [
            { title: "as shipped" },
            { title: "cloud unchanged", cloudState: [{ calls: {}, outputs: { "acme:never:Used": (name) => ({ id: afterDeploy("acme:never:Used", name, "id") }) } }] },
        ]);
        expect(operationCounts(moved.steps[1])).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
    }, 120_000);
});
