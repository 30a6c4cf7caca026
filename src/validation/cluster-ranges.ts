/**
 * The address ranges the cluster's own nodes and pods take, per cloud, with the config key that
 * sets each. An exposure range (fhir.gateway.sourceCidrs) becomes
 * a NetworkPolicy ipBlock; one that overlaps these would admit pods of every namespace, not only
 * the clients it names (Kubernetes docs, Network Policies: ipBlock is meant for cluster-external
 * IPs, and whether pod addresses match it is up to the implementation). Node ranges count too:
 * hostNetwork pods use them, and Azure CNI overlay SNATs pod traffic to the node address.
 * Pure, and it loads no cloud SDK (the plans it reads are plain address arithmetic).
 */
import { isIpv4Cidr } from "../cloud/ipv4";
import { nodeSubnetCidr } from "../clouds/azure/cidr";
import { POD_CIDR as AKS_OVERLAY_POD_CIDR } from "../clouds/azure/network-plan";
import { subnetPlan } from "../clouds/aws/subnet-plan";

export interface ClusterRange {
    /** The config key that sets the range, as users write it (`fhir-ha:aws.vpcCidr`). */
    key: string;
    cidr: string;
    /** What takes addresses there, for the message. */
    holds: string;
}

interface RangeSource {
    cloud?: unknown;
    zoneCount?: unknown;
    aws?: { vpcCidr?: unknown };
    gcp?: { subnetCidr?: unknown; podsCidr?: unknown };
    azure?: { vnetCidr?: unknown };
}

const cidr = (v: unknown): string | undefined => (typeof v === "string" && isIpv4Cidr(v) ? v : undefined);

/**
 * The node and pod ranges known from config. The kubernetes target's are the cluster's own and
 * not in config: none (docs/fhir-server.md says how to check them).
 */
export function clusterAddressRanges(c: RangeSource): ClusterRange[] {
    if (c.cloud === "aws") {
        const vpc = cidr(c.aws?.vpcCidr);
        if (!vpc) return [];
        // VPC CNI: nodes and pods take addresses of the private subnets (subnet-plan.ts). The
        // public subnets hold only NAT gateways and internet-facing load balancers.
        const zones = typeof c.zoneCount === "number" && c.zoneCount > 0 ? Math.min(c.zoneCount, 6) : 3;
        try {
            const plan = subnetPlan(vpc, Array.from({ length: zones }, (_, i) => `zone-${i}`));
            return plan.map((z) => ({ key: "fhir-ha:aws.vpcCidr", cidr: z.privateCidr, holds: "nodes and pods (VPC CNI private subnet)" }));
        } catch {
            // A VPC outside the plan's sizes is the AWS settings check's to report.
            return [{ key: "fhir-ha:aws.vpcCidr", cidr: vpc, holds: "nodes and pods (VPC CNI)" }];
        }
    }
    if (c.cloud === "gcp") {
        const nodes = cidr(c.gcp?.subnetCidr);
        const pods = cidr(c.gcp?.podsCidr);
        return [
            ...(nodes ? [{ key: "fhir-ha:gcp.subnetCidr", cidr: nodes, holds: "nodes" }] : []),
            ...(pods ? [{ key: "fhir-ha:gcp.podsCidr", cidr: pods, holds: "pods (VPC-native alias IPs)" }] : []),
        ];
    }
    if (c.cloud === "azure") {
        const vnet = cidr(c.azure?.vnetCidr);
        return [
            ...(vnet ? [{ key: "fhir-ha:azure.vnetCidr", cidr: nodeSubnetCidr(vnet), holds: "nodes (and pods' traffic, SNAT'd by Azure CNI overlay)" }] : []),
            { key: "the AKS overlay pod range (src/clouds/azure/network-plan.ts)", cidr: AKS_OVERLAY_POD_CIDR, holds: "pods" },
        ];
    }
    return [];
}
