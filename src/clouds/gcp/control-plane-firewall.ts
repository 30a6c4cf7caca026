/**
 * With private nodes the GKE control plane reaches the nodes only on the ports GKE opens itself
 * (443 and 10250). Admission webhooks served on other ports, like the CloudNativePG operator's
 * on 9443, need a rule of their own when the API server dials the webhook pod from the control
 * plane's network; this rule opens exactly that port to the node service account only. Nothing
 * the stack installs serves a webhook on 8443 (cert-manager's webhook listens on 10250, which GKE
 * already opens), so 8443 stays closed.
 *
 * The source is the range the control plane's connections to nodes come from, as Google's own
 * module computes it (terraform-google-modules/terraform-google-kubernetes-engine @ bb176b21,
 * modules/private-cluster/main.tf `cluster_endpoint_for_nodes`, used by firewall.tf's
 * `master_webhooks` rule): the VPC-peering control plane's `masterIpv4CidrBlock` (clusters created
 * from `gcp.masterCidr` by earlier versions of this package; GKE's own `gke-<cluster>-<id>-master`
 * rule uses that /28 too), otherwise the node subnet, where a Private Service Connect control
 * plane's internal endpoint lives (every new cluster). The earlier source, the internal endpoint
 * /32, is narrower than what GKE and that module allow.
 *
 * Where GKE carries API-server-to-cluster traffic through konnectivity agents, the webhook call
 * arrives from a konnectivity-agent pod's address (tigera/operator#5212: "On AKS and GKE the API
 * server reaches in-cluster webhooks through konnectivity agent pods ... GKE uses `k8s-app`"),
 * which GKE's own `gke-<cluster>-<id>-all` rule (pod range to nodes) already admits, and this
 * rule is not used. GKE documents neither which clusters use konnectivity nor that the rule is
 * unneeded (its docs still say to add one:
 * https://cloud.google.com/kubernetes-engine/docs/how-to/latest/network-isolation#add_firewall_rules),
 * so the rule stays: it opens one port, from the control plane's own range, to the nodes only.
 */
import * as compute from "@pulumi/gcp/compute";
import * as pulumi from "@pulumi/pulumi";

/** Webhook ports of the operators installed by the database tier (CloudNativePG: 9443). */
export const WEBHOOK_PORTS = ["9443"];

/** Pure: where the control plane's connections to the nodes come from (see above). */
export function controlPlaneSourceRange(peeringRange: string | undefined, nodeSubnetCidr: string): string {
    return peeringRange ? peeringRange : nodeSubnetCidr;
}

/** Pure: the ingress rule from the control plane to the nodes' webhook ports. */
export function webhookFirewallArgs(
    network: pulumi.Input<string>,
    controlPlaneRange: pulumi.Input<string>,
    nodeServiceAccountEmail: pulumi.Input<string>,
): compute.FirewallArgs {
    return {
        network,
        direction: "INGRESS",
        sourceRanges: [controlPlaneRange],
        targetServiceAccounts: [nodeServiceAccountEmail],
        allows: [{ protocol: "tcp", ports: WEBHOOK_PORTS }],
        description: "GKE control plane to admission webhooks on the nodes (CloudNativePG)",
    };
}

export function createWebhookFirewall(
    name: string,
    network: pulumi.Input<string>,
    controlPlaneRange: pulumi.Input<string>,
    nodeServiceAccountEmail: pulumi.Input<string>,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[] = [],
): compute.Firewall {
    return new compute.Firewall(`${name}-webhooks`, webhookFirewallArgs(network, controlPlaneRange, nodeServiceAccountEmail), { parent, dependsOn });
}
