/**
 * The database tier as rendered under the mock runtime: for the default values, the `local`
 * stack, a restore, no delayed replica, a single-instance dev stack and a cloud-style backup
 * store with workload identity. Assertions are on the objects the plan shows and on the wiring
 * between them (names, store references, dependencies, retain-on-delete).
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { BackupStore, ClusterTarget } from "../src/cloud/types";
import { KubernetesCluster } from "../src/clouds/kubernetes";
import { S3_CREDENTIALS_SECRET } from "../src/clouds/kubernetes/s3-credentials";
import { backupPolicy } from "../src/config/backup-policy";
import { ConfigValidationError } from "../src/config/errors";
import { rawFhirHaConfig } from "../src/config/load";
import { CHARTS, KUBECTL_IMAGE, POSTGRES_IMAGES } from "../src/config/pins";
import { FhirHaConfig } from "../src/config/types";
import { validateConfig } from "../src/validation";
import { FhirDatabase } from "../src/database";
import { BARMAN_PLUGIN, OPERATOR_NAMESPACE } from "../src/database/constants";
import { databaseNames, fhirPodLabels } from "../src/names";
import { hasCrdSchema, validateCustomResource } from "./support/crd-schema";
import { render, Rendered } from "./support/render";
import { shippedPlan } from "./support/shipped-plans";
import { planInProcess } from "./support/in-process-plan";
import { stackFileWith } from "./support/lifecycle";
import { stackConfigFromYaml } from "../src/plan/stack-files";
import { PlanDocument } from "../src/plan/document";

const SECRETS = { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] };
const MINIMAL = { cloud: "kubernetes", kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "fhir-backups" } };

/** Every config key at its default (the kubernetes target needs a bucket and keys, nothing else). */
const defaultConfig = (extra: Record<string, unknown> = {}): FhirHaConfig => validateConfig({ ...MINIMAL, ...extra }, SECRETS);

/** The shipped `local` stack, read the way the plan reads it. */
function localConfig(): FhirHaConfig {
    const file = parse(fs.readFileSync(path.join(__dirname, "..", "stacks", "Pulumi.local.yaml"), "utf8"));
    const { raw } = rawFhirHaConfig(file.config);
    // The file lists its secrets as comments (no ciphertext); `pulumi config set --secret` sets them.
    return validateConfig(raw, { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] });
}

/** Registration options the recorder does not keep: retainOnDelete and dependencies, by resource name. */
const options = new Map<string, { retainOnDelete: boolean; protect: boolean; dependencies: string[] }>();

beforeAll(async () => {
    await render(() => undefined);
    const monitor = (pulumi.runtime as any).getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        options.set(req.getName(), {
            retainOnDelete: !!req.getRetainondelete(),
            protect: !!req.getProtect(),
            dependencies: req.getDependenciesList(),
        });
        return register(req, callback);
    };
});

/** Renders the tier on the kubernetes target built from the same config (its real BackupStore). */
function renderDatabase(config: FhirHaConfig, secrets = { s3AccessKeyId: "AKIA-TEST", s3SecretAccessKey: "s3cr3t" }) {
    return render(() => {
        const target = new KubernetesCluster("k8s", { config, backupServiceAccounts: databaseNames(config).backupServiceAccounts, secrets });
        return new FhirDatabase("db", { config, target, namespace: config.namespace });
    });
}

const CR = (r: Rendered, kind: string, name: string) => {
    const found = r.kind(kind).find((o) => o.metadata.name === name);
    if (!found) throw new Error(`no ${kind} ${name}; have ${r.kind(kind).map((o) => o.metadata.name).join(", ")}`);
    return found;
};
const urnOf = (r: Rendered, name: string) => {
    const matches = r.resources.filter((x) => x.name === name);
    if (matches.length !== 1) throw new Error(`${matches.length} resources named ${name}`);
    return matches[0].urn;
};

describe("a cluster that already runs cert-manager and CloudNativePG (charts.*.install: false)", () => {
    let r: Rendered;
    beforeAll(async () => {
        r = await renderDatabase(defaultConfig({ charts: { certManager: { install: false }, cloudnativePg: { install: false } } }));
    });

    it("installs only the plugin, and creates neither operator's namespace", () => {
        expect(r.ofType("kubernetes:helm.sh/v4:Chart").map((c) => r.inputs(c.type, c.name).chart)).toEqual(["plugin-barman-cloud"]);
        expect(r.kind("Namespace").map((n) => n.metadata.name)).toEqual([]);
        expect(r.kind("PodDisruptionBudget")).toEqual([]);
    });

    it("still waits for both: the plugin and every Cluster depend on dry-run checks of cert-manager and of CNPG", () => {
        const jobs = Object.fromEntries(r.kind("Job").map((j) => [j.metadata.name, j]));
        const probe = (name: string) => JSON.parse(jobs[name].spec.template.spec.containers[0].env.find((e: any) => e.name === "PROBE").value);
        expect(probe("fhir-ha-cnpg-check")).toMatchObject({ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { namespace: "cnpg-system" } });
        expect(probe("fhir-ha-cert-manager-check")).toMatchObject({ apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { namespace: "cnpg-system" } });
        expect(jobs["fhir-ha-cnpg-check"].spec.template.spec.containers[0].command[2]).toMatch(/kubectl create --dry-run=server/);
        const jobUrn = (name: string) => r.resources.find((x) => x.name === name && x.type === "kubernetes:batch/v1:Job")!.urn;
        expect(options.get("db-operators-plugin-barman-cloud")!.dependencies).toEqual(
            expect.arrayContaining([jobUrn("db-operators-cnpg-check"), jobUrn("db-operators-cert-manager-check")]),
        );
        const cnpgRole = r.kind("Role").find((x) => x.metadata.name === "fhir-ha-cnpg-check")!;
        expect(cnpgRole.rules).toEqual([{ apiGroups: ["postgresql.cnpg.io"], resources: ["clusters"], verbs: ["create"] }]);
    });
});

describe("default values (kubernetes target, no VolumeSnapshotClass)", () => {
    let r: Rendered;
    let config: FhirHaConfig;
    beforeAll(async () => {
        config = defaultConfig();
        r = await renderDatabase(config);
    });

    it("installs cert-manager, CloudNativePG and the Barman Cloud plugin from the configured charts", () => {
        const charts = r.ofType("kubernetes:helm.sh/v4:Chart").map((c) => r.inputs(c.type, c.name));
        const byChart = Object.fromEntries(charts.map((c) => [c.chart, c]));
        expect(Object.keys(byChart).sort()).toEqual(["cert-manager", "cloudnative-pg", "plugin-barman-cloud"]);
        expect(byChart["cert-manager"]).toMatchObject({
            version: config.charts.certManager.version,
            repositoryOpts: { repo: config.charts.certManager.repository },
            values: { crds: { enabled: true } },
        });
        expect(byChart["cloudnative-pg"]).toMatchObject({ version: config.charts.cloudnativePg.version, values: { crds: { create: true } } });
        // The plugin must run in the operator's namespace.
        expect(byChart["plugin-barman-cloud"].namespace).toBe(byChart["cloudnative-pg"].namespace);
        expect(byChart["cloudnative-pg"].namespace).toBe(OPERATOR_NAMESPACE);
        expect(byChart["plugin-barman-cloud"].values.image.tag).toBe(CHARTS.barmanCloud.imageTag);
        expect(byChart["plugin-barman-cloud"].values.sidecarImage.tag).toBe(CHARTS.barmanCloud.imageTag);
    });

    it("creates the plugin after cert-manager and the operator, and every custom resource after the charts", () => {
        expect(options.get("db-operators-plugin-barman-cloud")!.dependencies).toEqual(
            expect.arrayContaining([urnOf(r, "db-operators-cert-manager"), urnOf(r, "db-operators-cnpg")]),
        );
        // Depending on a component means depending on the resources in it: the three charts.
        const charts = r.ofType("kubernetes:helm.sh/v4:Chart").map((c) => c.urn);
        expect(charts).toHaveLength(3);
        const custom = r.resources.filter((x) => /^kubernetes:(postgresql|barmancloud)\.cnpg\.io\//.test(x.type));
        expect(custom.length).toBeGreaterThan(0);
        const waitsForCharts = (urn: string, seen = new Set<string>()): boolean => {
            const deps = options.get(r.resources.find((x) => x.urn === urn)!.name)!.dependencies;
            if (charts.every((c) => deps.includes(c))) return true;
            seen.add(urn);
            return deps.filter((d) => !seen.has(d) && r.resources.some((x) => x.urn === d)).some((d) => waitsForCharts(d, seen));
        };
        for (const res of custom) expect(waitsForCharts(res.urn), `${res.name} waits for the charts`).toBe(true);
    });

    it("gives the CNPG operator a PodDisruptionBudget and a PriorityClass that exists before its chart", () => {
        const [pdb] = r.kind("PodDisruptionBudget").filter((p) => p.metadata.namespace === "cnpg-system");
        expect(pdb.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "cloudnative-pg" } } });
        const classes = r.kind("PriorityClass").map((c) => [c.metadata.name, c.value]);
        expect(classes).toEqual(expect.arrayContaining([["fhir-ha-database-operator", 1_000_000]]));
        expect(options.get("db-operators-cnpg")!.dependencies).toContain(urnOf(r, "db-operators-operator-priority"));
    });

    it("archives the primary into its own prefix of the bucket with compression and monthly retention", () => {
        const store = CR(r, "ObjectStore", "fhir-db-store");
        expect(store.spec.configuration.destinationPath).toBe("s3://fhir-backups/fhir-db");
        expect(store.spec.configuration.endpointURL).toBe("http://minio:9000");
        // WAL uncompressed by default (backup.walCompression: the field stays unset), base backups gzip.
        expect(store.spec.configuration.wal).not.toHaveProperty("compression");
        expect(store.spec.configuration.data.compression).toBe("gzip");
        expect(store.spec.retentionPolicy).toBe("30d");
        expect(store.spec.configuration.serverName).toBeUndefined();
    });

    it("creates the static-key Secret the ObjectStore's credentials refer to, in the database namespace", () => {
        const secret = r.kind("Secret").find((s) => s.metadata.name === S3_CREDENTIALS_SECRET)!;
        expect(secret.metadata.namespace).toBe("fhir");
        const creds = CR(r, "ObjectStore", "fhir-db-store").spec.configuration.s3Credentials;
        for (const ref of [creds.accessKeyId, creds.secretAccessKey, creds.region]) {
            expect(ref.name).toBe(secret.metadata.name);
            expect(Object.keys(secret.stringData)).toContain(ref.key);
        }
        expect(secret.stringData.ACCESS_KEY_ID).toBe("AKIA-TEST");
    });

    it("renders the primary: 3 instances, one per zone, pinned image, separate WAL volume on the default class", () => {
        const spec = CR(r, "Cluster", "fhir-db").spec;
        expect(spec.instances).toBe(3);
        expect(spec.imageName).toBe(POSTGRES_IMAGES[17]);
        expect(spec.affinity).toMatchObject({ podAntiAffinityType: "required", topologyKey: "topology.kubernetes.io/zone" });
        expect(spec.storage).toEqual({ size: "100Gi" });
        expect(spec.walStorage).toEqual({ size: "20Gi" });
        expect(spec.resources.limits.memory).toBe(spec.resources.requests.memory);
    });

    it("commits synchronously to ANY 1 standby, blocks rather than degrade, and fails over only by quorum", () => {
        expect(CR(r, "Cluster", "fhir-db").spec.postgresql.synchronous).toEqual({
            method: "any",
            number: 1,
            dataDurability: "required",
            failoverQuorum: true,
        });
    });

    it("archives WAL through the plugin into its own ObjectStore, with archive_timeout from the policy", () => {
        const spec = CR(r, "Cluster", "fhir-db").spec;
        expect(spec.plugins).toEqual([
            { name: BARMAN_PLUGIN, enabled: true, isWALArchiver: true, parameters: { barmanObjectName: "fhir-db-store", serverName: "fhir-db" } },
        ]);
        expect(spec.postgresql.parameters.archive_timeout).toBe(backupPolicy(config.backup, config.database).archiveTimeout);
        expect(spec.postgresql.parameters.archive_timeout).toBe("5min");
        expect(spec.backup).toBeUndefined();
    });

    it("bootstraps the app database whose generated secret the FHIR server reads", () => {
        expect(CR(r, "Cluster", "fhir-db").spec.bootstrap.initdb).toMatchObject({ database: "fhir", owner: "fhir" });
        // CNPG names the generated credentials `<cluster>-app` and the read-write Service `<cluster>-rw`:
        // the FHIR server of the shipped local stack (same cluster name) reads exactly those.
        const fhir = shippedPlan<PlanDocument>("local").resources.find((x) => x.type === "kubernetes:apps/v1:Deployment" && (x.inputs as any).metadata.name === "fhir-server");
        expect(fhir).toBeDefined();
        const text = JSON.stringify((fhir!.inputs as any).spec.template.spec.containers);
        expect(text).toContain('"secretKeyRef":{"key":"password","name":"fhir-db-app"}');
        expect(text).toContain("fhir-db-rw");
    });

    it("takes ONE full backup at creation (the weekly schedule's immediate one), then weekly, with a 6-field schedule", () => {
        // No Backup object of its own: the plugin's retention would delete it after the window and
        // the next refresh + up would re-create it (an unplanned full backup).
        expect(r.kind("Backup")).toEqual([]);
        const weekly = CR(r, "ScheduledBackup", "fhir-db-weekly-full").spec;
        expect(weekly).toMatchObject({
            cluster: { name: "fhir-db" },
            schedule: "0 0 1 * * 0",
            immediate: true,
            method: "plugin",
            pluginConfiguration: { name: BARMAN_PLUGIN },
            backupOwnerReference: "self",
        });
        expect(r.get("kubernetes:postgresql.cnpg.io/v1:ScheduledBackup", "db-primary-weekly-full").dependencies).toContain(urnOf(r, "db-primary"));
    });

    it("waits for that first base backup with a read-only Job, which the delayed replica waits for", () => {
        const job = r.inputs("kubernetes:batch/v1:Job", "db-primary-first-backup");
        expect(job.metadata.name).toBe("fhir-db-first-backup");
        expect(job.metadata.annotations["pulumi.com/timeoutSeconds"]).toBe("1800");
        expect(job.spec.activeDeadlineSeconds).toBe(1800);
        const env = Object.fromEntries(job.spec.template.spec.containers[0].env.filter((e: any) => e.value).map((e: any) => [e.name, e.value]));
        expect(env.CLUSTER).toBe("fhir-db");
        // It may only read Backups: running it again (refresh, replacement) cannot start one.
        expect(r.inputs("kubernetes:rbac.authorization.k8s.io/v1:Role", "db-primary-first-backup").rules).toEqual([
            { apiGroups: ["postgresql.cnpg.io"], resources: ["backups"], verbs: ["get", "list"] },
        ]);
        const deps = r.get("kubernetes:batch/v1:Job", "db-primary-first-backup").dependencies;
        // After the schedule that takes the backup, and after its own permissions.
        expect(deps).toEqual(
            expect.arrayContaining([
                urnOf(r, "db-primary-weekly-full"),
                r.get("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "db-primary-first-backup").urn,
            ]),
        );
        expect(r.get("kubernetes:postgresql.cnpg.io/v1:Cluster", "db-delayed").dependencies).toContain(
            r.get("kubernetes:batch/v1:Job", "db-primary-first-backup").urn,
        );
    });

    it("retains the ScheduledBackups on delete: their Backups own the snapshots", () => {
        expect(r.get("kubernetes:postgresql.cnpg.io/v1:ScheduledBackup", "db-primary-weekly-full").retainOnDelete).toBe(true);
    });

    it("renders no snapshot backups, and says so in the component's notes", async () => {
        expect(r.kind("ScheduledBackup").filter((s) => s.spec.method === "volumeSnapshot")).toEqual([]);
        expect(r.kind("CronJob")).toEqual([]);
        let db: FhirDatabase | undefined;
        await render(() => {
            const target = new KubernetesCluster("k8s", { config, backupServiceAccounts: [], secrets: {} });
            db = new FhirDatabase("db", { config, target, namespace: "fhir" });
        });
        if (!db) throw new Error("not rendered");
        expect(db.snapshotBackups).toBe(false);
        expect(db.notes.join("\n")).toMatch(/no VolumeSnapshotClass/);
        expect(db.notes.join("\n")).toMatch(/fhir-ha:kubernetes\.volumeSnapshotClass/);
    });

    it("renders a 1-instance delayed replica fed only from the primary's archive, 12 h behind", () => {
        const delayed = CR(r, "Cluster", "fhir-db-delayed");
        expect(delayed.spec.instances).toBe(1);
        expect(delayed.spec.replica).toEqual({ enabled: true, source: "replica-source", minApplyDelay: "12h" });
        expect(delayed.spec.bootstrap).toEqual({ recovery: { source: "replica-source" } });
        // Only the archive: no host/connection parameters, so no streaming and no slot on the primary.
        expect(delayed.spec.externalClusters).toEqual([
            {
                name: "replica-source",
                plugin: { name: BARMAN_PLUGIN, enabled: true, parameters: { barmanObjectName: "fhir-db-store", serverName: "fhir-db" } },
            },
        ]);
        expect(delayed.spec.postgresql.synchronous).toBeUndefined();
        // One instance: a disruption budget would block node drains for good.
        expect(delayed.spec.enablePDB).toBe(false);
        expect(CR(r, "Cluster", "fhir-db").spec.enablePDB).toBe(true);
    });

    it("never lets the delayed replica write into the primary's archive (cloudnative-pg#11351)", () => {
        const delayed = CR(r, "Cluster", "fhir-db-delayed");
        expect(delayed.spec.plugins.map((p: any) => p.parameters)).toEqual([{ barmanObjectName: "fhir-db-delayed-store", serverName: "fhir-db-delayed" }]);
        expect(CR(r, "ObjectStore", "fhir-db-delayed-store").spec.configuration.destinationPath).toBe("s3://fhir-backups/fhir-db-delayed");
        expect(delayed.metadata.annotations["cnpg.io/skipWalArchiving"]).toBe("enabled");
        // It starts only once a base backup exists in the archive it bootstraps from.
        expect(options.get("db-delayed")!.dependencies).toContain(r.get("kubernetes:batch/v1:Job", "db-primary-first-backup").urn);
    });

    it("keeps the delayed replica out of the primary's failover and quorum", () => {
        const primary = JSON.stringify(CR(r, "Cluster", "fhir-db").spec);
        expect(primary).not.toContain("fhir-db-delayed");
        expect(CR(r, "Cluster", "fhir-db").spec.replica).toBeUndefined();
    });

    it("admits Postgres traffic only from the FHIR pods, the operator and the cluster's own instances", () => {
        const primary = r.kind("NetworkPolicy").find((p) => p.metadata.name === "fhir-db-ingress")!;
        expect(primary.spec.podSelector).toEqual({ matchLabels: { "cnpg.io/cluster": "fhir-db" } });
        expect(primary.spec.policyTypes).toEqual(["Ingress"]);
        const peers = primary.spec.ingress.map((i: any) => ({ from: i.from[0], ports: i.ports.map((p: any) => p.port) }));
        expect(peers).toContainEqual({ from: { podSelector: { matchLabels: fhirPodLabels(config.fhir.engine) } }, ports: [5432] });
        expect(peers).toContainEqual({ from: { podSelector: { matchLabels: { "cnpg.io/cluster": "fhir-db" } } }, ports: [5432, 8000] });
        const operator = peers.find((p: any) => p.from.namespaceSelector);
        expect(operator.from.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]).toBe(OPERATOR_NAMESPACE);
        expect(operator.ports).toEqual(expect.arrayContaining([5432, 8000, 9187]));
        expect(primary.spec.ingress).toHaveLength(3);
        // The FHIR server does not talk to the delayed replica.
        const delayed = r.kind("NetworkPolicy").find((p) => p.metadata.name === "fhir-db-delayed-ingress")!;
        expect(JSON.stringify(delayed)).not.toContain("fhir-server");
    });

    it("retains clusters, object stores and the credentials on delete; nothing is protected from a deliberate destroy", () => {
        for (const name of ["db-primary", "db-delayed", "db-primary-store", "db-delayed-store", "db-backup-credentials"]) {
            expect(options.get(name)!.retainOnDelete, name).toBe(true);
        }
        // Retained with its cluster: a retained cluster keeps its ingress rules.
        expect(options.get("db-primary-ingress")!.retainOnDelete).toBe(true);
        expect(options.get("db-primary-first-backup")!.retainOnDelete).toBe(false);
    });

    it("nests every resource under the component, named after it", () => {
        const component = urnOf(r, "db");
        const children = r.resources.filter((x) => x.parent === component);
        expect(children.map((c) => c.name).sort()).toEqual(
            [
                "db-backup-credentials",
                "db-delayed",
                "db-delayed-ingress",
                "db-delayed-store",
                "db-operators",
                "db-primary",
                "db-primary-ingress",
                "db-primary-first-backup",
                "db-primary-first-backup",
                "db-primary-first-backup",
                "db-primary-first-backup",
                "db-primary-store",
                "db-primary-weekly-full",
                "db-restore-immutable",
                "db-restore-immutable",
            ].sort(),
        );
        for (const c of children) expect(c.name.startsWith("db-")).toBe(true);
    });
});

describe("the local stack (storage class and VolumeSnapshotClass set)", () => {
    let r: Rendered;
    let config: FhirHaConfig;
    beforeAll(async () => {
        config = localConfig();
        r = await renderDatabase(config);
    });

    it("puts data and WAL volumes on the stack's StorageClass with the stack's sizes", () => {
        const spec = CR(r, "Cluster", "fhir-db").spec;
        expect(spec.storage).toEqual({ size: "20Gi", storageClass: "csi-hostpath-sc" });
        expect(spec.walStorage).toEqual({ size: "5Gi", storageClass: "csi-hostpath-sc" });
        expect(spec.postgresql.parameters.max_slot_wal_keep_size).toBe("2560MB");
    });

    it("takes daily online snapshots with the stack's class, deleted with their Backup objects", () => {
        expect(CR(r, "Cluster", "fhir-db").spec.backup).toEqual({
            volumeSnapshot: { className: "csi-hostpath-snapclass", online: true, snapshotOwnerReference: "backup" },
        });
        expect(CR(r, "ScheduledBackup", "fhir-db-daily-snapshot").spec).toMatchObject({
            cluster: { name: "fhir-db" },
            method: "volumeSnapshot",
            schedule: "0 0 3 * * *",
        });
        // Only clusters that take backups: not the delayed replica.
        expect(CR(r, "Cluster", "fhir-db-delayed").spec.backup).toBeUndefined();
    });

    it("prunes snapshot Backups past the retention with least privilege and a restricted pod", () => {
        const job = r.kind("CronJob").find((j) => j.metadata.name === "fhir-db-snapshot-pruner")!;
        const pod = job.spec.jobTemplate.spec.template.spec;
        const container = pod.containers[0];
        expect(container.image).toBe(KUBECTL_IMAGE);
        const env = Object.fromEntries(container.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
        expect(env).toMatchObject({ CLUSTER: "fhir-db", SCHEDULED_BACKUP: "fhir-db-daily-snapshot", RETENTION_DAYS: "30" });
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });

        const role = r.kind("Role").find((x) => x.metadata.name === pod.serviceAccountName)!;
        expect(role.rules).toEqual([{ apiGroups: ["postgresql.cnpg.io"], resources: ["backups"], verbs: ["get", "list", "delete"] }]);
        const binding = r.kind("RoleBinding").find((x) => x.metadata.name === pod.serviceAccountName)!;
        expect(binding.roleRef.name).toBe(role.metadata.name);
        expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: pod.serviceAccountName, namespace: "fhir" }]);
        expect(r.kind("ServiceAccount").map((s) => s.metadata.name)).toContain(pod.serviceAccountName);
    });

    it("has the 12 h default delay, and the primary the default three instances", () => {
        expect(CR(r, "Cluster", "fhir-db-delayed").spec.replica.minApplyDelay).toBe("12h");
        expect(CR(r, "Cluster", "fhir-db").spec.instances).toBe(3);
    });
});

describe("a point-in-time restore (database.restore.enabled)", () => {
    const restoreSettings = { database: { restore: { enabled: true, targetTime: "2026-08-20T09:30:00Z" } } };
    let before: Rendered;
    let after: Rendered;
    beforeAll(async () => {
        before = await renderDatabase(defaultConfig());
        after = await renderDatabase(defaultConfig(restoreSettings));
    });

    it("bootstraps a NEW cluster from the source's archive up to the target time", () => {
        const restore = CR(after, "Cluster", "fhir-db-restore");
        expect(restore.spec.bootstrap.recovery).toEqual({
            source: "recovery-source",
            database: "fhir",
            owner: "fhir",
            recoveryTarget: { targetTime: "2026-08-20T09:30:00Z" },
        });
        expect(restore.spec.externalClusters).toEqual([
            {
                name: "recovery-source",
                plugin: { name: BARMAN_PLUGIN, enabled: true, parameters: { barmanObjectName: "fhir-db-store", serverName: "fhir-db" } },
            },
        ]);
        expect(restore.spec.postgresql.synchronous.failoverQuorum).toBe(true);
    });

    it("archives the new cluster under its own prefix and backs it up", () => {
        const restore = CR(after, "Cluster", "fhir-db-restore");
        expect(restore.spec.plugins[0].parameters).toEqual({ barmanObjectName: "fhir-db-restore-store", serverName: "fhir-db-restore" });
        expect(CR(after, "ObjectStore", "fhir-db-restore-store").spec.configuration.destinationPath).toBe("s3://fhir-backups/fhir-db-restore");
        expect(CR(after, "ScheduledBackup", "fhir-db-restore-weekly-full").spec.cluster.name).toBe("fhir-db-restore");
    });

    it("switches the FHIR server's secret, service and network access to the new cluster", async () => {
        // The whole local stack with the restore on: the FHIR Deployment reads the new cluster's
        // generated secret and writes through its read-write Service.
        const plan = await planInProcess("local", stackConfigFromYaml(stackFileWith("local", [{ "fhir-ha:database": restoreSettings.database }]), "fhir-ha"));
        const fhir = plan.resources.find((x) => x.type === "kubernetes:apps/v1:Deployment" && (x.inputs as any).metadata.name === "fhir-server");
        const containers = JSON.stringify((fhir!.inputs as any).spec.template.spec.containers);
        expect(containers).toContain('"name":"fhir-db-restore-app"');
        expect(containers).toContain("fhir-db-restore-rw");
        expect(containers).not.toContain('"name":"fhir-db-app"');
        const fhirRule = (policy: string) =>
            JSON.stringify(after.kind("NetworkPolicy").find((p) => p.metadata.name === policy)).includes('"app.kubernetes.io/name":"fhir-server"');
        expect(fhirRule("fhir-db-restore-ingress")).toBe(true);
        // The FHIR server still uses the old cluster until the end of the update: it keeps its rule.
        expect(fhirRule("fhir-db-ingress")).toBe(true);
        // The delayed replica now follows the cluster the FHIR server writes to, as a new Cluster
        // named after it: never the old replica re-pointed across the timeline fork.
        expect(after.kind("Cluster").map((c) => c.metadata.name)).not.toContain("fhir-db-delayed");
        expect(CR(after, "Cluster", "fhir-db-restore-delayed").spec.externalClusters[0].plugin.parameters.barmanObjectName).toBe("fhir-db-restore-store");
    });

    it("leaves the old cluster and its archive untouched", () => {
        expect(CR(after, "Cluster", "fhir-db")).toEqual(CR(before, "Cluster", "fhir-db"));
        expect(CR(after, "ObjectStore", "fhir-db-store")).toEqual(CR(before, "ObjectStore", "fhir-db-store"));
        expect(CR(after, "ScheduledBackup", "fhir-db-weekly-full")).toEqual(CR(before, "ScheduledBackup", "fhir-db-weekly-full"));
    });

    it("restores from another stack's archive through a read-only store that nothing prunes", async () => {
        const r = await renderDatabase(
            defaultConfig({ database: { restore: { enabled: true, sourceCluster: "fhir-db-eu", clusterName: "fhir-db-2" } } }),
        );
        const source = CR(r, "ObjectStore", "fhir-db-eu-store");
        expect(source.spec.configuration.destinationPath).toBe("s3://fhir-backups/fhir-db-eu");
        expect(source.spec.retentionPolicy).toBeUndefined();
        const restore = CR(r, "Cluster", "fhir-db-2");
        expect(restore.spec.bootstrap.recovery.recoveryTarget).toBeUndefined();
        expect(restore.spec.externalClusters[0].plugin.parameters).toEqual({ barmanObjectName: "fhir-db-eu-store", serverName: "fhir-db-eu" });
        // Nothing archives into the source store.
        for (const c of r.kind("Cluster")) expect(c.spec.plugins[0].parameters.barmanObjectName).not.toBe("fhir-db-eu-store");
    });

    it("rejects a restore into its own source with the full key, before registering anything", async () => {
        const config = defaultConfig({ database: { restore: { enabled: true, sourceCluster: "fhir-db", clusterName: "fhir-db-restore" } } });
        const bad = { ...config, database: { ...config.database, restore: { ...config.database.restore, sourceCluster: "fhir-db-restore" } } };
        let error: unknown;
        const r = await render(() => {
            try {
                const target = new KubernetesCluster("k8s", { config: bad, backupServiceAccounts: [], secrets: {} });
                new FhirDatabase("db", { config: bad, target, namespace: "fhir" });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(ConfigValidationError);
        expect((error as Error).message).toContain("fhir-ha:database.restore.sourceCluster");
        expect(r.resources.filter((x) => x.type.startsWith("fhir-ha:database"))).toEqual([]);
    });
});

describe("smaller and different stacks", () => {
    it("without the delayed replica renders neither its Cluster nor its store, and says so", async () => {
        const config = defaultConfig({ database: { delayedReplica: { enabled: false } } });
        let db: FhirDatabase | undefined;
        const r = await render(() => {
            const target = new KubernetesCluster("k8s", { config, backupServiceAccounts: databaseNames(config).backupServiceAccounts, secrets: { s3AccessKeyId: "A", s3SecretAccessKey: "S" } });
            db = new FhirDatabase("db", { config, target, namespace: config.namespace });
            return db;
        });
        expect(r.kind("Cluster").map((c) => c.metadata.name)).toEqual(["fhir-db"]);
        expect(r.kind("ObjectStore").map((c) => c.metadata.name)).toEqual(["fhir-db-store"]);
        expect(r.kind("NetworkPolicy")).toHaveLength(1);
        // The component's notes (what `npm run plan` prints for a reviewer) say what is missing.
        expect(db!.notes).toContain("fhir-ha:database.delayedReplica.enabled = false: no delayed replica; erroneous changes are recoverable by point-in-time restore only");
    });

    it("sizes every Postgres instance from database.cpu and database.memory, shared_buffers a quarter of it", async () => {
        const config = defaultConfig({ database: { cpu: "2", memory: "8Gi" } });
        const r = await renderDatabase(config);
        for (const name of ["fhir-db", "fhir-db-delayed"]) {
            const spec = CR(r, "Cluster", name).spec;
            // Requests = limits: Guaranteed QoS (with the sidecar sized the same way, below).
            expect(spec.resources).toEqual({ requests: { cpu: "2", memory: "8Gi" }, limits: { cpu: "2", memory: "8Gi" } });
            expect(spec.postgresql.parameters.shared_buffers).toBe("2048MB");
        }
        expect(r.kind("ObjectStore").length).toBeGreaterThan(0);
        for (const store of r.kind("ObjectStore")) {
            const sidecar = store.spec.instanceSidecarConfiguration.resources;
            expect(sidecar.requests).toEqual(sidecar.limits);
            expect(Object.keys(sidecar.limits).sort()).toEqual(["cpu", "memory"]);
        }
    });

    it("a single-instance dev stack has no synchronous block (there is no standby to wait for)", async () => {
        const config = defaultConfig({ zones: 2, database: { instances: 1, synchronousReplicas: 0 } });
        const r = await renderDatabase(config);
        const spec = CR(r, "Cluster", "fhir-db").spec;
        expect(spec.instances).toBe(1);
        expect(spec.postgresql.synchronous).toBeUndefined();
    });

    it("a cloud store with workload identity: SA annotations and pod labels, no Secret", async () => {
        const config = defaultConfig();
        const store: BackupStore = {
            kind: "gcs",
            destinationPath: pulumi.output("gs://fhir-backups-abc/"),
            credentials: { googleCredentials: { gkeEnvironment: true } },
            serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": pulumi.output("cnpg@proj.iam.gserviceaccount.com") },
            podLabels: { "azure.workload.identity/use": "true" },
        };
        const target = {
            provider: undefined as any,
            retainedObjectsProvider: undefined as any,
            zones: pulumi.output(["a", "b", "c"]),
            storageClassName: pulumi.output("fhir-ha-ssd"),
            volumeSnapshotClassName: pulumi.output("fhir-ha-snapshots"),
            backupStore: store,
            networkPolicyEnforcement: "",
            clusterReady: [],
            clusterName: pulumi.output("gke"),
            backupBucket: pulumi.output("fhir-backups-abc"),
            replicaArchiveURL: pulumi.output(""),
        } as ClusterTarget;
        const r = await render(() => new FhirDatabase("db", { config, target, namespace: "fhir" }));
        const spec = CR(r, "Cluster", "fhir-db").spec;
        expect(spec.serviceAccountTemplate).toEqual({ metadata: { annotations: { "iam.gke.io/gcp-service-account": "cnpg@proj.iam.gserviceaccount.com" } } });
        expect(spec.inheritedMetadata).toEqual({ labels: { "azure.workload.identity/use": "true" } });
        expect(spec.storage.storageClass).toBe("fhir-ha-ssd");
        expect(CR(r, "ObjectStore", "fhir-db-store").spec.configuration).toMatchObject({
            destinationPath: "gs://fhir-backups-abc/fhir-db",
            googleCredentials: { gkeEnvironment: true },
        });
        expect(CR(r, "ObjectStore", "fhir-db-store").spec.configuration.endpointURL).toBeUndefined();
        expect(r.kind("Secret")).toEqual([]);
        // Every cluster CNPG creates has a service account of the same name, which IAM must trust.
        expect(r.kind("Cluster").map((c) => c.metadata.name)).toEqual(databaseNames(config).backupServiceAccounts.map((s) => s.name));
    });
});

describe("CRD schemas", () => {
    it("every CNPG and Barman Cloud object of every variant validates", async () => {
        const variants = [
            defaultConfig(),
            localConfig(),
            defaultConfig({ database: { restore: { enabled: true, targetTime: "2026-08-20T09:30:00Z" } } }),
            defaultConfig({ database: { restore: { enabled: true, sourceCluster: "old", clusterName: "new" }, delayedReplica: { enabled: false } } }),
            defaultConfig({ zones: 2, database: { instances: 1, synchronousReplicas: 0 } }),
        ];
        const kinds = new Set<string>();
        const problems: string[] = [];
        for (const config of variants) {
            const r = await renderDatabase(config);
            for (const res of r.resources.filter((x) => /^kubernetes:(postgresql\.cnpg\.io|barmancloud\.cnpg\.io)\//.test(x.type))) {
                const obj = r.inputs(res.type, res.name);
                expect(hasCrdSchema(obj.apiVersion, obj.kind), `${obj.apiVersion} ${obj.kind}`).toBe(true);
                kinds.add(obj.kind);
                problems.push(...validateCustomResource(obj));
            }
        }
        expect(problems).toEqual([]);
        expect([...kinds].sort()).toEqual(["Cluster", "ObjectStore", "ScheduledBackup"]);
    });

    it("the validator rejects a misspelt field, a wrong enum and a bad retention pattern", () => {
        const cluster = {
            apiVersion: "postgresql.cnpg.io/v1",
            kind: "Cluster",
            metadata: { name: "x" },
            spec: { instances: 3, postgresql: { synchronous: { method: "all", number: 1, failoverQuorom: true } } },
        };
        const problems = validateCustomResource(cluster);
        expect(problems.some((p) => p.includes("failoverQuorom"))).toBe(true);
        expect(problems.some((p) => p.includes("/spec/postgresql/synchronous/method"))).toBe(true);
        const store = {
            apiVersion: "barmancloud.cnpg.io/v1",
            kind: "ObjectStore",
            metadata: { name: "s" },
            spec: { configuration: { destinationPath: "s3://b/x" }, retentionPolicy: "30 days" },
        };
        expect(validateCustomResource(store).some((p) => p.includes("retentionPolicy"))).toBe(true);
    });
});

describe("ObjectStore speed settings (fhir-ha:backup.walMaxParallel, backup.dataJobs, backup.walCompression)", () => {
    it("renders the measured defaults into every ObjectStore", async () => {
        const r = await renderDatabase(defaultConfig());
        const c = CR(r, "ObjectStore", "fhir-db-store").spec.configuration;
        // docs/database.md, "Recovery speed": WAL uncompressed one segment at a time, base backups gzip with 2 streams.
        expect(c.wal).toEqual({ maxParallel: 1 });
        expect(c.data).toEqual({ compression: "gzip", jobs: 2 });
    });

    it("renders the configured values, in place (the ObjectStore keeps its name, so it is updated, not replaced)", async () => {
        const before = await renderDatabase(defaultConfig());
        const after = await renderDatabase(defaultConfig({ backup: { walMaxParallel: 8, dataJobs: 4 } }));
        const c = CR(after, "ObjectStore", "fhir-db-store").spec.configuration;
        expect(c.wal.maxParallel).toBe(8);
        expect(c.data.jobs).toBe(4);
        const names = (r: Rendered) => r.kind("ObjectStore").map((o) => o.metadata.name).sort();
        expect(names(after)).toEqual(names(before));
    });

    it("renders a configured WAL compression, and none as no field (the CRD's enum has no 'none')", async () => {
        const gz = CR(await renderDatabase(defaultConfig({ backup: { walCompression: "gzip" } })), "ObjectStore", "fhir-db-store").spec.configuration;
        expect(gz.wal).toEqual({ compression: "gzip", maxParallel: 1 });
        expect(gz.data.compression).toBe("gzip");
        const zstd = CR(await renderDatabase(defaultConfig({ backup: { walCompression: "zstd" } })), "ObjectStore", "fhir-db-store");
        expect(zstd.spec.configuration.wal.compression).toBe("zstd");
        expect(validateCustomResource(zstd)).toEqual([]);
        const none = CR(await renderDatabase(defaultConfig({ backup: { walCompression: "none" } })), "ObjectStore", "fhir-db-store");
        expect(none.spec.configuration.wal).toEqual({ maxParallel: 1 });
        expect(validateCustomResource(none)).toEqual([]);
    });

    it("refuses a WAL compression the plugin does not know, naming the key and the choices", () => {
        expect(() => defaultConfig({ backup: { walCompression: "brotli" } })).toThrow(/fhir-ha:backup\.walCompression.*none \| bzip2 \| gzip \| lz4 \| snappy \| xz \| zstd/);
    });

    it("rejects values outside 1..16 and non-integers, naming the key", () => {
        expect(() => defaultConfig({ backup: { walMaxParallel: 0 } })).toThrow(/fhir-ha:backup\.walMaxParallel/);
        expect(() => defaultConfig({ backup: { dataJobs: 17 } })).toThrow(/fhir-ha:backup\.dataJobs/);
        expect(() => defaultConfig({ backup: { dataJobs: 1.5 } })).toThrow(/fhir-ha:backup\.dataJobs/);
    });
});
