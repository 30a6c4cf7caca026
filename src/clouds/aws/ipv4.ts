/** Just enough IPv4 arithmetic to carve a VPC into per-zone subnets. */

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
    const size = 2 ** (32 - prefix);
    // Host bits are dropped: "10.0.0.1/16" means the 10.0.0.0/16 network.
    return { base: Math.floor(address / size) * size, prefix };
}

export function formatCidr(block: Ipv4Block): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(block.base / 2 ** shift) % 256);
    return `${octets.join(".")}/${block.prefix}`;
}

/** The `index`-th sub-block of `block` with `newPrefix`. */
export function subBlock(block: Ipv4Block, newPrefix: number, index: number): Ipv4Block {
    if (newPrefix < block.prefix || newPrefix > 32) throw new Error(`/${newPrefix} does not fit in /${block.prefix}`);
    const count = 2 ** (newPrefix - block.prefix);
    if (index < 0 || index >= count) throw new Error(`sub-block ${index} out of range (a /${block.prefix} has ${count} /${newPrefix} blocks)`);
    return { base: block.base + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}
