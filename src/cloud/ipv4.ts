/**
 * Just enough IPv4 arithmetic for the clouds' address plans: parse and print CIDRs, carve a block
 * into sub-blocks, and tell whether two ranges collide (a collision breaks routing only after
 * deploy, so the clouds check it before). Shared by every cloud folder; pure.
 */

export interface Ipv4Block {
    /** Network address as an unsigned 32-bit integer. */
    base: number;
    prefix: number;
}

export function parseCidr(cidr: string): Ipv4Block {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
    if (!m) throw new Error(`not an IPv4 CIDR: ${JSON.stringify(cidr)}`);
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`not an IPv4 CIDR: ${JSON.stringify(cidr)}`);
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = blockSize({ base: 0, prefix });
    // Host bits are dropped: "10.0.0.1/16" means the 10.0.0.0/16 network.
    return { base: address - (address % size), prefix };
}

export function formatCidr(block: Ipv4Block): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(block.base / 2 ** shift) % 256);
    return `${octets.join(".")}/${block.prefix}`;
}

/** Number of addresses in the block. */
export function blockSize(block: Ipv4Block): number {
    return 2 ** (32 - block.prefix);
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
    return a.base < b.base + blockSize(b) && b.base < a.base + blockSize(a);
}

/** The `index`-th sub-block of `block` with `newPrefix`. */
export function subBlock(block: Ipv4Block, newPrefix: number, index: number): Ipv4Block {
    if (newPrefix < block.prefix || newPrefix > 32) throw new Error(`/${newPrefix} does not fit in /${block.prefix}`);
    const count = 2 ** (newPrefix - block.prefix);
    if (index < 0 || index >= count) throw new Error(`sub-block ${index} out of range (a /${block.prefix} has ${count} /${newPrefix} blocks)`);
    return { base: block.base + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}

/** True for a well-formed IPv4 CIDR ("203.0.113.0/24"). */
export function isIpv4Cidr(cidr: string): boolean {
    try {
        parseCidr(cidr);
        return true;
    } catch {
        return false;
    }
}

/** True when block `inner` lies wholly inside `outer`. */
export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
    return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + blockSize(inner) <= outer.base + blockSize(outer);
}
