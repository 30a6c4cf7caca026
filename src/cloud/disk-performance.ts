/**
 * What each cloud's Postgres disk delivers, as published by the cloud: sustained IOPS and
 * throughput at a size, what can be provisioned on top, and the limits a provisioned value must
 * respect. Pure data and functions, shared by config validation, the database tier (which renders
 * provisioned performance as a VolumeAttributesClass) and the checklist's disk-floor rule.
 *
 * Figures as published on 2026-12-07 (each model names its source). Sizes are GiB; throughput is
 * MB/s as each cloud states it (AWS and GCP publish MiB/s, Azure MB/s; the difference, 4.9 %, is
 * below every margin used here).
 */

/** The floor every shipped production stack meets on every volume: the gp3 baseline. */
export const DISK_FLOOR = { iops: 3000, mbps: 125 };

export interface DiskPerformance {
    iops: number;
    mbps: number;
}

export interface ProvisionLimits {
    minIops: number;
    maxIops: number;
    /** Most IOPS per GiB of volume size. */
    iopsPerGiB: number;
    minMbps: number;
    maxMbps: number;
    /** Most MB/s per provisioned IOPS. */
    mbpsPerIops: number;
}

export interface DiskModel {
    /** The cloud's name for the disk type, as the StorageClass carries it. */
    type: string;
    /** Sustained performance of a volume of `sizeGiB` with nothing provisioned. */
    baseline(sizeGiB: number): DiskPerformance;
    /** What IOPS and throughput may be provisioned; undefined when the type takes no such setting. */
    provision?: ProvisionLimits;
    source: string;
}

/** Azure Premium SSD (v1) tiers: the smallest tier at least as large as the disk decides its performance. */
const PREMIUM_V1_TIERS: [number, number, number][] = [
    // [size GiB, IOPS, MB/s] P4 .. P80
    [32, 120, 25],
    [64, 240, 50],
    [128, 500, 100],
    [256, 1100, 125],
    [512, 2300, 150],
    [1024, 5000, 200],
    [2048, 7500, 250],
    [4096, 7500, 250],
    [8192, 16000, 500],
    [16384, 18000, 750],
    [32767, 20000, 900],
];

export const DISK_MODELS: Record<string, DiskModel> = {
    gp3: {
        type: "gp3",
        baseline: () => ({ iops: 3000, mbps: 125 }),
        // EC2 API reference, CreateVolume / ModifyVolume (Iops: gp3 3,000-80,000; Throughput: 125-2,000 MiB/s);
        // EBS user guide "General Purpose SSD volumes": at most 500 IOPS per GiB and 0.25 MiB/s per IOPS.
        provision: { minIops: 3000, maxIops: 80000, iopsPerGiB: 500, minMbps: 125, maxMbps: 2000, mbpsPerIops: 0.25 },
        source: "https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html#gp3-ebs-volume-type",
    },
    "pd-balanced": {
        type: "pd-balanced",
        // 3,000 IOPS + 6 per GiB and 140 MB/s + 0.28 per GiB, per disk limits 80,000 IOPS and 1,200 MB/s.
        baseline: (g) => ({ iops: Math.min(3000 + 6 * g, 80000), mbps: Math.min(140 + 0.28 * g, 1200) }),
        source: "https://cloud.google.com/compute/docs/disks/performance#pd-balanced",
    },
    "pd-ssd": {
        type: "pd-ssd",
        // 6,000 IOPS + 30 per GiB and 240 MB/s + 0.48 per GiB, per disk limits 100,000 IOPS and 1,200 MB/s.
        baseline: (g) => ({ iops: Math.min(6000 + 30 * g, 100000), mbps: Math.min(240 + 0.48 * g, 1200) }),
        source: "https://cloud.google.com/compute/docs/disks/performance#pd-ssd",
    },
    "hyperdisk-balanced": {
        type: "hyperdisk-balanced",
        // Included at no charge: 3,000 IOPS and 140 MiB/s; provisioned up to 160,000 IOPS and 2,400 MiB/s.
        baseline: () => ({ iops: 3000, mbps: 140 }),
        provision: { minIops: 3000, maxIops: 160000, iopsPerGiB: 500, minMbps: 140, maxMbps: 2400, mbpsPerIops: 0.25 },
        source: "https://cloud.google.com/compute/docs/disks/hd-types/hyperdisk-balanced",
    },
    Premium_LRS: {
        type: "Premium_LRS",
        // Sustained (not burst) figures of the tier; bursting to 3,500 IOPS lasts 30 minutes on credits.
        baseline: (g) => {
            const tier = PREMIUM_V1_TIERS.find(([size]) => g <= size) ?? PREMIUM_V1_TIERS[PREMIUM_V1_TIERS.length - 1];
            return { iops: tier[1], mbps: tier[2] };
        },
        source: "https://learn.microsoft.com/azure/virtual-machines/disks-scalability-targets#premium-ssd-managed-disks-per-disk-limits",
    },
    PremiumV2_LRS: {
        type: "PremiumV2_LRS",
        // 3,000 IOPS and 125 MB/s at any size, provisioned up to 80,000 IOPS (500 per GiB) and 1,200 MB/s (0.25 per IOPS).
        baseline: () => ({ iops: 3000, mbps: 125 }),
        provision: { minIops: 3000, maxIops: 80000, iopsPerGiB: 500, minMbps: 125, maxMbps: 1200, mbpsPerIops: 0.25 },
        source: "https://learn.microsoft.com/azure/virtual-machines/disks-types#premium-ssd-v2-performance",
    },
};

/** The disk type a stack's Postgres volumes get on a cloud, or undefined where the plan cannot know (kubernetes target). */
export function diskTypeOf(cloud: string, settings: { gcpDiskType: string; azureDiskSku: string }): string | undefined {
    switch (cloud) {
        case "aws":
            return "gp3";
        case "gcp":
            return settings.gcpDiskType;
        case "azure":
            return settings.azureDiskSku;
        default:
            return undefined;
    }
}

/** Sustained performance with `iops` / `mbps` provisioned (0 = the type's baseline). */
export function diskPerformance(model: DiskModel, sizeGiB: number, iops = 0, mbps = 0): DiskPerformance {
    const base = model.baseline(sizeGiB);
    return { iops: iops > 0 ? iops : base.iops, mbps: mbps > 0 ? mbps : base.mbps };
}

export interface DiskSettings {
    /** Key names for the messages, e.g. fhir-ha:database.diskIops. */
    iopsKey: string;
    mbpsKey: string;
    typeKey: string;
    iops: number;
    mbps: number;
}

/** Problems with provisioned IOPS / throughput for one volume of `sizeGiB` (`what` names the volume and its key). */
export function diskSettingProblems(model: DiskModel, sizeGiB: number, what: string, s: DiskSettings): string[] {
    if (s.iops === 0 && s.mbps === 0) return [];
    const p = model.provision;
    if (!p) {
        return [
            `${s.iopsKey} / ${s.mbpsKey}: ${model.type} (${s.typeKey}) takes no provisioned performance; its performance follows the size. ` +
                "Leave both at 0, or choose a disk type that takes them (gp3 on aws, hyperdisk-balanced on gcp, PremiumV2_LRS on azure)",
        ];
    }
    const problems: string[] = [];
    const iops = s.iops > 0 ? s.iops : model.baseline(sizeGiB).iops;
    if (s.iops > 0) {
        const max = Math.min(p.maxIops, Math.floor(p.iopsPerGiB * sizeGiB));
        if (s.iops < p.minIops || s.iops > max) {
            problems.push(`${s.iopsKey} = ${s.iops}: ${model.type} takes ${p.minIops} to ${max} IOPS for the ${sizeGiB} GiB ${what} (at most ${p.maxIops}, and ${p.iopsPerGiB} per GiB)`);
        }
    }
    if (s.mbps > 0) {
        const max = Math.min(p.maxMbps, Math.floor(p.mbpsPerIops * iops));
        if (s.mbps < p.minMbps || s.mbps > max) {
            problems.push(`${s.mbpsKey} = ${s.mbps}: ${model.type} takes ${p.minMbps} to ${max} MB/s at ${iops} IOPS on the ${what} (at most ${p.maxMbps}, and ${p.mbpsPerIops} per IOPS: raise ${s.iopsKey} first)`);
        }
    }
    return problems;
}

/** The stack settings the disk checks read (plain values of a validated config). */
export interface StackDiskSettings {
    cloud: string;
    gcpDiskType: string;
    azureDiskSku: string;
    storageSizeBytes: number;
    walStorageSizeBytes: number;
    diskIops: number;
    diskThroughput: number;
    /** `cluster.kubernetesVersion` ("" = the cloud's default). */
    kubernetesVersion: string;
}

const GIB = 2 ** 30;
const TYPE_KEYS: Record<string, string> = { aws: "gp3 (aws)", gcp: "fhir-ha:gcp.diskType", azure: "fhir-ha:azure.diskSku" };

/**
 * Provisioned IOPS and throughput are applied through a VolumeAttributesClass (storage.k8s.io/v1,
 * GA in Kubernetes 1.34: kubernetes/enhancements KEP-3751), the only Kubernetes API that changes a
 * bound volume's performance in place. CloudNativePG 1.30 copies the Cluster's
 * `storage.pvcTemplate.volumeAttributesClassName` onto every existing PVC
 * (pkg/reconciler/persistentvolumeclaim/existing.go), and the cloud's CSI driver modifies the disk.
 */
export const VOLUME_ATTRIBUTES_MIN_MINOR = 34;

/** Problems of the disk settings of a stack: keys the disk type does not take, values past its published limits. */
export function diskConfigProblems(s: StackDiskSettings): string[] {
    if (s.diskIops === 0 && s.diskThroughput === 0) return [];
    const keys = { iopsKey: "fhir-ha:database.diskIops", mbpsKey: "fhir-ha:database.diskThroughput", iops: s.diskIops, mbps: s.diskThroughput };
    const type = diskTypeOf(s.cloud, { gcpDiskType: s.gcpDiskType, azureDiskSku: s.azureDiskSku });
    if (!type) {
        return [
            `${keys.iopsKey} / ${keys.mbpsKey}: the kubernetes target uses the cluster's own StorageClass (fhir-ha:kubernetes.storageClass), ` +
                "whose disk performance this package does not set; leave both at 0 and set the performance in that StorageClass",
        ];
    }
    const model = DISK_MODELS[type];
    const settings = { ...keys, typeKey: TYPE_KEYS[s.cloud] };
    const problems = [
        ...diskSettingProblems(model, Math.floor(s.storageSizeBytes / GIB), "data volume (fhir-ha:database.storageSize)", settings),
        ...diskSettingProblems(model, Math.floor(s.walStorageSizeBytes / GIB), "WAL volume (fhir-ha:database.walStorageSize)", settings),
    ];
    const minor = /^1\.(\d+)$/.exec(s.kubernetesVersion)?.[1];
    if (model.provision && minor !== undefined && Number(minor) < VOLUME_ATTRIBUTES_MIN_MINOR) {
        problems.push(
            `${keys.iopsKey} / ${keys.mbpsKey}: provisioned disk performance is applied through a VolumeAttributesClass, ` +
                `GA in Kubernetes 1.${VOLUME_ATTRIBUTES_MIN_MINOR}; fhir-ha:cluster.kubernetesVersion is ${s.kubernetesVersion}. Upgrade first, or leave both at 0`,
        );
    }
    // Both volumes get one class: a problem found for both says the same thing twice.
    return [...new Set(problems)];
}
