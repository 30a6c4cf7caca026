/**
 * The subnets this stack's network has in EC2 now, so the subnet plan (subnet-plan.ts) keeps
 * every zone that already has subnets on the CIDRs it has, whatever position the zone has in
 * `fhir-ha:zones` today or had when it was created. Read with DescribeSubnets (`ec2.getSubnets`,
 * then `ec2.getSubnet` per id) on every preview and update; a new stack has none.
 *
 * The subnets are found by the two tags the network puts on them: the cluster's discovery tag
 * `kubernetes.io/cluster/<cluster>` (the EKS cluster name is unique in an account and region)
 * and `Name` = `<network>-private-<zone>` / `<network>-public-<zone>`.
 */
import { getSubnet } from "@pulumi/aws/ec2/getSubnet";
import { getSubnets } from "@pulumi/aws/ec2/getSubnets";
import * as pulumi from "@pulumi/pulumi";
import { ExistingSubnet } from "./subnet-plan";

/** Which of this network's subnets a `Name` tag names; undefined for anything else. */
export function subnetOfName(network: string, nameTag: string | undefined, zone: string, cidr: string): ExistingSubnet | undefined {
    for (const kind of ["private", "public"] as const) {
        if (nameTag === `${network}-${kind}-${zone}`) return { zone, kind, cidr };
    }
    return undefined;
}

export function existingSubnets(network: string, clusterName: string, parent: pulumi.Resource): pulumi.Output<ExistingSubnet[]> {
    return pulumi.output(
        (async () => {
            const opts = { parent };
            const list = await getSubnets(
                {
                    filters: [
                        { name: `tag:kubernetes.io/cluster/${clusterName}`, values: ["shared"] },
                        { name: "tag:Name", values: [`${network}-private-*`, `${network}-public-*`] },
                    ],
                },
                opts,
            );
            const subnets = await Promise.all((list.ids ?? []).map((id) => getSubnet({ id }, opts)));
            return subnets.flatMap((s) => subnetOfName(network, s.tags?.Name, s.availabilityZone, s.cidrBlock) ?? []);
        })(),
    );
}
