/**
 * One managed node group per zone. A group spanning zones lets the autoscaler add a node in any
 * zone, not in the one where a Postgres volume (EBS is zonal) waits for a pod; one group per zone
 * keeps every zone's capacity and makes scale-ups zone-aware.
 */
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { ClusterConfig } from "../../config/types";
import { managedPolicyArn, serviceTrustPolicy } from "./policies";

/** What every node needs: join the cluster, run the VPC CNI, pull images from ECR. */
export const NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"];

/** Root volume of each node, GiB: the FHIR server and Postgres images are large. */
export const NODE_DISK_GIB = 50;

/**
 * The AL2023 AMI type for an instance type: Graviton families (m7g, c6gn, r8gd, a1, ...) need
 * the ARM image, everything else the x86_64 one.
 */
export function amiTypeFor(instanceType: string): string {
    const family = instanceType.split(".")[0];
    const graviton = family === "a1" || /^[a-z]+\d+g[a-z]*$/.test(family);
    return graviton ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}

/** Sizes of each zone's group: start at the minimum, the autoscaler may grow to the maximum. */
export function nodeScaling(cluster: ClusterConfig) {
    return {
        minSize: cluster.nodesPerZone,
        desiredSize: cluster.nodesPerZone,
        maxSize: Math.max(cluster.nodesPerZone, cluster.maxNodesPerZone),
    };
}

export interface NodeGroupsArgs {
    clusterName: pulumi.Input<string>;
    kubernetesVersion: pulumi.Input<string>;
    zones: string[];
    /** Private subnet id of each zone, same order as `zones`. */
    subnetIds: pulumi.Input<string>[];
    cluster: ClusterConfig;
    partition: pulumi.Input<string>;
    tags: Record<string, string>;
    /** Add-ons the nodes need before they can become Ready (vpc-cni, kube-proxy). */
    dependsOn: pulumi.Resource[];
}

export function createNodeGroups(name: string, args: NodeGroupsArgs, parent: pulumi.Resource): eks.NodeGroup[] {
    const role = new iam.Role(
        `${name}-node-role`,
        { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")), tags: args.tags },
        { parent },
    );
    const attachments = NODE_POLICIES.map(
        (policy) =>
            new iam.RolePolicyAttachment(
                `${name}-node-${policy}`,
                { role: role.name, policyArn: pulumi.output(args.partition).apply((p) => managedPolicyArn(p, policy)) },
                { parent },
            ),
    );
    return args.zones.map(
        (zone, i) =>
            new eks.NodeGroup(
                `${name}-nodes-${zone}`,
                {
                    clusterName: args.clusterName,
                    version: args.kubernetesVersion,
                    nodeRoleArn: role.arn,
                    subnetIds: [args.subnetIds[i]],
                    instanceTypes: [args.cluster.nodeSize],
                    amiType: amiTypeFor(args.cluster.nodeSize),
                    capacityType: "ON_DEMAND",
                    diskSize: NODE_DISK_GIB,
                    scalingConfig: nodeScaling(args.cluster),
                    // Replace one node at a time so a zone never loses its Postgres and FHIR pods at once.
                    updateConfig: { maxUnavailable: 1 },
                    // EKS replaces nodes that report unhealthy (kubelet, container runtime, disk).
                    nodeRepairConfig: { enabled: true },
                    tags: args.tags,
                },
                {
                    parent,
                    dependsOn: [...attachments, ...args.dependsOn],
                    // The cluster autoscaler owns the current size; a deploy must not reset it.
                    ignoreChanges: ["scalingConfig.desiredSize"],
                },
            ),
    );
}
