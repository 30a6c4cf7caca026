/**
 * What a node's VM lets all its attached disks do together, for the node sizes the docs and the
 * shipped stacks name: a disk cannot be faster than the VM it is attached to. Sustained
 * (baseline) figures, not burst. Sizes not listed are reported as unknown, never guessed.
 *
 * Sources (2026-12-07):
 *  - AWS: "Amazon EBS-optimized instance types", baseline bandwidth (Mbps / 8 = MB/s) and baseline IOPS,
 *    https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html#gp_storage-ebs
 *  - GCP: "Persistent Disk performance limits by machine type" (E2, N2 and N2D with 2-7 and 8-15 vCPUs,
 *    pd-balanced and pd-ssd write limits), https://cloud.google.com/compute/docs/disks/performance#machine-type-disk-limits
 *  - Azure: each size's "max uncached disk throughput: IOPS/MBps",
 *    https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dsv5-series
 */
import { DiskPerformance } from "./disk-performance";

export const NODE_DISK_CAPS: Record<string, DiskPerformance> = {
    // EC2: EBS baseline bandwidth and IOPS.
    "m6i.large": { iops: 3600, mbps: 81.25 },
    "m6i.xlarge": { iops: 6000, mbps: 156.25 },
    "m6i.2xlarge": { iops: 12000, mbps: 312.5 },
    "m6i.4xlarge": { iops: 20000, mbps: 625 },
    "m7i.large": { iops: 3600, mbps: 81.25 },
    "m7i.xlarge": { iops: 6000, mbps: 156.25 },
    "m7i.2xlarge": { iops: 12000, mbps: 312.5 },
    // Compute Engine: Persistent Disk write limits of the machine's vCPU band.
    "e2-standard-2": { iops: 15000, mbps: 240 },
    "e2-standard-4": { iops: 15000, mbps: 240 },
    "e2-standard-8": { iops: 15000, mbps: 800 },
    "n2-standard-4": { iops: 15000, mbps: 240 },
    "n2-standard-8": { iops: 15000, mbps: 800 },
    // Azure Dsv5: max uncached disk IOPS and MBps.
    Standard_D2s_v5: { iops: 3750, mbps: 85 },
    Standard_D4s_v5: { iops: 6400, mbps: 145 },
    Standard_D8s_v5: { iops: 12800, mbps: 290 },
    Standard_D16s_v5: { iops: 25600, mbps: 600 },
};
