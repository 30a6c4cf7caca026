/**
 * The EKS cluster as it is in AWS now, read on every preview and update.
 *
 * Why not the cluster resource's `version` output: for a resource whose inputs did not change,
 * `pulumi up` takes its outputs from the state of the last deploy; only `pulumi refresh` (or
 * `up --refresh`) reads them again. EKS upgrades the control plane by itself (STANDARD upgrade
 * policy at the end of standard support; EKS user guide, "Cluster upgrade policy",
 * https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html), and EKS does not
 * upgrade managed node groups or add-ons along with it ("Are Amazon EKS managed node groups
 * automatically updated along with the cluster control plane version? No.", EKS user guide,
 * "Understand the Kubernetes version lifecycle on EKS", FAQ). So node groups, add-ons and the
 * Cluster Autoscaler image that follow the version from state stay behind. A provider function
 * (invoke) runs during every preview and update and is never cached in state
 * (https://www.pulumi.com/docs/iac/concepts/functions/provider-functions/), so a plain
 * `pulumi up` plans from the version the cluster really runs.
 *
 * Chosen over `options: refresh: always` in Pulumi.yaml: that setting refreshes every resource
 * of the stack before each update (slower, and it rewrites state of all the Kubernetes objects
 * too), and it lives in the project file of the program that uses this package, which the
 * package cannot enforce.
 *
 * `eks.getClusters` first: DescribeCluster fails for a cluster that does not exist, and a new
 * stack's first preview must work. Pure helpers below are tested directly.
 */
import { getCluster } from "@pulumi/aws/eks/getCluster";
import { getClusters } from "@pulumi/aws/eks/getClusters";
import * as pulumi from "@pulumi/pulumi";

export interface LiveCluster {
    /** The Kubernetes minor version the control plane runs ("1.35"). */
    version: string;
    /** upgradePolicy.supportType as EKS reports it (STANDARD | EXTENDED). */
    supportType?: string;
}

/** The live cluster named `clusterName`, or undefined when it does not exist yet (a new stack). */
export function liveCluster(clusterName: string, parent: pulumi.Resource): pulumi.Output<LiveCluster | undefined> {
    return pulumi.output(
        (async (): Promise<LiveCluster | undefined> => {
            const all = await getClusters({}, { parent });
            if (!(all.names ?? []).includes(clusterName)) return undefined;
            const c = await getCluster({ name: clusterName }, { parent });
            if (!c.version) return undefined;
            return { version: c.version, supportType: c.upgradePolicies?.[0]?.supportType };
        })(),
    );
}

/**
 * The Kubernetes version node groups, add-ons and the autoscaler follow: the pinned version when
 * the stack pins one (the cluster is updated to it in the same deploy, before them), else the
 * version the live cluster runs, else (a cluster this deploy creates) the cluster's output.
 */
export function followedVersion(pinned: string, live: pulumi.Output<LiveCluster | undefined>, created: pulumi.Output<string>): pulumi.Output<string> {
    return live.apply((l) => (pinned ? pulumi.output(pinned) : l ? pulumi.output(l.version) : created));
}
