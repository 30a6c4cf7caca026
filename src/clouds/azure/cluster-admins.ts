/**
 * Who may use the Kubernetes API. With Azure RBAC for Kubernetes and local accounts disabled,
 * nobody can until a role assignment says so: every group in `fhir-ha:azure.adminGroupObjectIds`
 * gets "Azure Kubernetes Service RBAC Cluster Admin" on this cluster (and `cluster-admin` through
 * the AAD profile). The identity running `pulumi up` reaches the API as a member of one of them.
 *
 * The deploying identity is deliberately not granted directly: ARM needs its principal type
 * (user or service principal), which the client config does not tell, and a wrong type fails.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { AKS_RBAC_CLUSTER_ADMIN, roleDefinitionId } from "./roles";

export interface ClusterAdminsArgs {
    clusterId: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    adminGroupObjectIds: string[];
}

export function createClusterAdmins(name: string, args: ClusterAdminsArgs, parent: pulumi.Resource): authorization.RoleAssignment[] {
    const role = pulumi.output(args.subscriptionId).apply((sub) => roleDefinitionId(sub, AKS_RBAC_CLUSTER_ADMIN));
    return args.adminGroupObjectIds.map(
        (groupId) =>
            new authorization.RoleAssignment(
                `${name}-admin-group-${groupId}`,
                { principalId: groupId, principalType: "Group", roleDefinitionId: role, scope: args.clusterId },
                { parent },
            ),
    );
}
