/**
 * Checks of the stack that need GCP knowledge the generic validator does not have: the four
 * address ranges must not overlap, a CMEK key must be a full Cloud KMS key name in the bucket's
 * location, the machine type must take the disk type, GKE's maintenance-window limits, and
 * `backup.immutable` is refused. Pure; `resolveZones` reports these before any resource exists.
 */
import { Ipv4Block, overlaps, parseCidr } from "../../cloud/ipv4";
import { show } from "../../config/errors";
import { FhirHaConfig, GcpConfig } from "../../config/types";
import { archiveLocation } from "./archive-location";
import { immutableProblem } from "./bucket-policy";
import { gkeMaintenanceProblems } from "./maintenance";

const KMS_KEY = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

interface Range {
    key: string;
    cidr: string;
    block: Ipv4Block;
}

/** The range, or undefined when the generic validator already refused its syntax. */
function range(key: string, cidr: string): Range | undefined {
    try {
        return { key, cidr, block: parseCidr(cidr) };
    } catch {
        return undefined;
    }
}

export function gcpSettingsProblems(gcp: GcpConfig): string[] {
    const problems: string[] = [];
    if (!/\/28$/.test(gcp.masterCidr)) {
        problems.push(`fhir-ha:gcp.masterCidr = ${show(gcp.masterCidr)}: GKE needs a /28 for the private control plane, e.g. "172.16.0.0/28"`);
    }
    const ranges = (
        [
            ["gcp.subnetCidr", gcp.subnetCidr],
            ["gcp.podsCidr", gcp.podsCidr],
            ["gcp.servicesCidr", gcp.servicesCidr],
            ["gcp.masterCidr", gcp.masterCidr],
        ] as const
    )
        .map(([key, cidr]) => range(key, cidr))
        .filter((r): r is Range => r !== undefined);
    for (let i = 0; i < ranges.length; i++) {
        for (let j = i + 1; j < ranges.length; j++) {
            const [a, b] = [ranges[i], ranges[j]];
            if (overlaps(a.block, b.block)) {
                problems.push(`fhir-ha:${b.key} = ${show(b.cidr)}: overlaps fhir-ha:${a.key} = ${show(a.cidr)}; the node, pod, service and control-plane ranges must be disjoint`);
            }
        }
    }
    if (gcp.kmsKeyName !== "" && !KMS_KEY.test(gcp.kmsKeyName)) {
        problems.push(
            `fhir-ha:gcp.kmsKeyName = ${show(gcp.kmsKeyName)}: must be a full key name, projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>`,
        );
    }
    if (gcp.extendedSupport && gcp.releaseChannel !== "EXTENDED") {
        problems.push(
            `fhir-ha:gcp.extendedSupport = true: GKE keeps a version past its end of standard support only in the Extended channel; ` +
                `set fhir-ha:gcp.releaseChannel to "EXTENDED" (now ${show(gcp.releaseChannel)})`,
        );
    }
    return problems;
}

/**
 * Machine series that attach only Hyperdisk, never Persistent Disk (pd-balanced, pd-ssd): their
 * nodes could not mount a Postgres volume of `gcp.diskType`, and GKE refuses their boot disk.
 * Sources: https://cloud.google.com/compute/docs/general-purpose-machines (N4, C4, C4A, C4D:
 * "supported disk types: Hyperdisk"), https://cloud.google.com/compute/docs/memory-optimized-machines (X4),
 * https://cloud.google.com/kubernetes-engine/docs/concepts/node-images#machine_series_disk_support.
 */
export const HYPERDISK_ONLY_SERIES = ["n4", "n4a", "n4d", "c4", "c4a", "c4d", "x4"];

/** The machine series of a Compute Engine machine type ("n4-standard-8" -> "n4"). */
export function machineSeries(machineType: string): string {
    return machineType.split("-")[0].toLowerCase();
}

/**
 * Machine series that attach only Persistent Disk, never Hyperdisk: a hyperdisk-balanced Postgres
 * volume could not be mounted on their nodes. Source: https://cloud.google.com/compute/docs/disks/hd-types/hyperdisk-balanced
 * ("Machine series support": no E2, N1), https://cloud.google.com/compute/docs/general-purpose-machines
 * (E2, N1: "supported disk types: Persistent Disk").
 */
export const PERSISTENT_DISK_ONLY_SERIES = ["e2", "n1"];

/** `cluster.nodeSize` against `gcp.diskType` (and the nodes' pd-balanced boot disk). */
export function machineDiskProblems(nodeSize: string, diskType: string): string[] {
    const series = machineSeries(nodeSize);
    if (diskType.startsWith("hyperdisk-") && PERSISTENT_DISK_ONLY_SERIES.includes(series)) {
        return [
            `fhir-ha:gcp.diskType = ${show(diskType)}: ${series.toUpperCase()} machines (fhir-ha:cluster.nodeSize = ${show(nodeSize)}) attach only Persistent Disk; ` +
                'choose a series that attaches both Hyperdisk and the nodes\' Persistent Disk boot disk, e.g. c3 ("c3-standard-4"), or keep pd-balanced',
        ];
    }
    if (!HYPERDISK_ONLY_SERIES.includes(series)) return [];
    const what = diskType.startsWith("hyperdisk-") ? "the nodes' boot disk (pd-balanced)" : `fhir-ha:gcp.diskType = ${show(diskType)} (and the nodes' boot disk)`;
    return [
        `fhir-ha:cluster.nodeSize = ${show(nodeSize)}: ${series.toUpperCase()} machines attach only Hyperdisk, and ${what} ` +
            "is Persistent Disk; choose a series that takes Persistent Disk, e.g. e2, n2, n2d, c3 (\"e2-standard-4\", \"n2-standard-4\")",
    ];
}

/** The location of a full Cloud KMS key name ("projects/p/locations/<here>/keyRings/..."). */
export function kmsKeyLocation(keyName: string): string | undefined {
    return /^projects\/[^/]+\/locations\/([^/]+)\//.exec(keyName)?.[1]?.toLowerCase();
}

/**
 * Cloud KMS's name for the location of a bucket whose key it holds. Cloud Storage names the
 * multi-regions EU, ASIA and US; Cloud KMS names the same multi-regions `europe`, `asia` and `us`
 * (https://cloud.google.com/kms/docs/locations, "Multi-regional" / "europe": "Resources created in
 * the europe multi-region are not stored in europe-west2 or europe-west6"). Regions and the
 * predefined dual-regions (EUR4, NAM4, ASIA1) carry the same name in both, lowercased.
 */
const KMS_NAME_OF_STORAGE_MULTI_REGION: Record<string, string> = { eu: "europe", asia: "asia", us: "us" };

export function kmsLocationForBucket(bucketLocation: string): string {
    const location = bucketLocation.toLowerCase();
    return KMS_NAME_OF_STORAGE_MULTI_REGION[location] ?? location;
}

/**
 * A CMEK key must live in the bucket's location: a regional bucket needs a key in that region, a
 * dual-region (EUR4, NAM4) or multi-region (EU, US, ASIA) bucket a key in the KMS location of the
 * same name (EU -> europe, ASIA -> asia). GCS refuses the bucket otherwise, at create time.
 * Source: https://cloud.google.com/storage/docs/encryption/customer-managed-keys#key-location
 */
export function kmsLocationProblems(config: Pick<FhirHaConfig, "gcp" | "region" | "backup">): string[] {
    const location = kmsKeyLocation(config.gcp.kmsKeyName);
    if (!location) return [];
    // A configurable dual-region (backup.replica.region) is located in its multi-region (US, EU, ASIA).
    const bucket = config.backup.replica.region ? archiveLocation(config).location : config.gcp.bucketLocation || config.region;
    const needed = kmsLocationForBucket(bucket);
    if (location === needed) return [];
    return [
        `fhir-ha:gcp.kmsKeyName: the key is in KMS location "${location}", the bucket in "${bucket}" ` +
            `(${config.backup.replica.region ? "fhir-ha:backup.replica.region" : config.gcp.bucketLocation ? "fhir-ha:gcp.bucketLocation" : "gcp:region"}); GCS needs a key in KMS location "${needed}": ` +
            `use a key ring there (projects/<project>/locations/${needed}/keyRings/...) or change the bucket's location`,
    ];
}

/** Every GCP-specific problem of a validated stack config. */
export function gcpStackProblems(config: FhirHaConfig): string[] {
    const immutable = immutableProblem(config.backup);
    return [
        ...gcpSettingsProblems(config.gcp),
        ...kmsLocationProblems(config),
        ...machineDiskProblems(config.cluster.nodeSize, config.gcp.diskType),
        ...gkeMaintenanceProblems(config.cluster.maintenance),
        ...(immutable ? [immutable] : []),
    ];
}
