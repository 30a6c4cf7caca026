/**
 * The mock runtime records the resource options the engine acts on, so tests can assert ordering
 * (`dependsOn`), state safety (`retainOnDelete`, `ignoreChanges`, aliases) and provider wiring.
 */
import { Provider } from "@pulumi/kubernetes/provider";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import { describe, expect, it } from "vitest";
import { render } from "./support/render";

describe("mock runtime: recorded resource options", () => {
    it("records dependsOn, ignoreChanges, replaceOnChanges, deleteBeforeReplace, aliases and the provider", async () => {
        const r = await render(() => {
            const provider = new Provider("k8s", { kubeconfig: "{}" });
            const first = new ConfigMap("first", { data: { a: "1" } }, { provider });
            new ConfigMap(
                "second",
                { data: { b: "2" } },
                {
                    provider,
                    dependsOn: [first],
                    ignoreChanges: ["data"],
                    replaceOnChanges: ["metadata.name"],
                    deleteBeforeReplace: true,
                    retainOnDelete: true,
                    aliases: [{ name: "old-second" }],
                },
            );
        });
        const first = r.get("kubernetes:core/v1:ConfigMap", "first");
        const second = r.get("kubernetes:core/v1:ConfigMap", "second");
        const provider = r.get("pulumi:providers:kubernetes", "k8s");
        expect(first.dependencies).toEqual([]);
        expect(first.deleteBeforeReplace).toBe(false);
        expect(second.dependencies).toContain(first.urn);
        expect(second.ignoreChanges).toEqual(["data"]);
        expect(second.replaceOnChanges).toEqual(["metadata.name"]);
        expect(second.deleteBeforeReplace).toBe(true);
        expect(second.retainOnDelete).toBe(true);
        expect(second.aliases).toEqual([expect.objectContaining({ spec: expect.objectContaining({ name: "old-second" }) })]);
        // A provider reference is "<provider urn>::<provider id>".
        expect(second.provider?.startsWith(`${provider.urn}::`)).toBe(true);
    });
});
