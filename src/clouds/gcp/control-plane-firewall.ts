/**
 * With private nodes the GKE control plane reaches the nodes only on the ports GKE opens itself
 * (443 and 10250). Admission webhooks served on other ports, like the CloudNativePG operator's
 * on 9443, would time out and block every Cluster change, so this rule opens exactly that port
 * from the control plane's internal endpoint to the node service account only. Nothing the
 * stack installs serves a webhook on 8443 (cert-manager's webhook listens on 10250, which GKE
 * already opens), so 8443 stays closed.
 *
 * The source is the control plane's internal address (`privateClusterConfig.privateEndpoint`),
 * which both kinds of GKE control plane have: Private Service Connect (every new cluster) and VPC
 * peering (clusters created from `gcp.masterCidr` by earlier versions of this package).
 * Source: https://cloud.google.com/kubernetes-engine/docs/how-to/latest/network-isolation#add_firewall_rules
 */
import * as compute from "@pulumi/gcp/compute";
import * as pulumi from "@pulumi/pulumi";

/** Webhook ports of the operators installed by the database tier (CloudNativePG: 9443). */
export const WEBHOOK_PORTS = ["9443"];

/** Pure: the ingress rule from the control plane to the nodes' webhook ports. */
export function webhookFirewallArgs(
    network: pulumi.Input<string>,
    controlPlaneAddress: pulumi.Input<string>,
    nodeServiceAccountEmail: pulumi.Input<string>,
): compute.FirewallArgs {
    return {
        network,
        direction: "INGRESS",
        sourceRanges: [pulumi.interpolate`${controlPlaneAddress}/32`],
        targetServiceAccounts: [nodeServiceAccountEmail],
        allows: [{ protocol: "tcp", ports: WEBHOOK_PORTS }],
        description: "GKE control plane to admission webhooks on the nodes (CloudNativePG)",
    };
}

export function createWebhookFirewall(
    name: string,
    network: pulumi.Input<string>,
    controlPlaneAddress: pulumi.Input<string>,
    nodeServiceAccountEmail: pulumi.Input<string>,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[] = [],
): compute.Firewall {
    return new compute.Firewall(`${name}-webhooks`, webhookFirewallArgs(network, controlPlaneAddress, nodeServiceAccountEmail), { parent, dependsOn });
}
