/**
 * What the compliance settings do to an existing stack (tests/support/lifecycle.ts): aws-prod as
 * created before node disks were encrypted, then upgraded, then given a longer backup retention.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LifecycleRun, operationsOf, runLifecycle, statefulTouched } from "./support/lifecycle";

let run: LifecycleRun;
beforeAll(async () => {
    // The EKS support calendar decides the support policy: fix the day, as tests/lifecycle-aws.test.ts does.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-07T12:00:00Z"));
    vi.spyOn(pulumi.log, "warn").mockImplementation(async () => undefined);
    run = await runLifecycle("aws-prod", [
        { title: "created without the launch template", change: { "fhir-ha:aws": { encryptNodeDisks: false } } },
        { title: "encryptNodeDisks switched on", change: { "fhir-ha:aws": { encryptNodeDisks: true } } },
        { title: "backups kept 120 days", change: { "fhir-ha:backup": { retention: "120d" } } },
    ]);
}, 180_000);
afterAll(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
});

const ZONES = ["eu-central-1a", "eu-central-1b", "eu-central-1c"];

describe("aws.encryptNodeDisks on an existing stack", () => {
    it("replaces each zone's node group (EKS adds a launch template only to a new group) and creates the template; nothing else stateful", () => {
        const on = run.steps[1];
        expect(operationsOf(on, ["replace", "delete"])).toEqual(ZONES.map((z) => `replace aws:eks/nodeGroup:NodeGroup fhir-aws-nodes-${z}`));
        expect(operationsOf(on, ["create"])).toEqual(["create aws:ec2/launchTemplate:LaunchTemplate fhir-aws-node-template"]);
        expect(statefulTouched(on)).toEqual(ZONES.map((z) => `replace aws:eks/nodeGroup:NodeGroup fhir-aws-nodes-${z}`));
    });
});

describe("a longer backup retention on an existing stack", () => {
    it("lengthens the audit records in place: the control-plane log group and the access-log expiry, no replacement", () => {
        const longer = run.steps[2];
        expect(operationsOf(longer, ["replace", "delete", "create"])).toEqual([]);
        const updates = operationsOf(longer, ["update"]);
        expect(updates).toContain("update aws:cloudwatch/logGroup:LogGroup fhir-aws-control-plane-logs");
        expect(updates).toContain("update aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration fhir-aws-backups-access-logs-lifecycle");
        const group = longer.plan.resources.find((r) => r.name === "fhir-aws-control-plane-logs")!;
        const expiry = longer.plan.resources.find((r) => r.name === "fhir-aws-backups-access-logs-lifecycle")!;
        // 120 is a CloudWatch value; the S3 expiry takes the days as they are.
        expect((group.inputs as any).retentionInDays).toBe(120);
        expect((expiry.inputs as any).rules[0].expiration.days).toBe(120);
    });
});
