/**
 * EKS managed add-ons. vpc-cni and kube-proxy must exist before nodes can become Ready; CoreDNS,
 * the EBS CSI driver, the snapshot controller and the node monitoring agent run on the nodes.
 *
 * Each add-on is set to the version EKS names as the default for the Kubernetes version the
 * cluster runs (`eks.getAddonVersion`, DescribeAddonVersions; the version comes from
 * live-cluster.ts, so it is the live one): a control-plane upgrade, the user's or EKS's own,
 * moves every add-on to the matching version at the next `pulumi up`, in place. pulumi-eks sets
 * its kube-proxy and CoreDNS add-ons the same way (pulumi/pulumi-eks nodejs/eks/cluster/cluster.ts).
 * EKS moves its default over time (the lookup runs on every preview), so `pulumi preview` shows
 * a moved default as an `addonVersion` update; `fhir-ha:aws.addonVersions` holds an add-on at a
 * reviewed version instead, so its bump is a config change in a pull request.
 *
 * `preserve: true`: deleting the add-on resource (a replacement, a rename) leaves the add-on's
 * Kubernetes objects running (DeleteAddon --preserve, https://docs.aws.amazon.com/eks/latest/APIReference/API_DeleteAddon.html);
 * without it, replacing the vpc-cni resource would delete the CNI of every running node.
 */
import * as eks from "@pulumi/aws/eks";
import * as pulumi from "@pulumi/pulumi";

/** Add-ons the nodes themselves depend on. */
export const NODE_ADDONS = ["vpc-cni", "kube-proxy"];
/**
 * Add-ons that run on the nodes. `eks-node-monitoring-agent` reports node health problems (kernel,
 * network, storage, accelerated hardware) that EKS node auto repair acts on; without it, repair
 * acts only on the kubelet's Ready condition
 * (https://docs.aws.amazon.com/eks/latest/userguide/node-health.html).
 */
export const WORKLOAD_ADDONS = ["coredns", "aws-ebs-csi-driver", "snapshot-controller", "eks-node-monitoring-agent"];

/** The service account the EBS CSI controller runs as; its IRSA role trusts exactly this one. */
export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" };
/** The VPC CNI's service account (the aws-node DaemonSet); its IRSA role holds AmazonEKS_CNI_Policy. */
export const VPC_CNI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-node" };

/**
 * Add-on configuration (the add-on's JSON schema, `aws eks describe-addon-configuration`).
 * vpc-cni: its network policy agent is off by default, so NetworkPolicies would be accepted by
 * the API server and enforced by nobody; `enableNetworkPolicy` turns the agent on
 * (https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html).
 */
export const ADDON_CONFIGURATION: Record<string, Record<string, unknown>> = {
    "vpc-cni": { enableNetworkPolicy: "true" },
};

/** The held versions of `fhir-ha:aws.addonVersions` ("name=version") by add-on name. */
export function heldAddonVersions(entries: string[]): Record<string, string> {
    return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
}

/** What is wrong with `fhir-ha:aws.addonVersions` entries; empty when usable. */
export function addonVersionProblems(entries: string[]): string[] {
    const known = [...NODE_ADDONS, ...WORKLOAD_ADDONS];
    return entries.flatMap((e) => {
        const m = /^([a-z0-9-]+)=(v\d+\.\d+\.\d+-eksbuild\.\d+)$/.exec(e);
        if (!m) return [`fhir-ha:aws.addonVersions: ${JSON.stringify(e)} is not "name=version" with an EKS add-on version such as "coredns=v1.12.4-eksbuild.1"`];
        if (!known.includes(m[1])) return [`fhir-ha:aws.addonVersions: ${JSON.stringify(m[1])} is not an add-on this stack manages (${known.join(", ")})`];
        return [];
    });
}

export interface AddonArgs {
    clusterName: pulumi.Input<string>;
    /** The cluster's Kubernetes version output (its `version`), which the add-on versions follow. */
    kubernetesVersion: pulumi.Input<string>;
    /** Role per add-on that needs AWS permissions (IRSA). */
    serviceAccountRoleArns?: Record<string, pulumi.Input<string>>;
    /** Add-ons held at a reviewed version (`fhir-ha:aws.addonVersions`). */
    held?: Record<string, string>;
    tags: Record<string, string>;
    dependsOn?: pulumi.Resource[];
}

export function createAddons(name: string, addonNames: string[], args: AddonArgs, parent: pulumi.Resource): Record<string, eks.Addon> {
    return Object.fromEntries(
        addonNames.map((addon) => {
            const held = args.held?.[addon];
            const version = held ?? eks.getAddonVersionOutput({ addonName: addon, kubernetesVersion: args.kubernetesVersion, mostRecent: false }, { parent }).version;
            const config = ADDON_CONFIGURATION[addon];
            return [
                addon,
                new eks.Addon(
                    `${name}-${addon}`,
                    {
                        clusterName: args.clusterName,
                        addonName: addon,
                        addonVersion: version,
                        serviceAccountRoleArn: args.serviceAccountRoleArns?.[addon],
                        configurationValues: config ? JSON.stringify(config) : undefined,
                        // This program is the only owner of the add-ons' configuration.
                        resolveConflictsOnCreate: "OVERWRITE",
                        resolveConflictsOnUpdate: "OVERWRITE",
                        preserve: true,
                        tags: args.tags,
                    },
                    { parent, dependsOn: args.dependsOn },
                ),
            ];
        }),
    );
}
