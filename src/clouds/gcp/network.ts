/**
 * A custom VPC for the cluster: one regional subnet for the nodes with secondary ranges for pods
 * and services (VPC-native GKE), and Cloud NAT on a Cloud Router so private nodes can pull public
 * images while having no external addresses. Private Google Access lets nodes and pods reach GCS
 * and the Google APIs without going through NAT.
 */
import * as compute from "@pulumi/gcp/compute";
import * as pulumi from "@pulumi/pulumi";
import { GcpConfig } from "../../config/types";

/** Names of the subnet's secondary ranges, referenced by the cluster's IP allocation policy. */
export const PODS_RANGE = "pods";
export const SERVICES_RANGE = "services";

export interface NetworkInputs {
    region: string;
    gcp: GcpConfig;
}

/** Pure: the subnetwork's address plan. */
export function subnetworkArgs(input: NetworkInputs, network: pulumi.Input<string>): compute.SubnetworkArgs {
    return {
        network,
        region: input.region,
        ipCidrRange: input.gcp.subnetCidr,
        secondaryIpRanges: [
            { rangeName: PODS_RANGE, ipCidrRange: input.gcp.podsCidr },
            { rangeName: SERVICES_RANGE, ipCidrRange: input.gcp.servicesCidr },
        ],
        privateIpGoogleAccess: true,
        stackType: "IPV4_ONLY",
    };
}

/** Pure: NAT for every range of the node subnet (node, pod and service addresses alike). */
export function natArgs(region: string, router: pulumi.Input<string>, subnetwork: pulumi.Input<string>): compute.RouterNatArgs {
    return {
        router,
        region,
        natIpAllocateOption: "AUTO_ONLY",
        sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
        subnetworks: [{ name: subnetwork, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
        // Port exhaustion and dropped connections show in Cloud Logging; successful flows are not logged (volume, cost).
        logConfig: { enable: true, filter: "ERRORS_ONLY" },
    };
}

export interface Network {
    network: compute.Network;
    subnetwork: compute.Subnetwork;
    router: compute.Router;
    nat: compute.RouterNat;
}

export function createNetwork(name: string, input: NetworkInputs, parent: pulumi.Resource, dependsOn: pulumi.Resource[] = []): Network {
    const opts = { parent, dependsOn };
    // No auto subnets: the address plan is exactly the one configured, nothing in other regions.
    const network = new compute.Network(`${name}-network`, { autoCreateSubnetworks: false, routingMode: "REGIONAL" }, opts);
    const subnetwork = new compute.Subnetwork(`${name}-subnet`, subnetworkArgs(input, network.id), opts);
    const router = new compute.Router(`${name}-router`, { network: network.id, region: input.region }, opts);
    const nat = new compute.RouterNat(`${name}-nat`, natArgs(input.region, router.name, subnetwork.id), opts);
    return { network, subnetwork, router, nat };
}
