/**
 * A PostgreSQL major upgrade (17 -> 18) of the shipped `local` stack as `pulumi up` would run it,
 * then a rollback restore from the previous archive generation, and the refusals: what is
 * created, updated, replaced and dropped, and in which order the program makes it happen.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { PlanDocument, PlanResource } from "../src/plan/document";
import { LifecycleRun, operationsOf, runLifecycle, statefulTouched } from "./support/lifecycle";

let run: LifecycleRun;

beforeAll(async () => {
    run = await runLifecycle("local", [
        { title: "as shipped (17)" },
        { title: "postgresVersion 18", change: { "fhir-ha:database": { postgresVersion: 18 } } },
        { title: "rollback: restore the 17 generation", change: { "fhir-ha:database": { restore: { enabled: true, sourceMajor: 17 } } } },
    ]);
}, 120_000);

function resource(plan: PlanDocument, name: string): PlanResource {
    const r = plan.resources.find((x) => x.name === name);
    if (!r) throw new Error(`no resource ${name} in the plan of ${plan.stack}`);
    return r;
}
const spec = (r: PlanResource) => r.inputs.spec as Record<string, any>;
const urn = (plan: PlanDocument, name: string) => resource(plan, name).urn;
const dependsOn = (plan: PlanDocument, name: string, on: string) => resource(plan, name).options!.dependencies.includes(urn(plan, on));

describe("major upgrade 17 -> 18 on the local stack", () => {
    it("updates the primary Cluster in place (image and serverName only), suspends the old weekly schedule, and creates the new generation's objects", () => {
        expect(operationsOf(run.steps[1])).toEqual([
            "create kubernetes:barmancloud.cnpg.io/v1:ObjectStore fhir-database-delayed-pg18-store",
            "create kubernetes:batch/v1:Job fhir-database-primary-upgraded-pg18",
            "create kubernetes:networking.k8s.io/v1:NetworkPolicy fhir-database-delayed-pg18-ingress",
            "create kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed-pg18",
            "create kubernetes:postgresql.cnpg.io/v1:ScheduledBackup fhir-database-primary-weekly-full-pg18",
            "delete kubernetes:barmancloud.cnpg.io/v1:ObjectStore fhir-database-delayed-store",
            "delete kubernetes:networking.k8s.io/v1:NetworkPolicy fhir-database-delayed-ingress",
            "delete kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed",
            "replace kubernetes:batch/v1:Job fhir-database-primary-first-backup",
            "replace kubernetes:core/v1:ServiceAccount fhir-database-primary-first-backup",
            "replace kubernetes:rbac.authorization.k8s.io/v1:Role fhir-database-primary-first-backup",
            "replace kubernetes:rbac.authorization.k8s.io/v1:RoleBinding fhir-database-primary-first-backup",
            "update fhir-ha:index:FhirPlatform fhir",
            "update kubernetes:monitoring.coreos.com/v1:PodMonitor fhir-monitoring-fhir-ha-postgres",
            "update kubernetes:monitoring.coreos.com/v1:PrometheusRule fhir-monitoring-alerts",
            "update kubernetes:networking.k8s.io/v1:NetworkPolicy fhir-monitoring-postgres-metrics-ingress",
            "update kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-primary",
            "update kubernetes:postgresql.cnpg.io/v1:ScheduledBackup fhir-database-primary-weekly-full",
        ]);
        const changed = (name: string) => run.steps[1].diff!.changed.filter((c) => c.name === name);
        expect(changed("fhir-database-primary").flatMap((c) => c.changes.map((x) => [x.path, x.before, x.after]))).toEqual([
            ["spec.imageName", expect.stringContaining("postgresql:17."), expect.stringContaining("postgresql:18.")],
            ["spec.plugins[barman-cloud.cloudnative-pg.io].parameters.serverName", "fhir-db", "fhir-db-pg18"],
        ]);
        expect(changed("fhir-database-primary-weekly-full").flatMap((c) => c.changes.map((x) => [x.path, x.after]))).toEqual([["spec.suspend", true]]);
    });

    it("drops only the old delayed replica and its store, which are retained in the cluster, never the primary", () => {
        expect(statefulTouched(run.steps[1])).toEqual([
            "delete kubernetes:barmancloud.cnpg.io/v1:ObjectStore fhir-database-delayed-store",
            "delete kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed",
        ]);
        expect(resource(run.steps[0].plan, "fhir-database-delayed").options!.retainOnDelete).toBe(true);
        expect(resource(run.steps[0].plan, "fhir-database-delayed-store").options!.retainOnDelete).toBe(true);
    });

    it("orders the upgrade: Cluster, then the upgrade wait, then the new schedule (immediate), then the wait for its backup, then the new delayed replica", () => {
        const p = run.steps[1].plan;
        expect(dependsOn(p, "fhir-database-primary-upgraded-pg18", "fhir-database-primary")).toBe(true);
        expect(dependsOn(p, "fhir-database-primary-weekly-full-pg18", "fhir-database-primary-upgraded-pg18")).toBe(true);
        expect(dependsOn(p, "fhir-database-primary-first-backup", "fhir-database-primary-weekly-full-pg18")).toBe(true);
        expect(dependsOn(p, "fhir-database-delayed-pg18", "fhir-database-primary-first-backup")).toBe(true);
        expect(spec(resource(p, "fhir-database-primary-weekly-full-pg18"))).toMatchObject({ cluster: { name: "fhir-db" }, immediate: true, method: "plugin" });
        expect((resource(p, "fhir-database-primary-weekly-full-pg18").inputs.metadata as any).name).toBe("fhir-db-pg18-weekly-full");
    });

    it("the wait Jobs are keyed by the generation: the upgrade wait for major 18, the backup wait counting only the new schedule's Backups", () => {
        const p = run.steps[1].plan;
        const env = (name: string) => Object.fromEntries(((spec(resource(p, name)).template.spec.containers[0].env) as { name: string; value?: string }[]).map((e) => [e.name, e.value]));
        expect((resource(p, "fhir-database-primary-upgraded-pg18").inputs.metadata as any).name).toBe("fhir-db-pg18-upgraded");
        expect(env("fhir-database-primary-upgraded-pg18")).toMatchObject({ CLUSTER: "fhir-db", MAJOR: "18" });
        expect((resource(p, "fhir-database-primary-first-backup").inputs.metadata as any).name).toBe("fhir-db-pg18-first-backup");
        expect(env("fhir-database-primary-first-backup")).toMatchObject({ CLUSTER: "fhir-db", SCHEDULED_BACKUP: "fhir-db-pg18-weekly-full" });
    });

    it("the new delayed replica runs 18 and replays fhir-db-pg18 from fhir-db's store", () => {
        const s = spec(resource(run.steps[1].plan, "fhir-database-delayed-pg18"));
        expect(s.imageName).toMatch(/postgresql:18\./);
        expect(s.externalClusters[0].plugin.parameters).toEqual({ barmanObjectName: "fhir-db-store", serverName: "fhir-db-pg18" });
        expect((resource(run.steps[1].plan, "fhir-database-delayed-pg18").inputs.metadata as any).name).toBe("fhir-db-pg18-delayed");
    });
});

describe("rollback after the upgrade: restore of the 17 generation", () => {
    it("creates a restore cluster on 17 reading serverName fhir-db, and leaves the upgraded primary alone", () => {
        const p = run.steps[2].plan;
        const s = spec(resource(p, "fhir-database-restore"));
        expect(s.imageName).toMatch(/postgresql:17\./);
        expect(s.externalClusters[0].plugin.parameters).toEqual({ barmanObjectName: "fhir-db-store", serverName: "fhir-db" });
        expect(operationsOf(run.steps[2]).filter((o) => o.includes("fhir-database-primary"))).toEqual([]);
        expect(statefulTouched(run.steps[2])).toEqual([
            "delete kubernetes:barmancloud.cnpg.io/v1:ObjectStore fhir-database-delayed-pg18-store",
            "delete kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed-pg18",
        ]);
    });
});

describe("refused before anything is registered", () => {
    it("a downgrade and a major change together with a restore stop the step with the key named", async () => {
        await expect(runLifecycle("local", [{ title: "as shipped" }, { title: "16", change: { "fhir-ha:database": { postgresVersion: 16 } } }])).rejects.toThrow(
            /fhir-ha:database\.postgresVersion = 16: lower than fhir-ha:database\.createdWithMajor \(17\)/,
        );
        await expect(
            runLifecycle("local", [{ title: "as shipped" }, { title: "18 and a restore", change: { "fhir-ha:database": { postgresVersion: 18, restore: { enabled: true } } } }]),
        ).rejects.toThrow(/must name the one it reads: set fhir-ha:database\.restore\.sourceMajor/);
    }, 120_000);
});
