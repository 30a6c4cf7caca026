/**
 * VNet and node subnet. With Azure CNI overlay only nodes take addresses here; pods and services
 * use the overlay ranges in network-plan.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { NetworkPlan } from "./network-plan";

export interface NetworkArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    vnetName: string;
    subnetName: string;
    plan: NetworkPlan;
    tags: Record<string, string>;
}

export interface Network {
    vnet: network.VirtualNetwork;
    nodeSubnet: network.Subnet;
}

export function createNetwork(name: string, args: NetworkArgs, parent: pulumi.Resource): Network {
    // Subnets are separate resources and left out of the VNet's own `subnets`, so a VNet update
    // never rewrites (or drops) the subnet AKS nodes are attached to.
    const vnet = new network.VirtualNetwork(
        `${name}-vnet`,
        {
            resourceGroupName: args.resourceGroupName,
            virtualNetworkName: args.vnetName,
            location: args.location,
            addressSpace: { addressPrefixes: [args.plan.vnetCidr] },
            tags: args.tags,
        },
        { parent },
    );
    const nodeSubnet = new network.Subnet(
        `${name}-node-subnet`,
        {
            resourceGroupName: args.resourceGroupName,
            virtualNetworkName: vnet.name,
            subnetName: args.subnetName,
            addressPrefix: args.plan.nodeSubnetCidr,
            // Egress goes through the cluster's Standard load balancer, not Azure's implicit
            // default outbound access (retired for new subnets).
            defaultOutboundAccess: false,
        },
        { parent },
    );
    return { vnet, nodeSubnet };
}
