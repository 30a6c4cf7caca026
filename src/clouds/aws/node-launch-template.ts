/**
 * The launch template every managed node group boots from: an encrypted gp3 root volume and an
 * explicit IMDSv2 setting. Without a launch template EKS creates the root volume unencrypted
 * unless the account encrypts every new EBS volume by default (EKS user guide, "Simplify node
 * lifecycle with managed node groups": "If you want to encrypt Amazon EBS volumes for your nodes,
 * you can deploy the nodes using a launch template"). The root volume holds /var/log/pods, where
 * the FHIR server's and PostgreSQL's logs (which can quote patient data in error details) land.
 *
 * No image id: EKS still chooses the EKS-optimised AMI of the group's `amiType` and
 * `releaseVersion` ("Customizing managed nodes with launch templates": an AMI in the template
 * makes the group CUSTOM; without one EKS supplies the AMI and its bootstrap). No instance type
 * either: the group names it (EKS refuses it in both places).
 *
 * On a group created without a launch template EKS cannot add one later (CreateNodegroup API
 * reference: "you will only be able to update a node group using a launch template only if it was
 * originally deployed with a launch template"), and terraform-provider-aws
 * internal/service/eks/node_group.go marks `launch_template.0.id` ForceNew: switching an existing
 * stack to it replaces each zone's group (docs/clouds/aws.md, Node disk encryption). A change of
 * the template itself is a new template version, which the groups roll in place (`version` is
 * not ForceNew there), zone after zone along the existing chain.
 */
import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";

/**
 * IMDSv2 only, and one network hop: pods (one hop further than the node) cannot fetch the node
 * role's credentials. The same values EKS applies to AL2023 managed groups without a launch
 * template (EKS user guide, "Upgrade from Amazon Linux 2 to Amazon Linux 2023": IMDSv2 required,
 * hop count 1 for managed node groups; raising it to 2 is only for containers that need the
 * node's credentials, which none here does: the CNI, the CSI driver and the backups use IRSA).
 */
export const NODE_METADATA_OPTIONS = { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 };

/** The AL2023 root device name (the EKS-optimised AL2023 AMIs boot from /dev/xvda). */
export const ROOT_DEVICE = "/dev/xvda";

export interface NodeLaunchTemplateArgs {
    /** Root volume size, GiB (the node group's `diskSize` cannot be set with a launch template). */
    diskGib: number;
    tags: Record<string, string>;
}

/** The root volume: gp3, encrypted with the account's EBS key (aws/ebs) unless one is named, removed with the node. */
export function rootVolume(diskGib: number) {
    return {
        deviceName: ROOT_DEVICE,
        ebs: { volumeSize: diskGib, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
    };
}

export function createNodeLaunchTemplate(name: string, args: NodeLaunchTemplateArgs, parent: pulumi.Resource): ec2.LaunchTemplate {
    return new ec2.LaunchTemplate(
        `${name}-node-template`,
        {
            description: "fhir-ha: EKS managed node groups (encrypted root volume, IMDSv2)",
            blockDeviceMappings: [rootVolume(args.diskGib)],
            metadataOptions: NODE_METADATA_OPTIONS,
            tagSpecifications: [
                { resourceType: "instance", tags: args.tags },
                { resourceType: "volume", tags: args.tags },
            ],
            tags: args.tags,
        },
        { parent },
    );
}
