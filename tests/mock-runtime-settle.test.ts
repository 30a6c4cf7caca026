/**
 * `settle` waits for components that register their children late: after an `await` in
 * `initialize` that outlasts many rounds of an empty RPC queue, as a cloud module's import does
 * on a loaded machine (a render once came back with 1 resource of 119).
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { installMockRuntime, settle } from "../src/plan/mock-runtime";

class Thing extends pulumi.CustomResource {
    constructor(name: string, opts?: pulumi.CustomResourceOptions) {
        super("test:index:Thing", name, {}, opts);
    }
}

/** Builds its two children only after `delayMs` of nothing happening, like a slow `await import`. */
class SlowComponent extends pulumi.ComponentResource {
    constructor(name: string, delayMs: number) {
        super("test:index:Slow", name, { delayMs });
    }

    protected async initialize(args: pulumi.Inputs): Promise<unknown> {
        await new Promise((r) => setTimeout(r, args.delayMs as number));
        new Thing("late-a", { parent: this });
        new Thing("late-b", { parent: this });
        return {};
    }
}

describe("mock runtime: settle", () => {
    it("returns only after the children a component registers 400 ms into initialize", async () => {
        const recorder = await installMockRuntime({ mocks: [] });
        new SlowComponent("slow", 400);
        await settle(recorder);
        expect(recorder.resources.map((r) => r.name).sort()).toEqual(["late-a", "late-b", "slow"]);
    });
});
