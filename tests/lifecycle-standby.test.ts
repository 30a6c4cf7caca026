/**
 * The region pair (`database.standbyOf`) as config changes (tests/support/lifecycle.ts): the
 * shipped standby aws-dr promoted in an emergency and in a planned switchover, aws-prod demoted in
 * place, and aws-prod returning under a new cluster name after an emergency; the refusals that
 * keep the pair to one primary. Each step's operations are what `pulumi preview` would show.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { PlanDocument } from "../src/plan/document";
import { validateCustomResource } from "./support/crd-schema";
import { LifecycleRun, LifecycleStepResult, operationsOf, recreatedRetained, runLifecycle, statefulTouched } from "./support/lifecycle";

const DR_ARCHIVE = "s3://fhir-ha-fhir-aws-aws-dr-1jsfqdza-123456789012-eu-central-1-an";
const PROD_PAIR = { cluster: "fhir-db-dr", stack: "aws-dr", region: "eu-west-1", archiveURL: DR_ARCHIVE };
/** aws-prod's file once it names fhir-db-dr as the pair's primary (what the runbook commits with a promotion). */
const PROD_NAMES_DR = { "fhir-ha:database": { standbyOf: { ...PROD_PAIR, createdAsStandby: false } } };
const PROMOTED = { "fhir-ha:database": { standbyOf: { promoted: true } } };
const TOKEN = "eyJ0b2tlbiI6MX0=";

let emergency: LifecycleRun;
let demote: LifecycleRun;
let switchover: LifecycleRun;
let returning: LifecycleRun;

beforeAll(async () => {
    emergency = await runLifecycle("aws-dr", [
        { title: "standby as shipped" },
        { title: "emergency promotion", change: PROMOTED, otherStacks: { "aws-prod": [PROD_NAMES_DR] } },
    ]);
    demote = await runLifecycle("aws-prod", [
        { title: "primary of the pair", change: { "fhir-ha:database": { standbyOf: { ...PROD_PAIR, promoted: true, createdAsStandby: false } } } },
        { title: "demoted in place", change: { "fhir-ha:database": { standbyOf: { promoted: false } } } },
        { title: "promoted again (the switch back)", change: { "fhir-ha:database": { standbyOf: { promoted: true, promotionToken: TOKEN } } } },
    ]);
    switchover = await runLifecycle("aws-dr", [
        { title: "standby as shipped" },
        { title: "promoted with the demotion token", change: { "fhir-ha:database": { standbyOf: { promoted: true, promotionToken: TOKEN } } }, otherStacks: { "aws-prod": [PROD_NAMES_DR] } },
        // The switch back: aws-prod (its file as shipped) is primary again, aws-dr a standby again.
        { title: "demoted again (the switch back)", change: { "fhir-ha:database": { standbyOf: { promoted: false, promotionToken: "" } } } },
    ]);
    returning = await runLifecycle("aws-prod", [
        { title: "as shipped (the region that was lost)" },
        {
            title: "returns as standby of fhir-db-dr under a new name",
            change: { "fhir-ha:database": { clusterName: "fhir-db-2", standbyOf: PROD_PAIR } },
            otherStacks: { "aws-dr": [PROMOTED] },
        },
    ]);
}, 400_000);

function resource(plan: PlanDocument, type: string, name: string): Record<string, any> {
    const r = plan.resources.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`${type} ${name} is not in the plan of ${plan.stack}`);
    return r as unknown as Record<string, any>;
}
const clusterOf = (step: LifecycleStepResult) => resource(step.plan, "kubernetes:postgresql.cnpg.io/v1:Cluster", "fhir-database-primary").inputs;
/** The object with each value only a deploy knows (`{ unknown: true, ... }`) as a string stand-in, as the CRD check of the shipped plans reads it. */
function known(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(known);
    if (v && typeof v === "object") return (v as Record<string, unknown>).unknown === true ? "[unknown]" : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, known(x)]));
    return v;
}
const crdProblems = (obj: Record<string, any>) => validateCustomResource(known(obj) as Record<string, any>);
const changesOf = (step: LifecycleStepResult, name: string) => step.diff!.changed.find((c) => c.name === name)?.changes.map((c) => c.path);

/** The delayed replica's objects. */
const DELAYED = [
    "kubernetes:barmancloud.cnpg.io/v1:ObjectStore fhir-database-delayed-store",
    "kubernetes:networking.k8s.io/v1:NetworkPolicy fhir-database-delayed-ingress",
    "kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed",
];
/** What promotion adds: the backups and their first-backup wait. */
const BACKUPS = [
    "kubernetes:batch/v1:CronJob fhir-database-primary-snapshot-pruner",
    "kubernetes:batch/v1:Job fhir-database-primary-first-backup",
    "kubernetes:core/v1:ServiceAccount fhir-database-primary-first-backup",
    "kubernetes:core/v1:ServiceAccount fhir-database-primary-pruner",
    "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup fhir-database-primary-daily-snapshot",
    "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup fhir-database-primary-weekly-full",
    "kubernetes:rbac.authorization.k8s.io/v1:Role fhir-database-primary-first-backup",
    "kubernetes:rbac.authorization.k8s.io/v1:Role fhir-database-primary-pruner",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding fhir-database-primary-first-backup",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding fhir-database-primary-pruner",
];
/** A demoted primary drops both; promoting it again renders both (sorted as operationsOf sorts). */
const BACKUPS_AND_DELAYED = [...BACKUPS, ...DELAYED].sort();
/**
 * A new standby's promotion, beyond IN_PLACE: the backup role trusts the new delayed replica's
 * service account instead of the old one's, and the PodMonitor and the metrics ingress name the
 * new delayed Cluster.
 */
const NEW_DELAYED_NAMED = [
    "update aws:iam/role:Role fhir-aws-backup",
    "update kubernetes:monitoring.coreos.com/v1:PodMonitor fhir-monitoring-fhir-ha-postgres",
    "update kubernetes:networking.k8s.io/v1:NetworkPolicy fhir-monitoring-postgres-metrics-ingress",
];
const IN_PLACE = [
    "update fhir-ha:index:FhirPlatform fhir",
    "update kubernetes:apps/v1:Deployment fhir-server-deployment",
    "update kubernetes:monitoring.coreos.com/v1:PrometheusRule fhir-monitoring-alerts",
    "update kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-primary",
];

describe("the shipped standby aws-dr", () => {
    it("renders a replica cluster of fhir-db bootstrapped from its replicated archive, valid for the CNPG 1.30 CRD", () => {
        const spec = clusterOf(emergency.steps[0]).spec;
        expect(spec.replica).toEqual({ primary: "fhir-db", source: "fhir-db" });
        expect(spec.bootstrap).toEqual({ recovery: { source: "fhir-db", database: "fhir", owner: "fhir" } });
        expect(spec.externalClusters.map((e: Record<string, any>) => [e.name, e.plugin.parameters])).toEqual([
            ["fhir-db", { barmanObjectName: "fhir-db-store", serverName: "fhir-db" }],
            ["fhir-db-dr", { barmanObjectName: "fhir-db-dr-store", serverName: "fhir-db-dr" }],
        ]);
        expect(spec.plugins).toEqual([expect.objectContaining({ isWALArchiver: true, parameters: { barmanObjectName: "fhir-db-dr-store", serverName: "fhir-db-dr" } })]);
        expect(crdProblems(clusterOf(emergency.steps[0]))).toEqual([]);
    });
    it("reads the other archive through a read-only store and archives into its own bucket", () => {
        const source = resource(emergency.steps[0].plan, "kubernetes:barmancloud.cnpg.io/v1:ObjectStore", "fhir-database-standby-source-store").inputs;
        expect(source.metadata.name).toBe("fhir-db-store");
        expect(source.spec.configuration.destinationPath).toBe("s3://fhir-ha-fhir-aws-aws-prod-k3x9q2ab-123456789012-eu-west-1-an/fhir-db");
        expect(source.spec.retentionPolicy).toBeUndefined();
        const own = resource(emergency.steps[0].plan, "kubernetes:barmancloud.cnpg.io/v1:ObjectStore", "fhir-database-primary-store").inputs;
        expect(own.spec.configuration.destinationPath).toMatch(/^s3:\/\/fhir-ha-fhir-aws-[a-z0-9-]+-123456789012-eu-west-1-an\/fhir-db-dr$/);
        expect(own.spec.configuration.destinationPath.startsWith("s3://fhir-ha-fhir-aws-aws-prod-")).toBe(false);
        expect(own.spec.retentionPolicy).toBe("30d");
    });
    it("runs no FHIR pods and has no scheduled backups or first-backup wait", () => {
        const plan = emergency.steps[0].plan;
        expect(resource(plan, "kubernetes:apps/v1:Deployment", "fhir-server-deployment").inputs.spec.replicas).toBe(0);
        const types = plan.resources.map((r) => `${r.type} ${r.name}`);
        expect(types.filter((t) => /ScheduledBackup|first-backup/.test(t))).toEqual([]);
    });
    it("runs a delayed replica of the other region's archive: the standby's read-only store and server name, 12h late, archiving nothing, valid for the CNPG 1.30 CRD", () => {
        const delayed = resource(emergency.steps[0].plan, "kubernetes:postgresql.cnpg.io/v1:Cluster", "fhir-database-delayed").inputs;
        expect(delayed.metadata.name).toBe("fhir-db-delayed");
        expect(delayed.metadata.annotations).toEqual({ "cnpg.io/skipWalArchiving": "enabled" });
        expect(delayed.spec.replica).toEqual({ enabled: true, source: "replica-source", minApplyDelay: "12h" });
        expect(delayed.spec.bootstrap).toEqual({ recovery: { source: "replica-source" } });
        expect(delayed.spec.externalClusters.map((e: Record<string, any>) => [e.name, e.plugin.parameters])).toEqual([
            ["replica-source", { barmanObjectName: "fhir-db-store", serverName: "fhir-db" }],
        ]);
        expect(crdProblems(delayed)).toEqual([]);
        // It waits for the store on the other region's archive before it bootstraps from it.
        const deps: string[] = resource(emergency.steps[0].plan, "kubernetes:postgresql.cnpg.io/v1:Cluster", "fhir-database-delayed").options.dependencies;
        expect(deps.some((u) => u.endsWith("ObjectStore::fhir-database-standby-source-store"))).toBe(true);
    });
    it("renders no FhirHaFhirServerDown alert (no pods is its normal state), no base-backup alerts and its replay lag against the RPO; the promoted stack the primary's alerts", () => {
        const alerts = (step: LifecycleStepResult): string[] =>
            resource(step.plan, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", "fhir-monitoring-alerts").inputs.spec.groups.flatMap((g: { rules: { alert: string }[] }) => g.rules.map((r) => r.alert));
        expect(alerts(emergency.steps[0])).not.toContain("FhirHaFhirServerDown");
        expect(alerts(emergency.steps[1])).toContain("FhirHaFhirServerDown");
        expect(alerts(emergency.steps[0])).toContain("FhirHaDelayedReplicaOutOfWindow");
        expect(alerts(emergency.steps[1]).filter((a) => !alerts(emergency.steps[0]).includes(a))).toEqual([
            "FhirHaReplicationLag",
            "FhirHaBaseBackupTooOld",
            "FhirHaBaseBackupFailed",
            "FhirHaFhirServerDown",
        ]);
        expect(alerts(emergency.steps[0]).filter((a) => !alerts(emergency.steps[1]).includes(a))).toEqual(["FhirHaStandbyReplayLag"]);
    });
    it("says in its notes what it replays and how to promote it", () => {
        const notes = emergency.steps[0].plan.notes.map((n) => n.text).join("\n");
        expect(notes).toContain(
            "standby: fhir-db-dr is a standby of fhir-db in eu-central-1, replaying s3://fhir-ha-fhir-aws-aws-prod-k3x9q2ab-123456789012-eu-west-1-an (read only); " +
                "FHIR at 0 replicas, no scheduled backups (its delayed replica replays fhir-db's archive 12h late, and is replaced by one of its own archive at promotion) until promoted; " +
                "promote with: pulumi config set --path fhir-ha:database.standbyOf.promoted true",
        );
    });
});

describe("(a) emergency promotion of aws-dr", () => {
    it("updates the Cluster in place (only replica.primary) and the FHIR replicas, creates the backups, and replaces the delayed replica by one of its own archive", () => {
        expect(operationsOf(emergency.steps[1])).toEqual([...BACKUPS.map((o) => `create ${o}`), ...DELAYED.map((o) => `replace ${o}`), ...[...IN_PLACE, ...NEW_DELAYED_NAMED].sort()]);
        expect(changesOf(emergency.steps[1], "fhir-database-primary")).toEqual(["spec.replica.primary"]);
        expect(clusterOf(emergency.steps[1]).spec.replica).toEqual({ primary: "fhir-db-dr", source: "fhir-db" });
        expect(emergency.steps[1].diff!.changed.find((c) => c.name === "fhir-server-deployment")!.changes).toEqual([{ path: "spec.replicas", before: 0, after: 3 }]);
        // Nothing stateful but the delayed replica and its store, which the previous plan retains.
        expect(statefulTouched(emergency.steps[1])).toEqual([
            "replace kubernetes:barmancloud.cnpg.io/v1:ObjectStore fhir-database-delayed-store",
            "replace kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed",
        ]);
        for (const name of ["fhir-database-delayed", "fhir-database-delayed-store"]) {
            expect(emergency.steps[0].plan.resources.find((r) => r.name === name)!.options!.retainOnDelete).toBe(true);
        }
    });
    it("the new delayed replica follows the promoted cluster's own archive, after its first base backup", () => {
        const plan = emergency.steps[1].plan;
        const delayed = resource(plan, "kubernetes:postgresql.cnpg.io/v1:Cluster", "fhir-database-delayed");
        expect(delayed.inputs.metadata.name).toBe("fhir-db-dr-delayed");
        expect(delayed.inputs.spec.externalClusters.map((e: Record<string, any>) => e.plugin.parameters)).toEqual([{ barmanObjectName: "fhir-db-dr-store", serverName: "fhir-db-dr" }]);
        expect(delayed.options.dependencies.some((u: string) => u.endsWith("Job::fhir-database-primary-first-backup"))).toBe(true);
    });
    it("the FHIR pods wait for the promoted Cluster, not for its first full backup, which gets database.restore.timeout", () => {
        const step = emergency.steps[1];
        // The FHIR tier's component carries the dependsOn its Deployment waits on.
        const deps: string[] = resource(step.plan, "fhir-ha:fhir:FhirServer", "fhir-server").options.dependencies;
        expect(deps.some((u) => u.endsWith("Cluster::fhir-database-primary"))).toBe(true);
        expect(deps.filter((u) => /first-backup|ScheduledBackup/.test(u))).toEqual([]);
        const wait = resource(step.plan, "kubernetes:batch/v1:Job", "fhir-database-primary-first-backup").inputs;
        // aws-dr leaves database.restore.timeout at its default, 12h.
        expect(wait.spec.activeDeadlineSeconds).toBe(12 * 3600);
    });
    it("a primary outside a pair still starts its FHIR pods after the whole database tier, first backup included", () => {
        const server = resource(returning.steps[0].plan, "fhir-ha:fhir:FhirServer", "fhir-server");
        expect(server.options.dependencies.some((u: string) => u.endsWith("Job::fhir-database-primary-first-backup"))).toBe(true);
    });
    it("its notes say it is the pair's primary, promoted without a token", () => {
        const notes = emergency.steps[1].plan.notes.map((n) => n.text);
        expect(notes).toContain("region pair: fhir-db-dr is the primary of the pair with fhir-db in eu-central-1 (promoted without a demotion token: an emergency promotion); docs/runbooks/region-loss.md");
        expect(notes.filter((n) => n.startsWith("standby:"))).toEqual([]);
    });
    it("the promoted Cluster is valid for the CNPG 1.30 CRD and keeps both external clusters", () => {
        const promoted = clusterOf(emergency.steps[1]);
        expect(crdProblems(promoted)).toEqual([]);
        expect(promoted.spec.externalClusters.map((e: Record<string, any>) => e.name)).toEqual(["fhir-db", "fhir-db-dr"]);
    });
});

describe("(b) planned switchover", () => {
    it("aws-prod demoted in place: the Cluster's replica.primary only, FHIR to 0; its backups, wait and delayed replica leave the state, retained", () => {
        expect(operationsOf(demote.steps[1])).toEqual([...BACKUPS_AND_DELAYED.map((o) => `delete ${o}`), ...IN_PLACE]);
        expect(changesOf(demote.steps[1], "fhir-database-primary")).toEqual(["spec.replica.primary"]);
        expect(clusterOf(demote.steps[1]).spec.bootstrap).toEqual({ initdb: { database: "fhir", owner: "fhir", dataChecksums: true } });
        expect(statefulTouched(demote.steps[1])).toEqual([
            "delete kubernetes:barmancloud.cnpg.io/v1:ObjectStore fhir-database-delayed-store",
            "delete kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed",
        ]);
        const before = demote.steps[0].plan;
        for (const name of ["fhir-database-delayed", "fhir-database-primary-weekly-full", "fhir-database-primary-daily-snapshot"]) {
            expect(before.resources.find((r) => r.name === name)!.options!.retainOnDelete).toBe(true);
        }
    });
    it("aws-dr promoted with the token: replica.primary and promotionToken change together, in place", () => {
        expect(operationsOf(switchover.steps[1])).toEqual([...BACKUPS.map((o) => `create ${o}`), ...DELAYED.map((o) => `replace ${o}`), ...[...IN_PLACE, ...NEW_DELAYED_NAMED].sort()]);
        expect(changesOf(switchover.steps[1], "fhir-database-primary")).toEqual(["spec.replica.primary", "spec.replica.promotionToken"]);
        expect(clusterOf(switchover.steps[1]).spec.replica).toEqual({ primary: "fhir-db-dr", source: "fhir-db", promotionToken: TOKEN });
        expect(switchover.steps[1].plan.notes.map((n) => n.text)).toContain(
            "region pair: fhir-db-dr is the primary of the pair with fhir-db in eu-central-1 (promoted with a demotion token: a planned switchover); docs/runbooks/region-loss.md",
        );
        expect(statefulTouched(switchover.steps[1])).toEqual([
            "replace kubernetes:barmancloud.cnpg.io/v1:ObjectStore fhir-database-delayed-store",
            "replace kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed",
        ]);
    });
});
describe("(b') the switch back: aws-prod promoted again after its demotion", () => {
    it("renders again what the demotion dropped; each of those objects still in the cluster (retained) is created through the upsert provider, so it is adopted, not refused", () => {
        const step = demote.steps[2];
        expect(operationsOf(step)).toEqual([...BACKUPS_AND_DELAYED.map((o) => `create ${o}`), ...IN_PLACE]);
        const recreated = recreatedRetained([demote.steps[0].plan], demote.steps[1].plan, step.plan, step.diff!);
        // Retained by the demotion and still running: the delayed replica, its store and ingress, the two schedules.
        expect(recreated.map((r) => r.identity)).toEqual([
            "Cluster fhir/fhir-db-delayed",
            "NetworkPolicy fhir/fhir-db-delayed-ingress",
            "ObjectStore fhir/fhir-db-delayed-store",
            "ScheduledBackup fhir/fhir-db-daily-snapshot",
            "ScheduledBackup fhir/fhir-db-weekly-full",
        ]);
        expect(recreated.filter((r) => !r.upsert)).toEqual([]);
        expect(statefulTouched(step)).toEqual([]);
    });
});


describe("(b'') the switch back seen from aws-dr: a standby created as one, demoted again", () => {
    it("drops its backups (retained) and brings back the delayed replica of the other archive, still in the cluster since its promotion, adopted through the upsert provider", () => {
        const step = switchover.steps[2];
        expect(operationsOf(step)).toEqual([...BACKUPS.map((o) => `delete ${o}`), ...DELAYED.map((o) => `replace ${o}`), ...[...IN_PLACE, ...NEW_DELAYED_NAMED].sort()]);
        expect(changesOf(step, "fhir-database-primary")).toEqual(["spec.replica.primary", "spec.replica.promotionToken"]);
        expect(resource(step.plan, "kubernetes:postgresql.cnpg.io/v1:Cluster", "fhir-database-delayed").inputs.metadata.name).toBe("fhir-db-delayed");
        // Retained by the promotion's replacement and still running: the delayed replica of fhir-db's archive, its store and ingress.
        const recreated = recreatedRetained([switchover.steps[0].plan], switchover.steps[1].plan, step.plan, step.diff!);
        expect(recreated.map((r) => [r.identity, r.op])).toEqual([
            ["Cluster fhir/fhir-db-delayed", "replace"],
            ["NetworkPolicy fhir/fhir-db-delayed-ingress", "replace"],
            ["ObjectStore fhir/fhir-db-delayed-store", "replace"],
        ]);
        expect(recreated.filter((r) => !r.upsert)).toEqual([]);
    });
});

describe("(c) the lost region returns as standby under a new cluster name", () => {
    it("creates the new Cluster and its delayed replica from the new primary's archive; the old Clusters and their stores are retained; no bucket is touched", () => {
        const step = returning.steps[1];
        expect(statefulTouched(step)).toEqual([
            "replace kubernetes:barmancloud.cnpg.io/v1:ObjectStore fhir-database-delayed-store",
            "replace kubernetes:barmancloud.cnpg.io/v1:ObjectStore fhir-database-primary-store",
            "replace kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed",
            "replace kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-primary",
        ]);
        const delayed = resource(step.plan, "kubernetes:postgresql.cnpg.io/v1:Cluster", "fhir-database-delayed").inputs;
        expect(delayed.metadata.name).toBe("fhir-db-dr-delayed");
        expect(delayed.spec.externalClusters[0].plugin.parameters).toEqual({ barmanObjectName: "fhir-db-dr-store", serverName: "fhir-db-dr" });
        for (const name of ["fhir-database-primary", "fhir-database-primary-store", "fhir-database-delayed"]) {
            expect(returning.steps[0].plan.resources.find((r) => r.name === name)!.options!.retainOnDelete).toBe(true);
        }
        const cluster = clusterOf(step);
        expect(cluster.metadata.name).toBe("fhir-db-2");
        expect(cluster.spec.bootstrap).toEqual({ recovery: { source: "fhir-db-dr", database: "fhir", owner: "fhir" } });
        expect(cluster.spec.replica).toEqual({ primary: "fhir-db-dr", source: "fhir-db-dr" });
        expect(operationsOf(step).filter((o) => o.includes("aws:s3") || o.includes("aws:kms"))).toEqual([]);
        // The store on the new primary's replicated archive, and the backup role's read grant on it (src/clouds/aws).
        expect(operationsOf(step, ["create"])).toEqual([
            "create aws:iam/rolePolicy:RolePolicy fhir-aws-backup-standby-read",
            "create kubernetes:barmancloud.cnpg.io/v1:ObjectStore fhir-database-standby-source-store",
        ]);
        // The backup role now trusts the new cluster's service account.
        expect(operationsOf(step, ["update"])).toContain("update aws:iam/role:Role fhir-aws-backup");
    });
});

describe("refusals", () => {
    it("(d) both primary: aws-dr promoted while aws-prod's file still is a primary of its own", async () => {
        await expect(runLifecycle("aws-dr", [{ title: "promoted, aws-prod as shipped", change: PROMOTED, otherStacks: { "aws-prod": [] } }])).rejects.toThrow(
            'fhir-ha:database.standbyOf.promoted = true in this stack and stacks/Pulumi.aws-prod.yaml is primary too (no fhir-ha:database.standbyOf.cluster (a primary of its own)): ' +
                'two primaries would both write; name this stack\'s cluster in stacks/Pulumi.aws-prod.yaml (fhir-ha:database.standbyOf.cluster = "fhir-db-dr", ' +
                "fhir-ha:database.standbyOf.promoted = false) in the same commit, or set this stack's fhir-ha:database.standbyOf.promoted = false",
        );
    });
    it("(d) both primary: both stacks' files say promoted", async () => {
        const both = { "aws-prod": [{ "fhir-ha:database": { standbyOf: { ...PROD_PAIR, promoted: true, createdAsStandby: false } } }] };
        await expect(runLifecycle("aws-dr", [{ title: "both promoted", change: PROMOTED, otherStacks: both }])).rejects.toThrow(
            /promoted = true in this stack and stacks\/Pulumi\.aws-prod\.yaml is primary too \(fhir-ha:database\.standbyOf\.promoted = true\)/,
        );
    });
    it("(e) the other stack's archive not replicated into this region", async () => {
        const elsewhere = { "aws-prod": [{ "fhir-ha:backup": { replica: { region: "eu-north-1" } } }] };
        await expect(runLifecycle("aws-dr", [{ title: "aws-prod replicates elsewhere", otherStacks: elsewhere }])).rejects.toThrow(
            'stacks/Pulumi.aws-prod.yaml: fhir-ha:backup.replica.region = "eu-north-1": must be this stack\'s region (eu-west-1)',
        );
    });
    it("(e) a standby writing into the other's archive: the same cluster name", async () => {
        await expect(runLifecycle("aws-dr", [{ title: "same name", change: { "fhir-ha:database": { clusterName: "fhir-db" } }, otherStacks: { "aws-prod": [] } }])).rejects.toThrow(
            'fhir-ha:database.standbyOf.cluster = "fhir-db": must differ from fhir-ha:database.clusterName',
        );
    });
});
