/**
 * Who may use the Kubernetes API. With Azure RBAC for Kubernetes and local accounts disabled,
 * nobody can until a role assignment says so ("Azure Kubernetes Service RBAC Cluster Admin" on
 * this cluster, learn.microsoft.com/azure/aks/manage-azure-rbac):
 * - the identity running `pulumi up` (its object id from azure-native's client config), directly,
 *   so the first deploy does not depend on a group membership and its propagation;
 * - every group in `fhir-ha:azure.adminGroupObjectIds` (also `cluster-admin` through the AAD profile).
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { AKS_RBAC_CLUSTER_ADMIN, roleDefinitionId } from "./roles";

export interface ClusterAdminsArgs {
    clusterId: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    adminGroupObjectIds: string[];
    /** Object id of the deploying identity (`getClientConfig().objectId`). */
    deployerObjectId: pulumi.Input<string>;
    /** User or ServicePrincipal (kubelogin.ts `deployerPrincipalType`). */
    deployerPrincipalType: pulumi.Input<string>;
}

export function createClusterAdmins(name: string, args: ClusterAdminsArgs, parent: pulumi.Resource): authorization.RoleAssignment[] {
    const role = pulumi.output(args.subscriptionId).apply((sub) => roleDefinitionId(sub, AKS_RBAC_CLUSTER_ADMIN));
    const deployer = new authorization.RoleAssignment(
        `${name}-admin-deployer`,
        {
            principalId: args.deployerObjectId,
            principalType: args.deployerPrincipalType,
            roleDefinitionId: role,
            scope: args.clusterId,
            description: "fhir-ha: the identity that runs pulumi up for this stack",
        },
        { parent },
    );
    const groups = args.adminGroupObjectIds.map(
        (groupId) =>
            new authorization.RoleAssignment(
                `${name}-admin-group-${groupId}`,
                { principalId: groupId, principalType: "Group", roleDefinitionId: role, scope: args.clusterId },
                { parent },
            ),
    );
    return [deployer, ...groups];
}
