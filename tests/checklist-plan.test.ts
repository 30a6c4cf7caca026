/**
 * The checklist through `npm run plan`: a dev stack (1 FHIR replica, a 2 h delay) fails exactly
 * the rules it should and `--strict` exits 3; a stack with a point-in-time restore passes, and its
 * restore path fails when it is wired wrong. The two stacks are planned in this process
 * (tests/support/in-process-plan.ts, with the plan's checklist step) and handed to the command's
 * `main`, which prints the checklist and decides the exit code as `npm run plan` does.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateRule, mandatoryFailures, RULES } from "../src/checklist";
import { stackConfigFromYaml } from "../src/plan/stack-files";
import { contextOf, find, mutated, PlannedStack } from "./checklist-plans";
import { planInProcess } from "./support/in-process-plan";
import { runPlanHere } from "./support/plan-cli";

const ROOT = path.resolve(__dirname, "..");
const LOCAL = fs.readFileSync(path.join(ROOT, "stacks/Pulumi.local.yaml"), "utf8");

function replaceOnce(text: string, from: string, to: string): string {
    if (!text.includes(from)) throw new Error(`stacks/Pulumi.local.yaml no longer has ${JSON.stringify(from)}`);
    return text.replace(from, to);
}

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

let dir: string;
let dev: Run;
let restore: Run;
const doc = (stack: string): PlannedStack => JSON.parse(fs.readFileSync(path.join(dir, "out", `${stack}.json`), "utf8"));

beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-checklist-cli-"));
    const stacks = path.join(dir, "stacks");
    fs.mkdirSync(stacks);
    fs.writeFileSync(path.join(stacks, "Pulumi.dev.yaml"), replaceOnce(replaceOnce(LOCAL, "    replicas: 3\n", "    replicas: 1\n"), "      delay: 12h\n", "      delay: 2h\n"));
    fs.writeFileSync(
        path.join(stacks, "Pulumi.restore.yaml"),
        replaceOnce(LOCAL, "      delay: 12h\n", '      delay: 12h\n    restore:\n      enabled: true\n      targetTime: "2025-06-01T10:00:00Z"\n'),
    );
    const planned: Record<string, object> = {};
    for (const stack of ["dev", "restore"]) {
        const text = fs.readFileSync(path.join(stacks, `Pulumi.${stack}.yaml`), "utf8");
        planned[stack] = await planInProcess(stack, stackConfigFromYaml(text, "fhir-ha"), { checklist: true });
    }
    const common = ["--stacks-dir", stacks, "--out", path.join(dir, "out"), "--strict"];
    dev = runPlanHere(["--stack", "dev", ...common], planned);
    restore = runPlanHere(["--stack", "restore", ...common], planned);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a dev stack: 1 FHIR replica, 2 h delay", () => {
    it("fails exactly the replica, disruption-budget and delay rules, and --strict exits 3", () => {
        expect(mandatoryFailures(doc("dev").checklist as any).map((e) => e.id)).toEqual(["fhir-replicas", "fhir-disruption-budget", "delayed-replica-window"]);
        expect(dev.code).toBe(3);
        expect(dev.stderr).toMatch(/fhir-ha plan --strict: mandatory checklist rules fail in dev/);
    });

    it("prints the checklist per item with ✘ and the fix", () => {
        expect(dev.stdout).toMatch(/Checklist of stack dev/);
        expect(dev.stdout).toMatch(/✘ 2\. Several FHIR server instances with health probes/);
        expect(dev.stdout).toMatch(/✘ fhir-replicas: Deployment fhir-server: 1 replica: .*Fix: set fhir-ha:fhir\.replicas to 2 or more/);
        expect(dev.stdout).toMatch(/✘ delayed-replica-window: Cluster fhir-db-delayed: minApplyDelay 2h .*fhir-ha:database\.delayedReplica\.delay/);
        expect(dev.stdout).toMatch(/✔ 3\. A synchronous PostgreSQL replica/);
        expect(dev.stdout).toMatch(/3 mandatory rule\(s\) failed: fhir-replicas, fhir-disruption-budget, delayed-replica-window/);
    });

    it("writes { id, item, severity, passed, evidence } for every rule into the plan JSON", () => {
        const checklist = doc("dev").checklist;
        expect(checklist.map((e) => e.id)).toEqual(RULES.map((r) => r.id));
        for (const e of checklist) {
            expect(Object.keys(e)).toEqual(expect.arrayContaining(["id", "item", "severity", "passed", "evidence"]));
            expect(e.evidence.length).toBeGreaterThan(0);
        }
    });
});

describe("a stack restoring to a point in time", () => {
    it("passes every mandatory rule, so --strict exits 0", () => {
        expect(restore.stderr).toBe("");
        expect(restore.code).toBe(0);
        expect(restore.stdout).toMatch(/Every mandatory rule passed/);
    });

    it("restore-path names the archive, the target time and the new archive", () => {
        const e = doc("restore").checklist.find((x) => x.id === "restore-path");
        expect(e).toMatchObject({ passed: true });
        expect(e?.evidence).toMatch(/Cluster fhir-db-restore: restores from s3:\/\/fhir-backups\/fhir-db\/fhir-db to 2025-06-01T10:00:00Z, archives to s3:\/\/fhir-backups\/fhir-db-restore\/fhir-db-restore/);
    });

    const cluster = "kubernetes:postgresql.cnpg.io/v1:Cluster";
    const wrong: [string, (d: PlannedStack) => void, RegExp][] = [
        [
            "archiving into the archive it restores from",
            (d) => (find(d, cluster, "fhir-db-restore").inputs.spec.plugins[0].parameters = { barmanObjectName: "fhir-db-store", serverName: "fhir-db" }),
            /archives into s3:\/\/fhir-backups\/fhir-db\/fhir-db, the archive it restores from/,
        ],
        ["an unreadable target time", (d) => (find(d, cluster, "fhir-db-restore").inputs.spec.bootstrap.recovery.recoveryTarget = { targetTime: "yesterday" }), /targetTime yesterday is not an RFC 3339 time/],
        [
            "a FHIR server still on the old cluster",
            (d) => {
                const env = find(d, "kubernetes:apps/v1:Deployment", "fhir-server").inputs.spec.template.spec.containers[0].env;
                for (const e of env) {
                    if (e.value === "fhir-db-restore-rw") e.value = "fhir-db-rw";
                    if (e.valueFrom?.secretKeyRef?.name === "fhir-db-restore-app") e.valueFrom.secretKeyRef.name = "fhir-db-app";
                }
            },
            /the FHIR server still uses another cluster/,
        ],
        ["a source that is no external cluster", (d) => (find(d, cluster, "fhir-db-restore").inputs.spec.bootstrap.recovery.source = "elsewhere"), /bootstrap\.recovery\.source elsewhere is not one of its externalClusters/],
    ];
    it.each(wrong)("fails restore-path on %s, naming the fhir-ha:database.restore keys", (_what, change, evidence) => {
        const rule = RULES.find((r) => r.id === "restore-path")!;
        expect(evaluateRule(rule, contextOf(doc("restore"))).passed).toBe(true);
        const e = evaluateRule(rule, mutated(doc("restore"), change as any));
        expect(e.passed).toBe(false);
        expect(e.evidence).toMatch(evidence);
        expect(e.evidence).toMatch(/fhir-ha:database\.restore\./);
    });
});
