/**
 * VNet and node subnet. With Azure CNI overlay only nodes take addresses here; pods and services
 * use the overlay ranges in network-plan.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as network from "@pulumi/azure-native/network";
import { NetworkPlan } from "./network-plan";
import { NETWORK_CONTRIBUTOR, roleDefinitionId } from "./roles";

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
            // The backup account admits this subnet only (blob-specs.ts `backupNetworkRules`);
            // a virtual network rule needs the subnet's Microsoft.Storage service endpoint.
            serviceEndpoints: [{ service: "Microsoft.Storage" }],
        },
        { parent },
    );
    return { vnet, nodeSubnet };
}

/**
 * The cluster's system-assigned identity on the node subnet. AKS does not grant this itself when
 * the cluster is created through ARM (only the az CLI does, client-side), and without it the
 * cloud provider cannot manage load balancer front ends in the subnet.
 */
export function grantClusterSubnetAccess(
    name: string,
    args: { subnetId: pulumi.Input<string>; clusterPrincipalId: pulumi.Input<string>; subscriptionId: pulumi.Input<string> },
    parent: pulumi.Resource,
): authorization.RoleAssignment {
    return new authorization.RoleAssignment(
        `${name}-aks-subnet-access`,
        {
            principalId: args.clusterPrincipalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: pulumi.output(args.subscriptionId).apply((sub) => roleDefinitionId(sub, NETWORK_CONTRIBUTOR)),
            scope: args.subnetId,
        },
        { parent },
    );
}
