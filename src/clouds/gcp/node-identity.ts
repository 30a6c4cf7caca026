/**
 * A dedicated service account for the nodes. Without it GKE uses the Compute Engine default
 * account, which holds Editor on the whole project; every pod that reached the node's identity
 * would hold it too. This one gets only `roles/container.defaultNodeServiceAccount`: writing
 * logs and metrics. That role grants no image pulls from Artifact Registry: public images
 * (the charts' defaults) need none, a private repository needs `roles/artifactregistry.reader`
 * on it for this account (docs/clouds/gcp.md).
 * Source: https://cloud.google.com/kubernetes-engine/docs/how-to/service-accounts#default-gke-service-agent
 * and https://cloud.google.com/artifact-registry/docs/integrate-gke.
 */
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";
import { serviceAccountId } from "./physical-names";

export const NODE_ROLE = "roles/container.defaultNodeServiceAccount";

export interface NodeIdentity {
    account: serviceaccount.Account;
    role: projects.IAMMember;
}

export function createNodeIdentity(
    name: string,
    project: pulumi.Input<string>,
    stack: string,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[] = [],
): NodeIdentity {
    const account = new serviceaccount.Account(
        `${name}-node-sa`,
        { accountId: serviceAccountId(stack, name, "nodes"), displayName: `GKE nodes of ${name} (${stack})`, project },
        { parent, dependsOn },
    );
    const role = new projects.IAMMember(`${name}-node-sa-role`, { project, role: NODE_ROLE, member: account.member }, { parent, dependsOn });
    return { account, role };
}
