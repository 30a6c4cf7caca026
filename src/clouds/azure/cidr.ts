/** Where the node subnet goes in the VNet. */
import { formatCidr, parseCidr } from "../../cloud/ipv4";

/**
 * The node subnet: the first /16 of the VNet, or the whole VNet when it is smaller. With Azure CNI
 * overlay only nodes take VNet addresses (pods come from the overlay range), so a /16 leaves the
 * rest of a larger VNet free for private endpoints or peering later.
 */
export function nodeSubnetCidr(vnetCidr: string): string {
    const vnet = parseCidr(vnetCidr);
    return formatCidr({ base: vnet.base, prefix: Math.max(vnet.prefix, 16) });
}
