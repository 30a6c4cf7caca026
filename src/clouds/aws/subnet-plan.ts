/**
 * The address plan of the VPC. Private subnets (nodes, pods: the VPC CNI gives every pod a VPC
 * address) get most of the space; public subnets only hold NAT gateways and internet-facing load
 * balancers, so they are small.
 *
 * The VPC is cut into 8 equal blocks: blocks 0..6 are the private subnets of the zones, block 7
 * is cut into 8 public subnets (a zone in block b gets public subnet b). For the default
 * 10.0.0.0/16 that is a /19 (8190 addresses) of private space per zone and a /22 public subnet
 * per zone.
 *
 * A zone's block is an identity of the zone, never its position in `fhir-ha:zones`: reordering,
 * removing or adding other zones must not move a zone's subnets, because a subnet's `cidrBlock`
 * and a node group's `subnetIds` cannot change in place (both ForceNew in the AWS provider's
 * aws_subnet and aws_eks_node_group; src/plan/replacements/aws.json), and EC2 refuses a subnet
 * that overlaps one still in the VPC. So:
 *  1. a zone that already has its subnets keeps their CIDRs (read from EC2 at run time,
 *     `existing`): this is what keeps every stack deployed before this rule on its addresses,
 *     whatever its list looked like;
 *  2. a new zone takes the block of its letter (`eu-central-1a` → 0, `…b` → 1), which for the
 *     lists fhir-ha picks itself (`zones: N` = the region's first N zones, a, b, c in most
 *     regions) is the block the old positional plan gave it;
 *  3. if that block is taken (by a subnet still in the VPC, or a letter past `g`), the lowest
 *     free block.
 * Pure.
 */
import { formatCidr, Ipv4Block, parseCidr, subBlock } from "../../cloud/ipv4";

/** The largest and smallest VPC this plan supports (AWS allows /16 to /28). */
export const MIN_VPC_PREFIX = 16;
/** /20 at most: smaller VPCs leave each zone a private subnet too small for VPC CNI pod addresses (a /23 per zone at /20). */
export const MAX_VPC_PREFIX = 20;
export const MAX_ZONES = 6;
/** Private blocks 0..6; block 7 holds the public subnets. */
const PRIVATE_BLOCKS = 7;

export interface ZoneSubnets {
    zone: string;
    privateCidr: string;
    publicCidr: string;
}

/** A subnet of this stack that exists in EC2 now (from DescribeSubnets). */
export interface ExistingSubnet {
    zone: string;
    kind: "private" | "public";
    cidr: string;
}

/** The block a zone's letter asks for ("eu-central-1c" → 2); undefined for a name not ending in a letter. */
export function zoneLetterBlock(zone: string): number | undefined {
    const m = /[a-z]$/.exec(zone);
    return m ? m[0].charCodeAt(0) - "a".charCodeAt(0) : undefined;
}

export function subnetPlan(vpcCidr: string, zones: string[], existing: ExistingSubnet[] = []): ZoneSubnets[] {
    const vpc = parseCidr(vpcCidr);
    if (vpc.prefix < MIN_VPC_PREFIX || vpc.prefix > MAX_VPC_PREFIX) {
        throw new Error(`VPC CIDR ${vpcCidr}: the prefix must be from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX}`);
    }
    if (zones.length > MAX_ZONES) throw new Error(`at most ${MAX_ZONES} zones fit the subnet plan, got ${zones.length}`);
    const privateBlock = (i: number): Ipv4Block => subBlock(vpc, vpc.prefix + 3, i);
    const publicParent = subBlock(vpc, vpc.prefix + 3, 7);
    const publicBlock = (i: number): Ipv4Block => subBlock(publicParent, publicParent.prefix + 3, i);
    const blockOf = (cidr: string, block: (i: number) => Ipv4Block): number | undefined => {
        const wanted = formatCidr(parseCidr(cidr));
        const i = [...Array(8).keys()].find((n) => formatCidr(block(n)) === wanted);
        return i !== undefined && i < PRIVATE_BLOCKS ? i : undefined;
    };

    // Blocks held by subnets in the VPC now, including those of zones being removed (EC2 deletes
    // them only at the end of the deploy, after the new ones are created).
    const taken = new Set<number>();
    for (const s of existing) {
        const i = blockOf(s.cidr, s.kind === "private" ? privateBlock : publicBlock);
        if (i !== undefined) taken.add(i);
    }
    const found = (zone: string, kind: ExistingSubnet["kind"]) => existing.find((s) => s.zone === zone && s.kind === kind)?.cidr;
    const block: Record<string, number> = {};
    const fresh = zones.filter((z) => found(z, "private") === undefined && found(z, "public") === undefined);
    for (const zone of zones.filter((z) => !fresh.includes(z))) {
        const i = blockOf(found(zone, "private") ?? found(zone, "public")!, found(zone, "private") ? privateBlock : publicBlock);
        if (i !== undefined) block[zone] = i;
    }
    // Letters first, so a fallback never takes the block another new zone's letter asks for.
    for (const zone of fresh) {
        const i = zoneLetterBlock(zone);
        if (i !== undefined && i < PRIVATE_BLOCKS && !taken.has(i)) {
            block[zone] = i;
            taken.add(i);
        }
    }
    for (const zone of zones.filter((z) => block[z] === undefined)) {
        const i = [...Array(PRIVATE_BLOCKS).keys()].find((n) => !taken.has(n));
        if (i === undefined) throw new Error(`no free subnet block left in VPC ${vpcCidr} for zone ${zone}`);
        block[zone] = i;
        taken.add(i);
    }
    return zones.map((zone) => ({
        zone,
        privateCidr: found(zone, "private") ?? formatCidr(privateBlock(block[zone])),
        publicCidr: found(zone, "public") ?? formatCidr(publicBlock(block[zone])),
    }));
}
