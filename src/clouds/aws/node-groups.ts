/**
 * One managed node group per zone. A group spanning zones lets the autoscaler add a node in any
 * zone, not in the one where a Postgres volume (EBS is zonal) waits for a pod; one group per zone
 * keeps every zone's capacity and makes scale-ups zone-aware.
 *
 * The groups are chained (each depends on the previous zone's group), so a Kubernetes version or
 * AMI bump rolls one zone at a time: zone 2 starts draining only when zone 1's update finished,
 * and a zone never loses its Postgres instance while another zone is also rolling.
 *
 * Each group boots from the launch template of node-launch-template.ts (encrypted root volume,
 * IMDSv2 with hop limit 1), unless `fhir-ha:aws.encryptNodeDisks` is false: then, as before that
 * key existed, no launch template, the root volume encrypted only if the account encrypts new EBS
 * volumes by default, and AL2023's own IMDS defaults (IMDSv2 required, hop limit 1; EKS user
 * guide, https://docs.aws.amazon.com/eks/latest/userguide/al2023.html).
 */
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import { getParameterOutput } from "@pulumi/aws/ssm/getParameter";
import * as pulumi from "@pulumi/pulumi";
import { ClusterConfig } from "../../config/types";
import { createNodeLaunchTemplate } from "./node-launch-template";
import { managedPolicyArn, serviceTrustPolicy } from "./policies";

/**
 * What every node needs: join the cluster and pull images from ECR. The VPC CNI's permissions
 * (AmazonEKS_CNI_Policy) are not here: the aws-node service account gets them through IRSA, so
 * no pod that reaches the node role holds them (https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html).
 */
export const NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"];

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

/**
 * The SSM parameter AWS publishes with the recommended AMI release of an EKS-optimized AL2023
 * image for a Kubernetes minor, e.g. "1.35.0-20251120" (EKS user guide, "Retrieve recommended
 * Amazon Linux AMI IDs"; the same paths terraform-aws-modules/terraform-aws-eks
 * modules/eks-managed-node-group reads for `use_latest_ami_release_version`).
 */
export function amiReleaseParameter(kubernetesVersion: string, amiType: string): string {
    const arch = amiType === "AL2023_ARM_64_STANDARD" ? "arm64" : "x86_64";
    return `/aws/service/eks/optimized-ami/${kubernetesVersion}/amazon-linux-2023/${arch}/standard/recommended/release_version`;
}

/**
 * Sizes of each zone's group. The minimum is `nodesPerZone`; the desired size is what the group
 * runs now (the Cluster Autoscaler moves it), raised to the minimum and capped at the maximum.
 * Sending the current size (rather than ignoring desiredSize) is what lets a stack raise
 * `nodesPerZone`: EKS refuses a minimum above the desired size ("Minimum capacity can't be
 * greater than desired size"), and an ignored desiredSize would keep the old one.
 */
export function nodeScaling(cluster: ClusterConfig, currentDesired?: number) {
    const minSize = cluster.nodesPerZone;
    const maxSize = Math.max(cluster.nodesPerZone, cluster.maxNodesPerZone);
    const desiredSize = Math.min(maxSize, Math.max(minSize, currentDesired ?? minSize));
    return { minSize, desiredSize, maxSize };
}

/**
 * The Pulumi resource name of a zone's group. Pulumi autonames the EKS node group
 * `<resource name>-<7 hex>`, which is how an existing group is found again.
 */
export function nodeGroupResourceName(name: string, zone: string): string {
    return `${name}-nodes-${zone}`;
}

/** The current desired size of the group autonamed from `resourceName`, among the cluster's groups. */
export function currentDesiredSize(resourceName: string, groups: { name: string; desiredSize?: number }[]): number | undefined {
    const mine = groups.find((g) => new RegExp(`^${resourceName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[0-9a-f]{7}$`).test(g.name));
    return mine?.desiredSize;
}

export interface NodeGroupsArgs {
    clusterName: pulumi.Input<string>;
    /** The cluster's ARN: known only once it exists, so the size lookup never runs against a cluster not created yet. */
    clusterArn: pulumi.Input<string>;
    /** The version the groups follow (live-cluster.ts: pinned, else what the control plane runs now). */
    kubernetesVersion: pulumi.Output<string>;
    zones: string[];
    /** Private subnet id of each zone, same order as `zones`. */
    subnetIds: pulumi.Input<string>[];
    cluster: ClusterConfig;
    partition: pulumi.Input<string>;
    tags: Record<string, string>;
    /** `fhir-ha:aws.encryptNodeDisks`: boot from the launch template with the encrypted root volume. */
    encryptNodeDisks: boolean;
    /** What must exist before any node boots: the CNI and kube-proxy add-ons, the NAT routes, the S3 endpoint. */
    dependsOn: pulumi.Resource[];
}

/** The desired sizes of the cluster's existing node groups, read from EKS (empty for a new cluster). */
function existingGroupSizes(clusterName: pulumi.Input<string>, clusterArn: pulumi.Input<string>, parent: pulumi.Resource) {
    return pulumi.all([clusterName, clusterArn]).apply(async ([cluster]) => {
        const list = await eks.getNodeGroups({ clusterName: cluster }, { parent });
        return Promise.all(
            list.names.map(async (groupName) => {
                const g = await eks.getNodeGroup({ clusterName: cluster, nodeGroupName: groupName }, { parent });
                return { name: groupName, desiredSize: g.scalingConfigs?.[0]?.desiredSize };
            }),
        );
    });
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
    const sizes = existingGroupSizes(args.clusterName, args.clusterArn, parent);
    const amiType = amiTypeFor(args.cluster.nodeSize);
    // Patch policy: every deploy moves the groups to the AMI release AWS recommends for their
    // Kubernetes minor (kernel, containerd and OS fixes). EKS applies a new AMI release only
    // when an update asks for it, and nodes the autoscaler or auto repair add boot the group's
    // current release (EKS user guide, "Update a managed node group for your cluster"), so
    // without this a group would run its creation-day AMI until the next minor upgrade. The
    // preview shows a new release as an in-place `releaseVersion` update, rolled one zone at a
    // time like a version upgrade.
    const releaseVersion = args.kubernetesVersion.apply(
        (v) => getParameterOutput({ name: amiReleaseParameter(v, amiType) }, { parent }).insecureValue,
    );
    const template = args.encryptNodeDisks ? createNodeLaunchTemplate(name, { diskGib: NODE_DISK_GIB, tags: args.tags }, parent) : undefined;
    // With a launch template the disk size lives there: EKS fails a group that sets both
    // (CreateNodegroup API reference, diskSize).
    const disk = template
        ? { launchTemplate: { id: template.id, version: template.latestVersion.apply((v) => String(v)) } }
        : { diskSize: NODE_DISK_GIB };
    const groups: eks.NodeGroup[] = [];
    args.zones.forEach((zone, i) => {
        const resourceName = nodeGroupResourceName(name, zone);
        const previous = groups[i - 1];
        groups.push(
            new eks.NodeGroup(
                resourceName,
                {
                    clusterName: args.clusterName,
                    version: args.kubernetesVersion,
                    releaseVersion,
                    nodeRoleArn: role.arn,
                    subnetIds: [args.subnetIds[i]],
                    instanceTypes: [args.cluster.nodeSize],
                    amiType,
                    capacityType: "ON_DEMAND",
                    ...disk,
                    scalingConfig: sizes.apply((s) => nodeScaling(args.cluster, currentDesiredSize(resourceName, s))),
                    // Replace one node at a time so a zone never loses its Postgres and FHIR pods at once.
                    updateConfig: { maxUnavailable: 1 },
                    // EKS replaces nodes that report unhealthy; with the node monitoring agent
                    // add-on (addons.ts) that covers kernel, network and disk problems too.
                    nodeRepairConfig: { enabled: true },
                    tags: args.tags,
                },
                {
                    parent,
                    // One zone at a time: this zone's update waits for the previous zone's.
                    dependsOn: [...attachments, ...args.dependsOn, ...(previous ? [previous] : [])],
                },
            ),
        );
    });
    return groups;
}
