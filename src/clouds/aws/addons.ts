/**
 * EKS managed add-ons. vpc-cni and kube-proxy must exist before nodes can become Ready; CoreDNS,
 * the EBS CSI driver and the snapshot controller run as Deployments and need nodes first.
 * Versions are left to EKS (the default for the cluster's Kubernetes version at creation).
 */
import * as eks from "@pulumi/aws/eks";
import * as pulumi from "@pulumi/pulumi";

/** Add-ons the nodes themselves depend on. */
export const NODE_ADDONS = ["vpc-cni", "kube-proxy"];
/** Add-ons that run on the nodes. */
export const WORKLOAD_ADDONS = ["coredns", "aws-ebs-csi-driver", "snapshot-controller"];

/** The service account the EBS CSI controller runs as; its IRSA role trusts exactly this one. */
export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" };

export interface AddonArgs {
    clusterName: pulumi.Input<string>;
    /** Role per add-on that needs AWS permissions (IRSA). */
    serviceAccountRoleArns?: Record<string, pulumi.Input<string>>;
    tags: Record<string, string>;
    dependsOn?: pulumi.Resource[];
}

export function createAddons(name: string, addonNames: string[], args: AddonArgs, parent: pulumi.Resource): Record<string, eks.Addon> {
    return Object.fromEntries(
        addonNames.map((addon) => [
            addon,
            new eks.Addon(
                `${name}-${addon}`,
                {
                    clusterName: args.clusterName,
                    addonName: addon,
                    serviceAccountRoleArn: args.serviceAccountRoleArns?.[addon],
                    // This program is the only owner of the add-ons' configuration.
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: "OVERWRITE",
                    tags: args.tags,
                },
                { parent, dependsOn: args.dependsOn },
            ),
        ]),
    );
}
