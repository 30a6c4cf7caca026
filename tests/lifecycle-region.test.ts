/**
 * Day 2 of `backup.replica.region` (tests/support/lifecycle.ts): an existing stack, as shipped
 * before the key existed (no replica), turns it on. What each cloud's next `pulumi up` does is
 * what docs/clouds/<cloud>.md and the CHANGELOG's upgrade notes promise.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { LifecycleRun, operationsOf, runLifecycle, statefulTouched } from "./support/lifecycle";

const NO_REPLICA = { "fhir-ha:backup": { replica: { region: "" } } };

let azure: LifecycleRun;
let gcp: LifecycleRun;

beforeAll(async () => {
    azure = await runLifecycle("azure-prod", [
        { title: "existing stack, no replica", change: NO_REPLICA },
        { title: "replica in the region pair", change: { "fhir-ha:backup": { replica: { region: "northeurope" } } } },
    ]);
    gcp = await runLifecycle("gcp-prod", [
        { title: "existing stack, no replica", change: NO_REPLICA },
        { title: "replica region set", change: { "fhir-ha:backup": { replica: { region: "europe-west1" } } } },
    ]);
}, 240_000);

describe("turning backup.replica.region on for an existing stack", () => {
    it("azure: changes the storage account's SKU in place and touches nothing else", () => {
        expect(operationsOf(azure.steps[1])).toEqual(["update azure-native:storage:StorageAccount fhir-azure-backup-account", "update fhir-ha:index:FhirPlatform fhir"]);
        const sku = azure.steps[1].diff!.changed.flatMap((c) => c.changes).find((c) => c.path === "sku.name");
        expect(sku).toMatchObject({ before: "Standard_ZRS", after: "Standard_RAGZRS" });
    });
    it("gcp: would replace the protected bucket (a new location), which is why the docs relocate it first", () => {
        expect(statefulTouched(gcp.steps[1])).toEqual(["replace gcp:storage/bucket:Bucket fhir-gcp-backups"]);
    });
});
