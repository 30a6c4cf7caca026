/**
 * A dedicated service account for the nodes. Without it GKE uses the Compute Engine default
 * account, which holds Editor on the whole project; every pod that reached the node's identity
 * would hold it too. This one gets only what nodes need (logs, metrics, image pulls).
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

export function createNodeIdentity(name: string, project: pulumi.Input<string>, stack: string, parent: pulumi.Resource): NodeIdentity {
    const account = new serviceaccount.Account(
        `${name}-node-sa`,
        { accountId: serviceAccountId(stack, name, "nodes"), displayName: `GKE nodes of ${name} (${stack})`, project },
        { parent },
    );
    const role = new projects.IAMMember(`${name}-node-sa-role`, { project, role: NODE_ROLE, member: account.member }, { parent });
    return { account, role };
}
