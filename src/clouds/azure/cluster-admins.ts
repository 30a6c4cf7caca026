/**
 * Who may use the Kubernetes API. With Azure RBAC for Kubernetes and local accounts disabled,
 * nobody can until a role assignment says so ("Azure Kubernetes Service RBAC Cluster Admin" on
 * this cluster, learn.microsoft.com/azure/aks/manage-azure-rbac):
 * - the deployer (deployerGrant): `fhir-ha:azure.deployerObjectId` when set, else the identity
 *   running `pulumi up` (its object id from azure-native's client config), directly, so the first
 *   deploy does not depend on a group membership and its propagation;
 * - every group in `fhir-ha:azure.adminGroupObjectIds` (also `cluster-admin` through the AAD profile).
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { AKS_RBAC_CLUSTER_ADMIN, roleDefinitionId } from "./roles";

export interface DeployerGrant {
    principalId: pulumi.Input<string>;
    /** User or ServicePrincipal; undefined: Azure looks the principal up itself. */
    principalType?: pulumi.Input<string>;
}

/**
 * The deployer's grant. A role assignment's principal cannot change (a change replaces it), so a
 * grant that follows whoever runs `pulumi up` is deleted and re-created each time another identity
 * runs it, and the new one reaches the AKS authorizer only minutes later ("New role assignments
 * can take up to five minutes to propagate", learn.microsoft.com/azure/aks/manage-azure-rbac).
 * A configured object id keeps one grant for the stack's life. Its type is left to Azure: the
 * configured principal exists before the stack, so the lookup that `principalType` spares a
 * brand-new principal (replication delay) is not needed, and the grant does not depend on who runs.
 */
export function deployerGrant(configuredObjectId: string, runningObjectId: pulumi.Input<string>, runningPrincipalType: pulumi.Input<string>): DeployerGrant {
    if (configuredObjectId) return { principalId: configuredObjectId };
    return { principalId: runningObjectId, principalType: runningPrincipalType };
}

export interface ClusterAdminsArgs {
    clusterId: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    adminGroupObjectIds: string[];
    deployer: DeployerGrant;
}

/** `opts` carries the parent and the creation-time check the grants wait for (cluster.ts). */
export function createClusterAdmins(name: string, args: ClusterAdminsArgs, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment[] {
    const role = pulumi.output(args.subscriptionId).apply((sub) => roleDefinitionId(sub, AKS_RBAC_CLUSTER_ADMIN));
    const deployer = new authorization.RoleAssignment(
        `${name}-admin-deployer`,
        {
            principalId: args.deployer.principalId,
            principalType: args.deployer.principalType,
            roleDefinitionId: role,
            scope: args.clusterId,
            description: "fhir-ha: the identity that runs pulumi up for this stack",
        },
        opts,
    );
    const groups = args.adminGroupObjectIds.map(
        (groupId) =>
            new authorization.RoleAssignment(
                `${name}-admin-group-${groupId}`,
                { principalId: groupId, principalType: "Group", roleDefinitionId: role, scope: args.clusterId },
                opts,
            ),
    );
    return [deployer, ...groups];
}
