/**
 * Database disks you can size (src/cloud/disk-performance.ts): what each disk type sustains at a
 * size, the published limits a provisioned value must respect (refused naming the key), the
 * VolumeAttributesClass the clouds render for provisioned performance, and what a change does to
 * an existing stack (lifecycle scenarios through the offline plan).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DISK_MODELS, diskConfigProblems, diskPerformance, StackDiskSettings } from "../src/cloud/disk-performance";
import { postgresPerformanceClassArgs } from "../src/cloud/postgres-storage";
import { ebsStorage } from "../src/clouds/aws/storage-classes";
import { azureDiskStorage } from "../src/clouds/azure/storage-classes";
import { pdStorage } from "../src/clouds/gcp/storage-classes";
import { machineDiskProblems } from "../src/clouds/gcp/settings";
import { checkConfig } from "../src/validation";
import { PlanDocument } from "../src/plan/document";
import { LifecycleRun, operationsOf, runLifecycle, statefulTouched } from "./support/lifecycle";

const GIB = 2 ** 30;

describe("what each disk type sustains", () => {
    it("gp3, hyperdisk-balanced and Premium SSD v2 give the same baseline at any size; pd-balanced grows with size", () => {
        for (const size of [20, 100, 2000]) {
            expect(DISK_MODELS.gp3.baseline(size)).toEqual({ iops: 3000, mbps: 125 });
            expect(DISK_MODELS.PremiumV2_LRS.baseline(size)).toEqual({ iops: 3000, mbps: 125 });
            expect(DISK_MODELS["hyperdisk-balanced"].baseline(size)).toEqual({ iops: 3000, mbps: 140 });
        }
        expect(DISK_MODELS["pd-balanced"].baseline(20)).toEqual({ iops: 3120, mbps: 145.6 });
        expect(DISK_MODELS["pd-balanced"].baseline(100)).toEqual({ iops: 3600, mbps: 168 });
        expect(DISK_MODELS["pd-ssd"].baseline(100)).toEqual({ iops: 9000, mbps: 288 });
    });

    it("Premium SSD v1 sustains its size tier only: P4 for a 20 GiB WAL disk, P10 for 100 GiB, P30 from 513 GiB", () => {
        expect(DISK_MODELS.Premium_LRS.baseline(20)).toEqual({ iops: 120, mbps: 25 });
        expect(DISK_MODELS.Premium_LRS.baseline(100)).toEqual({ iops: 500, mbps: 100 });
        expect(DISK_MODELS.Premium_LRS.baseline(513)).toEqual({ iops: 5000, mbps: 200 });
    });

    it("provisioned values replace the baseline, 0 keeps it", () => {
        expect(diskPerformance(DISK_MODELS.gp3, 20, 6000, 0)).toEqual({ iops: 6000, mbps: 125 });
        expect(diskPerformance(DISK_MODELS.gp3, 20, 0, 500)).toEqual({ iops: 3000, mbps: 500 });
    });
});

describe("provisioned performance is validated against the disk type's published limits", () => {
    const aws: StackDiskSettings = { cloud: "aws", gcpDiskType: "pd-balanced", azureDiskSku: "PremiumV2_LRS", storageSizeBytes: 100 * GIB, walStorageSizeBytes: 20 * GIB, diskIops: 0, diskThroughput: 0, kubernetesVersion: "" };

    it("accepts values within the limits on both volumes, and nothing to check at the baseline", () => {
        expect(diskConfigProblems({ ...aws, diskIops: 6000, diskThroughput: 500 })).toEqual([]);
        expect(diskConfigProblems(aws)).toEqual([]);
        expect(diskConfigProblems({ ...aws, cloud: "kubernetes" })).toEqual([]);
    });

    it("refuses IOPS below the baseline and above 500 per GiB of the smaller (WAL) volume, naming the key and the volume", () => {
        expect(diskConfigProblems({ ...aws, diskIops: 2000 })).toEqual([
            "fhir-ha:database.diskIops = 2000: gp3 takes 3000 to 50000 IOPS for the 100 GiB data volume (fhir-ha:database.storageSize) (at most 80000, and 500 per GiB)",
            "fhir-ha:database.diskIops = 2000: gp3 takes 3000 to 10000 IOPS for the 20 GiB WAL volume (fhir-ha:database.walStorageSize) (at most 80000, and 500 per GiB)",
        ]);
        expect(diskConfigProblems({ ...aws, diskIops: 12000 })).toEqual([
            "fhir-ha:database.diskIops = 12000: gp3 takes 3000 to 10000 IOPS for the 20 GiB WAL volume (fhir-ha:database.walStorageSize) (at most 80000, and 500 per GiB)",
        ]);
    });

    it("refuses throughput above 0.25 MB/s per IOPS and tells to raise the IOPS first", () => {
        const [p] = diskConfigProblems({ ...aws, diskThroughput: 1000 });
        expect(p).toMatch(/^fhir-ha:database\.diskThroughput = 1000: gp3 takes 125 to 750 MB\/s at 3000 IOPS on the data volume/);
        expect(p).toMatch(/raise fhir-ha:database\.diskIops first/);
        expect(diskConfigProblems({ ...aws, diskIops: 4000, diskThroughput: 1000 })).toEqual([]);
    });

    it("refuses the keys on disk types whose performance follows their size, and on the kubernetes target", () => {
        const gcp = { ...aws, cloud: "gcp", diskIops: 6000 };
        expect(diskConfigProblems(gcp)[0]).toMatch(/^fhir-ha:database\.diskIops \/ fhir-ha:database\.diskThroughput: pd-balanced \(fhir-ha:gcp\.diskType\) takes no provisioned performance/);
        expect(diskConfigProblems({ ...gcp, gcpDiskType: "hyperdisk-balanced" })).toEqual([]);
        expect(diskConfigProblems({ ...aws, cloud: "azure", azureDiskSku: "Premium_LRS", diskIops: 5000 })[0]).toMatch(/Premium_LRS \(fhir-ha:azure\.diskSku\) takes no provisioned performance/);
        expect(diskConfigProblems({ ...aws, cloud: "kubernetes", diskIops: 5000 })[0]).toMatch(/kubernetes target uses the cluster's own StorageClass \(fhir-ha:kubernetes\.storageClass\)/);
    });

    it("refuses provisioned performance on a cluster pinned below Kubernetes 1.34 (no VolumeAttributesClass v1)", () => {
        expect(diskConfigProblems({ ...aws, diskIops: 6000, kubernetesVersion: "1.33" })).toEqual([
            "fhir-ha:database.diskIops / fhir-ha:database.diskThroughput: provisioned disk performance is applied through a VolumeAttributesClass, GA in Kubernetes 1.34; fhir-ha:cluster.kubernetesVersion is 1.33. Upgrade first, or leave both at 0",
        ]);
        expect(diskConfigProblems({ ...aws, diskIops: 6000, kubernetesVersion: "1.34" })).toEqual([]);
    });

    it("runs in the stack's config validation, before anything is registered", () => {
        const r = checkConfig({ cloud: "gcp", cluster: { nodeSize: "e2-standard-4" }, database: { diskIops: 5000 } }, { region: "europe-west4" });
        expect(r.config).toBeUndefined();
        expect(r.problems.join("\n")).toMatch(/fhir-ha:database\.diskIops \/ fhir-ha:database\.diskThroughput: pd-balanced \(fhir-ha:gcp\.diskType\) takes no provisioned performance/);
    });

    it("refuses Hyperdisk on machine series that attach only Persistent Disk", () => {
        expect(machineDiskProblems("e2-standard-4", "hyperdisk-balanced")[0]).toMatch(/^fhir-ha:gcp\.diskType = "hyperdisk-balanced": E2 machines \(fhir-ha:cluster\.nodeSize = "e2-standard-4"\) attach only Persistent Disk/);
        expect(machineDiskProblems("c3-standard-4", "hyperdisk-balanced")).toEqual([]);
    });
});

describe("the storage each cloud renders", () => {
    it("renders no VolumeAttributesClass at the baseline, and one with the driver's own parameter names otherwise", () => {
        expect(postgresPerformanceClassArgs(ebsStorage(0, 0))).toBeUndefined();
        expect(postgresPerformanceClassArgs(ebsStorage(6000, 250))).toEqual({
            metadata: { name: "fhir-ha-postgres-iops-6000-throughput-250" },
            driverName: "ebs.csi.aws.com",
            parameters: { iops: "6000", throughput: "250" },
        });
        expect(postgresPerformanceClassArgs(pdStorage("hyperdisk-balanced", "europe-west4", 5000, 200))).toMatchObject({
            driverName: "pd.csi.storage.gke.io",
            parameters: { iops: "5000", throughput: "200Mi" },
        });
        expect(postgresPerformanceClassArgs(azureDiskStorage("PremiumV2_LRS", 0, 300))).toMatchObject({
            metadata: { name: "fhir-ha-postgres-diskmbpsreadwrite-300" },
            driverName: "disk.csi.azure.com",
            parameters: { DiskMBpsReadWrite: "300" },
        });
    });

    it("Premium SSD v2 gets no host caching (the only mode it takes); Hyperdisk gets no PD replication-type", () => {
        expect(azureDiskStorage("PremiumV2_LRS").parameters).toEqual({ skuName: "PremiumV2_LRS", cachingMode: "None" });
        expect(azureDiskStorage("Premium_LRS")).toMatchObject({ storageClassName: "fhir-ha-premium-disk", parameters: { skuName: "Premium_LRS" } });
        expect(pdStorage("hyperdisk-balanced", "europe-west4").parameters).toEqual({ type: "hyperdisk-balanced" });
        expect(() => azureDiskStorage("UltraSSD_LRS")).toThrow('fhir-ha:azure.diskSku = "UltraSSD_LRS": one of Premium_LRS | PremiumV2_LRS');
    });
});

const VAC = "kubernetes:storage.k8s.io/v1:VolumeAttributesClass";
const CLUSTER = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const clustersOf = (plan: PlanDocument) => plan.resources.filter((r) => r.type === CLUSTER).map((r) => (r.inputs as any).spec);

describe("changing disk performance on an existing AWS stack", () => {
    let run: LifecycleRun;
    beforeAll(async () => {
        run = await runLifecycle("aws-prod", [
            { title: "as shipped (gp3 baseline)" },
            { title: "6000 IOPS, 250 MB/s", change: { "fhir-ha:database": { diskIops: 6000, diskThroughput: 250 } } },
            { title: "8000 IOPS", change: { "fhir-ha:database": { diskIops: 8000 } } },
        ]);
    }, 120_000);

    it("provisioning creates the class and points every Cluster's data and WAL volumes at it, replacing nothing", () => {
        expect(operationsOf(run.steps[1]).filter((o) => !o.startsWith("update fhir-ha:"))).toEqual([
            "create kubernetes:storage.k8s.io/v1:VolumeAttributesClass fhir-aws-postgres-performance",
            "update kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed",
            "update kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-primary",
        ]);
        expect(statefulTouched(run.steps[1])).toEqual([]);
        for (const spec of clustersOf(run.steps[1].plan)) {
            expect(spec.storage.pvcTemplate).toEqual({ volumeAttributesClassName: "fhir-ha-postgres-iops-6000-throughput-250" });
            expect(spec.walStorage.pvcTemplate).toEqual({ volumeAttributesClassName: "fhir-ha-postgres-iops-6000-throughput-250" });
            expect(spec.storage.storageClass).toBe("fhir-ha-gp3");
        }
        expect(clustersOf(run.steps[0].plan).every((s) => s.storage.pvcTemplate === undefined)).toBe(true);
    });

    it("a new value is a new class (parameters are immutable) that the Clusters move to in place", () => {
        expect(operationsOf(run.steps[2]).filter((o) => !o.startsWith("update fhir-ha:"))).toEqual([
            "replace kubernetes:storage.k8s.io/v1:VolumeAttributesClass fhir-aws-postgres-performance",
            "update kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed",
            "update kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-primary",
        ]);
        expect(statefulTouched(run.steps[2])).toEqual([]);
        const vac = run.steps[2].plan.resources.find((r) => r.type === VAC)!;
        expect((vac.inputs as any).parameters).toEqual({ iops: "8000", throughput: "250" });
    });
});

describe("changing the Azure disk SKU on an existing stack", () => {
    let run: LifecycleRun;
    beforeAll(async () => {
        run = await runLifecycle("azure-prod", [
            { title: "Premium SSD v1, as stacks created before azure.diskSku have it", change: { "fhir-ha:azure": { diskSku: "Premium_LRS" } } },
            { title: "Premium SSD v2", change: { "fhir-ha:azure": { diskSku: "PremiumV2_LRS" } } },
        ]);
    }, 120_000);

    it("replaces only the StorageClass and updates the Clusters' class: existing volumes stay, new ones are v2", () => {
        expect(operationsOf(run.steps[1]).filter((o) => !o.startsWith("update fhir-ha:"))).toEqual([
            "replace kubernetes:storage.k8s.io/v1:StorageClass fhir-azure-postgres-storage",
            // Prometheus keeps its data on the same StorageClass (src/monitoring): its claim template follows.
            "update kubernetes:helm.sh/v4:Chart fhir-monitoring-kube-prometheus-stack",
            "update kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-delayed",
            "update kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-primary",
        ]);
        expect(statefulTouched(run.steps[1])).toEqual([]);
        expect(clustersOf(run.steps[1].plan).map((s) => s.storage.storageClass)).toEqual(["fhir-ha-premium-v2-disk", "fhir-ha-premium-v2-disk"]);
    });
});
