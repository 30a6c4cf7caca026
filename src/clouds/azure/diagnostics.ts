/**
 * The audit trail on Azure, which AKS and Blob storage write only to a destination named by a
 * diagnostic setting (Azure Monitor, "Diagnostic settings in Azure Monitor": resource logs "aren't
 * collected until they're routed to a destination"):
 *
 * - the cluster's `kube-audit-admin` (every Kubernetes API request except get and list: creates,
 *   updates, deletes, exec and port-forward into pods) and `guard` (Entra ID and Azure RBAC
 *   authorisation decisions) categories (AKS, "Monitor AKS": resource logs reference;
 *   `kube-audit` would add every read, at many times the volume: docs/compliance.md);
 * - the backup account's blob service: `StorageRead`, `StorageWrite`, `StorageDelete`, one entry
 *   per request with the caller's identity (Azure Storage, "Monitor Azure Blob Storage").
 *
 * Both go to one Log Analytics workspace of the stack in resource-specific tables (AKSAuditAdmin,
 * AKSControlPlane, StorageBlobLogs), kept for the audit retention (src/cloud/audit-retention.ts).
 * A workspace keeps data 30 to 730 days (Log Analytics, "Manage data retention"); a longer backup
 * retention is capped there and the checklist says so.
 *
 * The blob service's setting sits under the storage account's CanNotDelete lock: ARM refuses to
 * delete it while the lock exists, as it refuses every delete under the account. It is therefore
 * `protect`ed and retainOnDelete, like the account's other settings (docs/clouds/azure.md, Teardown).
 */
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";

/** Log Analytics' interactive retention bounds, days. */
export const WORKSPACE_RETENTION_MIN = 30;
export const WORKSPACE_RETENTION_MAX = 730;

export const CLUSTER_AUDIT_CATEGORIES = ["kube-audit-admin", "guard"];
export const BLOB_AUDIT_CATEGORIES = ["StorageRead", "StorageWrite", "StorageDelete"];

export function workspaceRetention(days: number): number {
    return Math.min(WORKSPACE_RETENTION_MAX, Math.max(WORKSPACE_RETENTION_MIN, days));
}

export interface AuditDiagnosticsArgs {
    resourceGroupName: pulumi.Input<string>;
    location: string;
    clusterId: pulumi.Input<string>;
    storageAccountId: pulumi.Input<string>;
    retentionDays: number;
    tags: Record<string, string>;
}

export function createAuditDiagnostics(name: string, args: AuditDiagnosticsArgs, parent: pulumi.Resource) {
    const workspace = new operationalinsights.Workspace(
        `${name}-audit-workspace`,
        {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            sku: { name: "PerGB2018" },
            retentionInDays: workspaceRetention(args.retentionDays),
            tags: args.tags,
        },
        // The records of a torn-down stack stay (docs/clouds/azure.md, Teardown).
        { parent, protect: true, retainOnDelete: true },
    );
    const logs = (categories: string[]) => categories.map((category) => ({ category, enabled: true }));
    const clusterSetting = new monitor.DiagnosticSetting(
        `${name}-cluster-audit`,
        { name: "fhir-ha-audit", resourceUri: args.clusterId, workspaceId: workspace.id, logAnalyticsDestinationType: "Dedicated", logs: logs(CLUSTER_AUDIT_CATEGORIES) },
        { parent },
    );
    const blobSetting = new monitor.DiagnosticSetting(
        `${name}-backup-blob-audit`,
        {
            name: "fhir-ha-audit",
            resourceUri: pulumi.interpolate`${args.storageAccountId}/blobServices/default`,
            workspaceId: workspace.id,
            logs: logs(BLOB_AUDIT_CATEGORIES),
        },
        { parent, protect: true, retainOnDelete: true },
    );
    return { workspace, clusterSetting, blobSetting };
}
