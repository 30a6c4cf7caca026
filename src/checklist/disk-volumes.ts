/**
 * The Postgres volumes of a plan with the performance their disks sustain: each writable or
 * replica CNPG Cluster's data and WAL volume, its StorageClass (disk type) and, when the stack
 * provisions more than the baseline, its VolumeAttributesClass. Shared by the disk rules.
 */
import { DISK_MODELS, diskPerformance, DiskPerformance } from "../cloud/disk-performance";
import { parseQuantity } from "../config/quantity";
import { byObjectName, cnpgClusters, objectName, ofType } from "./resources";
import { CheckContext } from "./types";

const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
const ATTRIBUTES_CLASS = "kubernetes:storage.k8s.io/v1:VolumeAttributesClass";

export interface PlannedVolume {
    /** e.g. "Cluster fhir-db data volume". */
    label: string;
    sizeGiB: number;
    /** The disk type the StorageClass names (gp3, pd-balanced, PremiumV2_LRS, ...), or why it is unknown. */
    diskType?: string;
    unknown?: string;
    performance?: DiskPerformance;
}

/** The disk type a StorageClass provisions: `type` (EBS, PD) or `skuName` (Azure Disk). */
function diskTypeOfClass(parameters: Record<string, any> | undefined): string | undefined {
    const t = parameters?.type ?? parameters?.skuName ?? parameters?.storageAccountType;
    return typeof t === "string" ? t : undefined;
}

/** Provisioned IOPS / MB/s from a VolumeAttributesClass's driver parameters, whatever the driver calls them. */
function provisioned(parameters: Record<string, any> | undefined): { iops: number; mbps: number } {
    const num = (v: unknown) => (typeof v === "string" || typeof v === "number" ? parseFloat(String(v)) || 0 : 0);
    return {
        iops: num(parameters?.iops ?? parameters?.DiskIOPSReadWrite),
        mbps: num(parameters?.throughput ?? parameters?.DiskMBpsReadWrite),
    };
}

export function plannedVolumes(ctx: CheckContext): PlannedVolume[] {
    const classes = ofType(ctx, STORAGE_CLASS);
    const attributes = ofType(ctx, ATTRIBUTES_CLASS);
    return cnpgClusters(ctx).flatMap((c) =>
        (["storage", "walStorage"] as const)
            .map((key) => ({ key, spec: c.inputs?.spec?.[key] as Record<string, any> | undefined }))
            .filter((v) => v.spec)
            .map(({ key, spec }): PlannedVolume => {
                const label = `Cluster ${objectName(c)} ${key === "storage" ? "data" : "WAL"} volume`;
                const sizeGiB = Math.floor((parseQuantity(String(spec?.size ?? "")) ?? 0) / 2 ** 30);
                const sc = spec?.storageClass ? byObjectName(classes, spec.storageClass) : undefined;
                if (!sc) return { label, sizeGiB, unknown: spec?.storageClass ? `StorageClass ${spec.storageClass} is not in the plan` : "the cluster's default StorageClass" };
                const diskType = diskTypeOfClass(sc.inputs?.parameters);
                const model = diskType ? DISK_MODELS[diskType] : undefined;
                if (!model) return { label, sizeGiB, diskType, unknown: `disk type ${diskType ?? "(none)"} of StorageClass ${spec?.storageClass} has no published model here` };
                const vacName = spec?.pvcTemplate?.volumeAttributesClassName;
                const vac = vacName ? byObjectName(attributes, vacName) : undefined;
                const p = provisioned(vac?.inputs?.parameters);
                return { label, sizeGiB, diskType, performance: diskPerformance(model, sizeGiB, p.iops, p.mbps) };
            }),
    );
}

/** The VM sizes the stack's workload nodes run on, as each cloud's node group spells them. */
export function nodeSizes(ctx: CheckContext): string[] {
    const aws = ofType(ctx, "aws:eks/nodeGroup:NodeGroup").flatMap((g) => (Array.isArray(g.inputs?.instanceTypes) ? g.inputs.instanceTypes : []));
    const gcp = ofType(ctx, "gcp:container/nodePool:NodePool").map((p) => p.inputs?.nodeConfig?.machineType);
    const azure = ofType(ctx, "azure-native:containerservice:AgentPool").map((p) => p.inputs?.vmSize);
    return [...new Set([...aws, ...gcp, ...azure].filter((s): s is string => typeof s === "string" && s !== ""))].sort();
}
