/** The checklist's pure parts: value readers, rule metadata, the report, and the plan wiring. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { CHECKLIST_ITEMS, contextFromPlan, evaluateRule, inferCloud, renderChecklist, RULES, RUNBOOK_FILES } from "../src/checklist";
import { cnpgScheduleMaxGapHours, goDurationSeconds, postgresSeconds, retentionDays, showSeconds } from "../src/checklist/durations";
import { planChecklistReport } from "../src/checklist/plan-report";
import { withChecklist } from "../src/checklist/plan-step";
import { probeTiming } from "../src/checklist/probes";
import { podCount } from "../src/checklist/rules/fhir-common";
import { mentions } from "../src/checklist/runbooks";
import { ChecklistEntry } from "../src/checklist/types";
import { parsePlanArgs, UsageError } from "../src/plan/args";
import { PLAN_POST_PROCESSORS, postProcess } from "../src/plan/post-process";

describe("reading values as the tools spell them", () => {
    it("PostgreSQL time GUCs, bare numbers in seconds", () => {
        expect([postgresSeconds("5min"), postgresSeconds("300s"), postgresSeconds("300"), postgresSeconds(60), postgresSeconds("1h"), postgresSeconds("500ms")]).toEqual([300, 300, 300, 60, 3600, 0.5]);
        expect(postgresSeconds("5 minutes")).toBeUndefined();
        expect(postgresSeconds(undefined)).toBeUndefined();
    });

    it("Go durations", () => {
        expect([goDurationSeconds("12h"), goDurationSeconds("1h30m"), goDurationSeconds("1.5h"), goDurationSeconds("90s"), goDurationSeconds("0")]).toEqual([43_200, 5400, 5400, 90, 0]);
        expect(goDurationSeconds("12 hours")).toBeUndefined();
        expect(goDurationSeconds("")).toBeUndefined();
    });

    it("Barman retention policies, a month counted as its shortest", () => {
        expect([retentionDays("30d"), retentionDays("4w"), retentionDays("2m"), retentionDays("1M")]).toEqual([30, 28, 56, 28]);
        expect(retentionDays("0d")).toBeUndefined();
        expect(retentionDays("30 days")).toBeUndefined();
    });

    it("CNPG schedules: 6 fields seconds first, descriptors, @every; a 5-field cron is refused", () => {
        expect(cnpgScheduleMaxGapHours("0 0 1 * * 0")).toBe(168);
        expect(cnpgScheduleMaxGapHours("0 0 3 * * *")).toBe(24);
        expect(cnpgScheduleMaxGapHours("@weekly")).toBe(168);
        expect(cnpgScheduleMaxGapHours("@every 12h")).toBe(12);
        expect(cnpgScheduleMaxGapHours("0 0 1 1 * *")).toBeGreaterThan(168);
        expect(cnpgScheduleMaxGapHours("0 1 * * 0")).toBeUndefined();
        expect(cnpgScheduleMaxGapHours("0 0 25 * * *")).toBeUndefined();
        expect(cnpgScheduleMaxGapHours(undefined)).toBeUndefined();
    });

    it("durations for people", () => {
        expect([showSeconds(7200), showSeconds(86_400 * 2), showSeconds(300), showSeconds(45)]).toEqual(["2h", "2d", "5min", "45s"]);
    });

    it("probe timing with Kubernetes' defaults", () => {
        expect(probeTiming({})).toEqual({ period: 10, failures: 3, actsAfter: 30 });
        expect(probeTiming({ periodSeconds: 5, failureThreshold: 2 }).actsAfter).toBe(10);
    });

    it("int-or-percent pod counts round as Kubernetes rounds them", () => {
        expect([podCount(1, 3, "up"), podCount("25%", 3, "down"), podCount("25%", 3, "up"), podCount("100%", 2, "up"), podCount("x", 3, "up")]).toEqual([1, 0, 1, 2, undefined]);
    });

    it("runbook mentions are whole names: fhir-db is not found inside fhir-db-delayed", () => {
        expect(mentions("kubectl cnpg status fhir-db-delayed -n fhir", "fhir-db")).toBe(false);
        expect(mentions("kubectl cnpg promote fhir-db fhir-db-2", "fhir-db")).toBe(true);
        expect(mentions("`fhir-db`", "fhir-db")).toBe(true);
    });

    it("the cloud comes from the cloud component", () => {
        expect(inferCloud([{ type: "fhir-ha:index:FhirPlatform" }, { type: "fhir-ha:gcp:Cluster" }])).toBe("gcp");
        expect(inferCloud([{ type: "kubernetes:apps/v1:Deployment" }])).toBe("");
    });
});

describe("rules", () => {
    it("have unique lower-case ids, a known item, a severity and a description", () => {
        const ids = RULES.map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        const items = CHECKLIST_ITEMS.map((i) => i.id);
        for (const r of RULES) {
            expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
            expect(items).toContain(r.item);
            expect(["mandatory", "advisory"]).toContain(r.severity);
            expect(r.description.length).toBeGreaterThan(10);
        }
    });

    it("cover each of the seed's 8 items and the security rules", () => {
        expect(CHECKLIST_ITEMS.filter((i) => !RULES.some((r) => r.item === i.id))).toEqual([]);
        expect(CHECKLIST_ITEMS.filter((i) => /^\d\./.test(i.title))).toHaveLength(8);
    });

    it("an empty plan fails every mandatory resource rule with evidence, without throwing", () => {
        const entries = RULES.map((r) => evaluateRule(r, { cloud: "", resources: [], runbooks: {} }));
        for (const e of entries) expect(e.evidence).not.toMatch(/could not evaluate/);
        for (const e of entries) expect(e.evidence.length, e.id).toBeGreaterThan(20);
        // The mandatory rules an empty plan passes are exactly those about something that is absent
        // (no delayed replica, no snapshots, no restore, no region pair, no HAPI, nothing exposed or stateful) or the
        // kubernetes target's keys: every other one fails.
        const passedMandatory = entries.filter((e) => e.severity === "mandatory" && e.passed).map((e) => e.id);
        expect(passedMandatory.sort()).toEqual([
            "backup-identity-isolated",
            "delayed-replica-from-archive",
            "delayed-replica-own-archive",
            "fhir-hapi-authentication",
            "fhir-no-plaintext-exposure",
            "kubernetes-audit-logs",
            "node-disk-encryption",
            "restore-path",
            "snapshot-pruning",
            "standby-replays-replicated-archive",
            "stateful-protected",
            "workload-identity",
        ]);
        expect(entries.find((e) => e.id === "fhir-replicas")).toMatchObject({ passed: false, evidence: expect.stringMatching(/no FHIR server Deployment/) });
        expect(entries.find((e) => e.id === "sync-instances")).toMatchObject({ passed: false, evidence: expect.stringMatching(/no writable CNPG Cluster/) });
    });

    it("a rule that meets a shape it cannot read fails with that said, and the others still run", () => {
        const broken = { id: "broken", item: "zones", severity: "mandatory" as const, description: "throws on purpose", check: () => { throw new Error("boom"); } };
        expect(evaluateRule(broken, { cloud: "aws", resources: [] })).toEqual({ id: "broken", item: "zones", severity: "mandatory", passed: false, evidence: "the rule could not evaluate this stack: boom" });
    });
});

describe("contextFromPlan", () => {
    const resource = (urn: string) => ({ urn, type: "aws:s3/bucket:Bucket", name: urn, parent: null, inputs: {} });

    it("reads resourceOptions: listed resources carry their flags, the others are false", () => {
        const ctx = contextFromPlan({ resources: [resource("a"), resource("b")], resourceOptions: { a: { protect: true, retainOnDelete: false } } });
        expect(ctx.resources.map((r) => [r.protect, r.retainOnDelete])).toEqual([[true, false], [false, false]]);
    });

    it("leaves options unknown for a plan that did not record them", () => {
        const ctx = contextFromPlan({ resources: [resource("a")] });
        expect([ctx.resources[0].protect, ctx.resources[0].retainOnDelete]).toEqual([undefined, undefined]);
    });
});

describe("the report", () => {
    const entries: ChecklistEntry[] = [
        { id: "zones-at-least-two", item: "zones", severity: "mandatory", passed: true, evidence: "3 zones" },
        { id: "nodes-self-healing", item: "zones", severity: "advisory", passed: false, evidence: "not ours" },
        { id: "fhir-replicas", item: "fhir-servers", severity: "mandatory", passed: false, evidence: "1 replica. Fix: fhir-ha:fhir.replicas" },
        { id: "restore-path", item: "recovery-strategy", severity: "mandatory", passed: true, evidence: "no restore", applicable: false },
    ];

    it("marks items and rules ✔ ✘ ! – and ends with the failed mandatory rules", () => {
        const text = renderChecklist("dev", entries);
        expect(text.split("\n")).toEqual([
            "Checklist of stack dev",
            "✔ 1. Kubernetes self-healing across several zones",
            "    ✔ zones-at-least-two: 3 zones",
            "    ! nodes-self-healing (advisory): not ours",
            "✘ 2. Several FHIR server instances with health probes",
            "    ✘ fhir-replicas: 1 replica. Fix: fhir-ha:fhir.replicas",
            "✔ 8. A written-down, used failover and recovery strategy",
            "    – restore-path: no restore",
            "1 mandatory rule(s) failed: fhir-replicas",
        ]);
    });

    it("reads the checklist back from a written plan, and flags a plan without one", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-report-"));
        try {
            fs.writeFileSync(path.join(dir, "with.json"), JSON.stringify({ checklist: entries }));
            fs.writeFileSync(path.join(dir, "without.json"), JSON.stringify({ resources: [] }));
            expect(planChecklistReport(path.join(dir, "with.json"), "dev").mandatoryFailed).toEqual(["fhir-replicas"]);
            expect(planChecklistReport(path.join(dir, "without.json"), "old")).toMatchObject({ mandatoryFailed: ["checklist-missing"] });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("plan wiring", () => {
    const doc = { stack: "s", cloud: "aws", resources: [], outputs: {}, notes: [] };

    it("the registered post-processor adds one entry per rule and leaves its input alone", () => {
        const out = postProcess(doc, PLAN_POST_PROCESSORS);
        expect((out.checklist as ChecklistEntry[]).map((e) => e.id)).toEqual(RULES.map((r) => r.id));
        expect(doc).not.toHaveProperty("checklist");
    });

    it("withChecklist reads the repository's runbooks by default", () => {
        const entry = withChecklist(doc).checklist.find((e) => e.id === "runbooks-present");
        expect(entry?.evidence).toMatch(new RegExp(`has ${RUNBOOK_FILES.length} runbooks`));
    });

    it("--strict is a flag without a value", () => {
        expect(parsePlanArgs(["--strict", "--stack", "a"])).toMatchObject({ strict: true, stacks: ["a"] });
        expect(parsePlanArgs([]).strict).toBeUndefined();
        expect(() => parsePlanArgs(["--strict=yes"])).toThrow(UsageError);
    });
});
