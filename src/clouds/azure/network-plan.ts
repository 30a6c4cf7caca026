/**
 * The address plan of the cluster: VNet and node subnet from `fhir-ha:azure.vnetCidr`, and the
 * overlay ranges for pods and services, which must not overlap the VNet.
 */
import { overlaps, parseCidr } from "../../cloud/ipv4";
import { nodeSubnetCidr } from "./cidr";

/** Azure CNI overlay pod range (AKS's own default); pods never take VNet addresses. */
export const POD_CIDR = "10.244.0.0/16";
/** Kubernetes service range and the cluster DNS address inside it (AKS's defaults). */
export const SERVICE_CIDR = "10.0.0.0/16";
export const DNS_SERVICE_IP = "10.0.0.10";

/** The smallest VNet that still leaves room for nodes of three zones plus upgrade surge. */
export const MAX_VNET_PREFIX = 24;

export interface NetworkPlan {
    vnetCidr: string;
    nodeSubnetCidr: string;
    podCidr: string;
    serviceCidr: string;
    dnsServiceIP: string;
}

export function networkPlan(vnetCidr: string): NetworkPlan {
    return { vnetCidr, nodeSubnetCidr: nodeSubnetCidr(vnetCidr), podCidr: POD_CIDR, serviceCidr: SERVICE_CIDR, dnsServiceIP: DNS_SERVICE_IP };
}

export function networkProblems(vnetCidr: string): string[] {
    const vnet = parseCidr(vnetCidr);
    const problems: string[] = [];
    if (vnet.prefix > MAX_VNET_PREFIX) {
        problems.push(`fhir-ha:azure.vnetCidr = ${JSON.stringify(vnetCidr)}: must be /${MAX_VNET_PREFIX} or larger, room for the nodes of every zone`);
    }
    for (const [what, range] of [
        ["pod overlay range", POD_CIDR],
        ["service range", SERVICE_CIDR],
    ]) {
        if (overlaps(vnet, parseCidr(range))) {
            problems.push(`fhir-ha:azure.vnetCidr = ${JSON.stringify(vnetCidr)}: overlaps the AKS ${what} ${range}; choose a range outside it, e.g. "10.224.0.0/12"`);
        }
    }
    return problems;
}
