/**
 * Who can reach the Kubernetes API server, the same concept on every cloud
 * (`fhir-ha:cluster.apiAccess`):
 *
 * - `public`: a public endpoint that only `allowedCidrs` reach (EKS publicAccessCidrs, GKE
 *   master authorized networks, AKS authorized IP ranges). The machines that run `pulumi up`
 *   (CI runners, operators) must be in the list, or the first deploy cannot create a single
 *   Kubernetes object. So an empty list is refused, and so is the whole internet (`/0`) unless
 *   `allowAnyAddress` says so.
 * - `private`: no public endpoint. The cluster is created, but every Kubernetes object needs a
 *   deploying machine inside the network (a runner in the VPC/VNet, a VPN, a bastion): each
 *   cloud's doc describes that deploy.
 * - `dns` (GCP only): GKE's DNS-based control-plane endpoint, reachable from anywhere and
 *   authorised by IAM on every request; `allowedCidrs` then also restrict the IP endpoint.
 *
 * Pure functions over validated values; the cloud folders turn the result into their resources.
 */
import { isIpv4Cidr } from "./ipv4";

export const API_ACCESS_MODES = ["public", "private", "dns"];

/** Clouds that offer each mode. */
export const API_ACCESS_MODES_BY_CLOUD: Record<string, string[]> = {
    aws: ["public", "private"],
    gcp: ["dns", "public", "private"],
    azure: ["public", "private"],
};

/** The default mode per cloud: GKE's DNS endpoint needs no address list; elsewhere the list is required. */
export function defaultApiAccessMode(cloud: string): string {
    return cloud === "gcp" ? "dns" : "public";
}

export interface ApiAccessConfig {
    /** public | private | dns */
    mode: string;
    /** IPv4 CIDRs allowed to reach the public endpoint. */
    allowedCidrs: string[];
    /** Allow `0.0.0.0/0` (or any /0) in allowedCidrs. */
    allowAnyAddress: boolean;
}

/** Problems with the API access settings for a cloud, each naming its key and what is allowed. */
export function apiAccessProblems(cloud: string, access: ApiAccessConfig): string[] {
    const key = (k: string) => `fhir-ha:cluster.apiAccess.${k}`;
    const modes = API_ACCESS_MODES_BY_CLOUD[cloud];
    if (!modes) return []; // the kubernetes target brings its own API server
    const problems: string[] = [];
    if (!modes.includes(access.mode)) {
        problems.push(`${key("mode")} = ${JSON.stringify(access.mode)}: ${cloud} offers ${modes.join(" | ")}`);
        return problems;
    }
    const bad = access.allowedCidrs.filter((c) => !isIpv4Cidr(c));
    if (bad.length > 0) problems.push(`${key("allowedCidrs")}: not IPv4 CIDRs: ${bad.join(", ")} (e.g. "198.51.100.0/24")`);
    const everywhere = access.allowedCidrs.filter((c) => isIpv4Cidr(c) && c.endsWith("/0"));
    if (everywhere.length > 0 && !access.allowAnyAddress) {
        problems.push(
            `${key("allowedCidrs")} contains ${everywhere.join(", ")}: that opens the API server of a PHI workload to the whole internet; ` +
                `list your runners' and operators' CIDRs, or set ${key("allowAnyAddress")} to true to accept it`,
        );
    }
    if (access.mode === "public" && access.allowedCidrs.length === 0) {
        problems.push(
            `${key("allowedCidrs")}: required when ${key("mode")} is "public": list the egress CIDRs of every machine that runs ` +
                `\`pulumi up\` (CI runners, operators), or they cannot reach the cluster they create; ` +
                `or set ${key("mode")} to "private" and deploy from inside the network (docs/clouds/${cloud}.md)`,
        );
    }
    if (access.mode === "private" && access.allowedCidrs.length > 0) {
        problems.push(`${key("allowedCidrs")}: must be empty when ${key("mode")} is "private" (there is no public endpoint to restrict)`);
    }
    return problems;
}
