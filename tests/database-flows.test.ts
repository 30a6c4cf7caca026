/**
 * The database tier's deploy as it unfolds, read from the resource options the mock runtime
 * records (dependencies, retainOnDelete): what waits for what when the operators are installed,
 * which objects outlive a config change, and the restore flow step by step (before, while and
 * after a restore, and back), with the NetworkPolicy each cluster has at each step.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDuration } from "../src/config/duration";
import { CERT_MANAGER_CHECK_SECONDS, CHECK_SCRIPT, probeCertificate } from "../src/database/cert-manager-check";
import { BACKUP_STATE_FILTER } from "../src/database/first-backup-wait";
import { PLUGIN_PRIORITY_CLASS } from "../src/database/operator-releases";
import { fhirPodLabels } from "../src/names";
import { PlannedResource } from "../src/plan/mock-runtime";
import { FhirPlatform, FhirPlatformArgs } from "../src/platform/fhir-platform";
import { execFileSync } from "child_process";
import { render, Rendered } from "./support/render";

const platform = (database: Record<string, unknown> = {}): FhirPlatformArgs => ({
    config: { cloud: "kubernetes", kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "fhir-backups" }, database } as FhirPlatformArgs["config"],
    secrets: { s3AccessKeyId: pulumi.secret("AKIAEXAMPLE"), s3SecretAccessKey: pulumi.secret("example-secret") },
});

const T = {
    chart: "kubernetes:helm.sh/v4:Chart",
    job: "kubernetes:batch/v1:Job",
    cluster: "kubernetes:postgresql.cnpg.io/v1:Cluster",
    scheduled: "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup",
    store: "kubernetes:barmancloud.cnpg.io/v1:ObjectStore",
    policy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    deployment: "kubernetes:apps/v1:Deployment",
    priority: "kubernetes:scheduling.k8s.io/v1:PriorityClass",
};

/**
 * Every URN `urn` waits for, directly or through what it waits for. A child is registered only
 * once its parent's URN resolves, which the SDK sends only after the parent's dependencies are
 * done: so a resource also waits for what its parents depend on.
 */
function waitsFor(r: Rendered, urn: string): Set<string> {
    const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
    // Its own dependencies and those of every parent up the chain.
    const direct = (u: string): string[] => {
        const out: string[] = [];
        for (let res = byUrn.get(u); res; res = res.parent ? byUrn.get(res.parent) : undefined) out.push(...(res.dependencies ?? []));
        return out;
    };
    const seen = new Set<string>();
    const visit = (u: string) => {
        for (const d of direct(u)) {
            if (seen.has(d)) continue;
            seen.add(d);
            visit(d);
            // Depending on a component means depending on everything in it.
            for (const child of r.resources.filter((x) => x.parent === d)) {
                if (!seen.has(child.urn)) {
                    seen.add(child.urn);
                    visit(child.urn);
                }
            }
        }
    };
    visit(urn);
    return seen;
}

const byMetadataName = (r: Rendered, type: string, name: string): PlannedResource => {
    const found = r.ofType(type).find((x) => r.inputs(x.type, x.name).metadata?.name === name);
    if (!found) throw new Error(`no ${type} named ${name}`);
    return found;
};

const admitsFhir = (r: Rendered, cluster: string) => {
    const policy = r.inputs(T.policy, byMetadataName(r, T.policy, `${cluster}-ingress`).name);
    const sorted = (o: Record<string, string> | undefined) => JSON.stringify(Object.entries(o ?? {}).sort());
    const labels = sorted(fhirPodLabels("aidbox"));
    return policy.spec.ingress.some((rule: any) => rule.from.some((peer: any) => sorted(peer.podSelector?.matchLabels) === labels));
};

describe("installing the operators", () => {
    let r: Rendered;
    beforeAll(async () => {
        r = await render(() => new FhirPlatform("fhir", platform()));
    });

    it("creates the plugin chart (its Issuer and Certificates) only after cert-manager admits Certificates", () => {
        const plugin = r.ofType(T.chart).find((c) => r.inputs(c.type, c.name).chart === "plugin-barman-cloud")!;
        const certManager = r.ofType(T.chart).find((c) => r.inputs(c.type, c.name).chart === "cert-manager")!;
        const check = r.ofType(T.job).find((j) => j.name.endsWith("cert-manager-check"))!;
        expect(plugin.dependencies).toContain(check.urn);
        // The check itself runs after cert-manager's chart (its webhook Deployment is ready by then).
        expect(check.dependencies).toContain(certManager.urn);
        expect(waitsFor(r, certManager.urn).has(check.urn)).toBe(false);
        const job = r.inputs(T.job, check.name);
        expect(job.metadata.namespace).toBe("cert-manager");
        expect(job.metadata.annotations["pulumi.com/timeoutSeconds"]).toBe(String(CERT_MANAGER_CHECK_SECONDS));
        expect(job.spec.activeDeadlineSeconds).toBe(CERT_MANAGER_CHECK_SECONDS);
        const container = job.spec.template.spec.containers[0];
        expect(container.command.at(-1)).toBe(CHECK_SCRIPT);
        expect(CHECK_SCRIPT).toContain("kubectl create --dry-run=server -f /tmp/probe.json");
        expect(JSON.parse(container.env.find((e: any) => e.name === "PROBE").value)).toEqual(probeCertificate("cert-manager"));
        // Least privilege: a dry run needs `create` on Certificates, nothing else.
        const role = r.ofType("kubernetes:rbac.authorization.k8s.io/v1:Role").find((x) => x.name.endsWith("cert-manager-check"))!;
        expect(r.inputs(role.type, role.name).rules).toEqual([{ apiGroups: ["cert-manager.io"], resources: ["certificates"], verbs: ["create"] }]);
    });

    it("lets the single plugin pod leave a lost node after 30 s, with a priority class, created before it", () => {
        const plugin = r.ofType(T.chart).find((c) => r.inputs(c.type, c.name).chart === "plugin-barman-cloud")!;
        const values = r.inputs(plugin.type, plugin.name).values;
        expect(values.tolerations).toEqual(
            ["node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready"].map((key) => ({
                key,
                operator: "Exists",
                effect: "NoExecute",
                tolerationSeconds: 30,
            })),
        );
        expect(values.priorityClassName).toBe(PLUGIN_PRIORITY_CLASS);
        const pc = r.ofType(T.priority).find((p) => r.inputs(p.type, p.name).metadata.name === PLUGIN_PRIORITY_CLASS)!;
        expect(r.inputs(pc.type, pc.name)).toMatchObject({ metadata: { name: PLUGIN_PRIORITY_CLASS }, globalDefault: false });
        expect(r.inputs(pc.type, pc.name).value).toBeLessThan(2_000_000_000);
        expect(plugin.dependencies).toContain(pc.urn);
    });

    it("creates every CNPG object after the plugin chart, and so after the cert-manager check", () => {
        const check = r.ofType(T.job).find((j) => j.name.endsWith("cert-manager-check"))!;
        for (const res of r.resources.filter((x) => /cnpg\.io\//.test(x.type))) {
            expect(waitsFor(r, res.urn).has(check.urn), res.name).toBe(true);
        }
    });
});

describe("backups survive config changes", () => {
    let r: Rendered;
    beforeAll(async () => {
        r = await render(() => new FhirPlatform("fhir", platform()));
    });

    it("retains ScheduledBackups, Clusters and ObjectStores on delete", () => {
        const stateful = [...r.ofType(T.scheduled), ...r.ofType(T.cluster), ...r.ofType(T.store)];
        expect(r.ofType(T.scheduled).length).toBeGreaterThan(0);
        for (const res of stateful) expect(res.retainOnDelete, res.name).toBe(true);
    });

    it("renders no Backup object, so neither retention nor a refresh can make `pulumi up` start a full backup", () => {
        expect(r.kind("Backup")).toEqual([]);
        // Exactly one schedule per cluster starts a backup at creation.
        const immediate = r.kind("ScheduledBackup").filter((s) => s.spec.immediate);
        expect(immediate.map((s) => s.spec.cluster.name)).toEqual(["fhir-db"]);
        expect(immediate[0].spec.method).toBe("plugin");
    });

    it("the wait Job's filter reads Backup states the way the Job does (run through jq)", () => {
        const jq = (items: unknown[]) =>
            execFileSync("jq", ["-r", BACKUP_STATE_FILTER], { input: JSON.stringify({ items }) })
                .toString()
                .trim();
        const b = (method: string, phase?: string) => ({ spec: { method }, status: phase ? { phase } : {} });
        expect(jq([])).toBe("");
        expect(jq([b("plugin"), b("volumeSnapshot", "completed")])).toBe("");
        expect(jq([b("plugin", "running")])).toBe("");
        expect(jq([b("plugin", "failed")])).toBe("failed");
        expect(jq([b("plugin", "failed"), b("plugin", "completed")])).toBe("completed");
    });
});

describe("the restore flow, step by step", () => {
    const steps = {
        before: {},
        restoring: { restore: { enabled: true, targetTime: "2026-08-20T09:29:00Z", timeout: "36h" } },
        off: {},
    };
    const rendered: Record<string, Rendered> = {};
    beforeAll(async () => {
        for (const [k, db] of Object.entries(steps)) rendered[k] = await render(() => new FhirPlatform("fhir", platform(db)));
    });

    it("before: only the primary admits the FHIR pods", () => {
        const r = rendered.before;
        expect(admitsFhir(r, "fhir-db")).toBe(true);
        expect(admitsFhir(r, "fhir-db-delayed")).toBe(false);
    });

    it("while restoring: the primary KEEPS the FHIR rule (unchanged, so no update at the start of `pulumi up`)", () => {
        const before = rendered.before;
        const during = rendered.restoring;
        expect(admitsFhir(during, "fhir-db")).toBe(true);
        const policy = (r: Rendered) => r.inputs(T.policy, byMetadataName(r, T.policy, "fhir-db-ingress").name);
        expect(policy(during)).toEqual(policy(before));
        expect(admitsFhir(during, "fhir-db-restore")).toBe(true);
    });

    it("while restoring: the FHIR Deployment switches only after the restored cluster is recoverable and reachable", () => {
        const r = rendered.restoring;
        const deployment = r.ofType(T.deployment).find((d) => r.inputs(d.type, d.name).metadata.name === "fhir-server")!;
        const waits = waitsFor(r, deployment.urn);
        const restoreWait = byMetadataName(r, T.job, "fhir-db-restore-first-backup");
        expect(waits.has(restoreWait.urn)).toBe(true);
        expect(waits.has(byMetadataName(r, T.policy, "fhir-db-restore-ingress").urn)).toBe(true);
        // The first-backup wait comes after the restored Cluster exists.
        expect(waitsFor(r, restoreWait.urn).has(byMetadataName(r, T.cluster, "fhir-db-restore").urn)).toBe(true);
        const env = r.inputs(T.job, restoreWait.name).spec.template.spec.containers[0].env;
        expect(env.find((e: any) => e.name === "CLUSTER").value).toBe("fhir-db-restore");
    });

    it("while restoring: the wait fits a real restore (database.restore.timeout), the primary's stays short", () => {
        const r = rendered.restoring;
        const seconds = (name: string) => Number(r.inputs(T.job, byMetadataName(r, T.job, name).name).metadata.annotations["pulumi.com/timeoutSeconds"]);
        expect(seconds("fhir-db-restore-first-backup")).toBe(parseDuration("36h"));
        expect(seconds("fhir-db-first-backup")).toBe(1800);
        // A wait that ran out is replaced (and so started again) by the next `pulumi up`.
        expect(r.inputs(T.job, byMetadataName(r, T.job, "fhir-db-restore-first-backup").name).metadata.annotations["pulumi.com/replaceUnready"]).toBe("true");
    });

    it("while restoring: the delayed replica of the restored cluster is a NEW Cluster; the old one is retained, not re-pointed", () => {
        const before = rendered.before;
        const during = rendered.restoring;
        const oldDelayed = byMetadataName(before, T.cluster, "fhir-db-delayed");
        const newDelayed = byMetadataName(during, T.cluster, "fhir-db-restore-delayed");
        // Same Pulumi resource, new metadata.name: Pulumi replaces it, and retainOnDelete leaves
        // the old replica (still following fhir-db's archive) in the cluster.
        expect(newDelayed.name).toBe(oldDelayed.name);
        expect(oldDelayed.retainOnDelete).toBe(true);
        const source = during.inputs(T.cluster, newDelayed.name).spec.externalClusters[0].plugin.parameters;
        expect(source).toEqual({ barmanObjectName: "fhir-db-restore-store", serverName: "fhir-db-restore" });
        expect(newDelayed.dependencies).toContain(byMetadataName(during, T.job, "fhir-db-restore-first-backup").urn);
    });

    it("while restoring: a target time written with a space is rendered with the 'T' CNPG's parser needs", async () => {
        const r = await render(() => new FhirPlatform("fhir", platform({ restore: { enabled: true, targetTime: "2026-08-20 09:29:00.123456Z" } })));
        const restore = r.inputs(T.cluster, byMetadataName(r, T.cluster, "fhir-db-restore").name);
        expect(restore.spec.bootstrap.recovery.recoveryTarget).toEqual({ targetTime: "2026-08-20T09:29:00.123456Z" });
    });

    it("restore off again: the delayed replica is fhir-db's own again, which never left fhir-db's timeline", () => {
        const off = rendered.off;
        const delayed = off.inputs(T.cluster, byMetadataName(off, T.cluster, "fhir-db-delayed").name);
        expect(delayed.spec.externalClusters[0].plugin.parameters).toEqual({ barmanObjectName: "fhir-db-store", serverName: "fhir-db" });
        expect(off.kind("Cluster").map((c) => c.metadata.name).sort()).toEqual(["fhir-db", "fhir-db-delayed"]);
        expect(admitsFhir(off, "fhir-db")).toBe(true);
        // Identical to before the restore, so the retained replica (still in the cluster) is applied
        // unchanged when the retained-objects provider (upsertExistingObjects) creates it again;
        // that provider is asserted in tests/lifecycle-database.test.ts.
        expect(delayed).toEqual(rendered.before.inputs(T.cluster, byMetadataName(rendered.before, T.cluster, "fhir-db-delayed").name));
    });
});
