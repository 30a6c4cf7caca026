/**
 * The address plan of the VPC. Private subnets (nodes, pods: the VPC CNI gives every pod a VPC
 * address) get most of the space; public subnets only hold NAT gateways and internet-facing load
 * balancers, so they are small.
 *
 * The VPC is cut into 8 equal blocks: blocks 0..5 are the private subnets of up to 6 zones, block
 * 7 is cut into 8 public subnets. For the default 10.0.0.0/16 that is a /19 (8190 addresses) of
 * private space per zone and a /22 public subnet per zone.
 */
import { formatCidr, parseCidr, subBlock } from "../../cloud/ipv4";

/** The largest and smallest VPC this plan supports (AWS allows /16 to /28). */
export const MIN_VPC_PREFIX = 16;
/** /20 at most: smaller VPCs leave each zone a private subnet too small for VPC CNI pod addresses (a /23 per zone at /20). */
export const MAX_VPC_PREFIX = 20;
export const MAX_ZONES = 6;

export interface ZoneSubnets {
    zone: string;
    privateCidr: string;
    publicCidr: string;
}

export function subnetPlan(vpcCidr: string, zones: string[]): ZoneSubnets[] {
    const vpc = parseCidr(vpcCidr);
    if (vpc.prefix < MIN_VPC_PREFIX || vpc.prefix > MAX_VPC_PREFIX) {
        throw new Error(`VPC CIDR ${vpcCidr}: the prefix must be from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX}`);
    }
    if (zones.length > MAX_ZONES) throw new Error(`at most ${MAX_ZONES} zones fit the subnet plan, got ${zones.length}`);
    const publicBlock = subBlock(vpc, vpc.prefix + 3, 7);
    return zones.map((zone, i) => ({
        zone,
        privateCidr: formatCidr(subBlock(vpc, vpc.prefix + 3, i)),
        publicCidr: formatCidr(subBlock(publicBlock, publicBlock.prefix + 3, i)),
    }));
}
