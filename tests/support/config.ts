/**
 * Config fixtures shared by the cloud tests. A public API endpoint needs the deploying machines'
 * CIDRs (src/cloud/api-access.ts); fixtures that do not test API access get one documentation
 * range, unless they set `cluster.apiAccess` or a deprecated per-cloud key themselves.
 */
export const TEST_API_CIDR = "198.51.100.0/24";

export function withTestApiAccess<T extends Record<string, any>>(raw: T): T {
    const legacy = raw.aws?.publicAccessCidrs !== undefined || raw.gcp?.authorizedCidrs !== undefined;
    if (legacy || raw.cluster?.apiAccess !== undefined) return raw;
    return { ...raw, cluster: { ...(raw.cluster ?? {}), apiAccess: { allowedCidrs: [TEST_API_CIDR] } } };
}
