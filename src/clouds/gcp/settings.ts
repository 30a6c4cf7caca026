/**
 * Checks of `fhir-ha:gcp.*` that need GCP knowledge the generic validator does not have: GKE
 * wants a /28 for the control plane, the four ranges must not overlap, and a CMEK key must be a
 * full Cloud KMS key name. Pure; `resolveZones` reports these before any resource exists.
 */
import { Ipv4Block, overlaps, parseCidr } from "../../cloud/ipv4";
import { show } from "../../config/errors";
import { GcpConfig } from "../../config/types";

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
    return problems;
}
