/**
 * IPv4 CIDR arithmetic for the VNet plan: where the node subnet goes and whether the address
 * ranges AKS uses for pods and services collide with the VNet (a collision breaks routing only
 * after deploy, so it is caught before).
 */

export interface Cidr {
    /** Network address as an unsigned 32-bit number. */
    base: number;
    prefix: number;
}

export function parseCidr(text: string): Cidr {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
    if (!m) throw new Error(`not an IPv4 CIDR: ${JSON.stringify(text)}`);
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`not an IPv4 CIDR: ${JSON.stringify(text)}`);
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - prefix);
    return { base: address - (address % size), prefix };
}

export function formatCidr(c: Cidr): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(c.base / 2 ** shift) % 256);
    return `${octets.join(".")}/${c.prefix}`;
}

export function cidrSize(c: Cidr): number {
    return 2 ** (32 - c.prefix);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

/**
 * The node subnet: the first /16 of the VNet, or the whole VNet when it is smaller. With Azure CNI
 * overlay only nodes take VNet addresses (pods come from the overlay range), so a /16 leaves the
 * rest of a larger VNet free for private endpoints or peering later.
 */
export function nodeSubnetCidr(vnetCidr: string): string {
    const vnet = parseCidr(vnetCidr);
    return formatCidr({ base: vnet.base, prefix: Math.max(vnet.prefix, 16) });
}
