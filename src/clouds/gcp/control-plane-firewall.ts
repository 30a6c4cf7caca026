/**
 * With private nodes the GKE control plane reaches the nodes only on the ports GKE opens itself
 * (443 and 10250). Admission webhooks served on other ports, like the CloudNativePG operator's
 * on 9443, would time out and block every Cluster change, so this rule opens them from the
 * control-plane range to the node service account only.
 */
import * as compute from "@pulumi/gcp/compute";
import * as pulumi from "@pulumi/pulumi";

/** Webhook ports of the operators installed by the database tier (CloudNativePG: 9443). */
export const WEBHOOK_PORTS = ["8443", "9443"];

/** Pure: the ingress rule from the control plane to the nodes' webhook ports. */
export function webhookFirewallArgs(
    network: pulumi.Input<string>,
    masterCidr: string,
    nodeServiceAccountEmail: pulumi.Input<string>,
): compute.FirewallArgs {
    return {
        network,
        direction: "INGRESS",
        sourceRanges: [masterCidr],
        targetServiceAccounts: [nodeServiceAccountEmail],
        allows: [{ protocol: "tcp", ports: WEBHOOK_PORTS }],
        description: "GKE control plane to admission webhooks on the nodes (CloudNativePG)",
    };
}

export function createWebhookFirewall(
    name: string,
    network: pulumi.Input<string>,
    masterCidr: string,
    nodeServiceAccountEmail: pulumi.Input<string>,
    parent: pulumi.Resource,
): compute.Firewall {
    return new compute.Firewall(`${name}-webhooks`, webhookFirewallArgs(network, masterCidr, nodeServiceAccountEmail), { parent });
}
