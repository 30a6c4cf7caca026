import { ofType } from "../resources";
import { CheckedResource, Rule } from "../types";
import { keptFor, pointsAt } from "./audit-common";
import { windowDays } from "./bucket-retention";
import { fail, judge, notApplicable } from "./result";

/** GKE keeps Admin Activity audit logs in the `_Required` bucket this long, fixed (Cloud Logging, "Routing and storage overview"). */
const GKE_REQUIRED_BUCKET_DAYS = 400;

/**
 * Every change made through the Kubernetes API (a Secret read or rewritten, `kubectl exec` into a
 * Postgres pod, a deleted Cluster) leaves a record kept at least as long as the backups:
 * - EKS: the `audit` control-plane log type, into the stack's CloudWatch log group with its retention;
 * - GKE: Admin Activity audit logs, written for every cluster and not switchable off (GKE, "GKE
 *   audit logging information"), 400 days;
 * - AKS: a diagnostic setting sending `kube-audit-admin` (or `kube-audit`) to a Log Analytics
 *   workspace (AKS resource logs are kept only where a diagnostic setting sends them).
 */
export const kubernetesAuditLogs: Rule = {
    id: "kubernetes-audit-logs",
    item: "security",
    severity: "mandatory",
    description: "The Kubernetes API audit log is recorded and kept at least as long as the backups",
    check(ctx) {
        const window = windowDays(ctx);
        switch (ctx.cloud) {
            case "aws": {
                const clusters = ofType(ctx, "aws:eks/cluster:Cluster");
                if (clusters.length === 0) return fail("no EKS cluster in the plan");
                const problems: string[] = [];
                const found: string[] = [];
                for (const c of clusters) {
                    const name = c.inputs?.name ?? c.name;
                    const types: string[] = c.inputs?.enabledClusterLogTypes ?? [];
                    if (!types.includes("audit")) problems.push(`EKS cluster ${name}: enabledClusterLogTypes ${JSON.stringify(types)} lacks "audit"`);
                    const group = ofType(ctx, "aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs?.name === `/aws/eks/${name}/cluster`);
                    if (!group) {
                        problems.push(`no log group /aws/eks/${name}/cluster in the stack: EKS creates one that never expires, outside the stack`);
                        continue;
                    }
                    const kept = keptFor(`log group ${group.inputs.name}`, group.inputs?.retentionInDays, window);
                    (kept.ok ? found : problems).push(kept.text);
                    if (types.includes("audit")) found.push(`EKS cluster ${name}: audit log on`);
                }
                return judge(problems, found, "the aws target enables the audit log type and keeps the log group at least fhir-ha:backup.retention");
            }
            case "gcp": {
                const clusters = ofType(ctx, "gcp:container/cluster:Cluster");
                if (clusters.length === 0) return fail("no GKE cluster in the plan");
                const kept = keptFor("GKE Admin Activity audit logs (always on, _Required bucket)", GKE_REQUIRED_BUCKET_DAYS, window);
                return judge(
                    kept.ok ? [] : [kept.text],
                    [`${kept.text}; cluster ${clusters.map((c) => c.inputs?.name ?? c.name).join(", ")}; Kubernetes reads are Data Access logs, off by default (docs/compliance.md)`],
                    "export the Admin Activity logs (a log sink to a bucket kept longer) when fhir-ha:backup.retention exceeds 400 days",
                );
            }
            case "azure": {
                const clusters = ofType(ctx, "azure-native:containerservice:ManagedCluster");
                if (clusters.length === 0) return fail("no AKS cluster in the plan");
                const settings = ofType(ctx, "azure-native:monitor:DiagnosticSetting");
                const workspaces = ofType(ctx, "azure-native:operationalinsights:Workspace");
                const problems: string[] = [];
                const found: string[] = [];
                // A deployed setting's outputs lack its path parameter resourceUri (azure-native
                // returns none: policy/outputs.ts); then the stack's one cluster is its resource.
                const on = (s: CheckedResource, c: CheckedResource) => {
                    const uri = s.inputs?.resourceUri;
                    return uri === undefined ? clusters.length === 1 : pointsAt(uri, c);
                };
                for (const c of clusters) {
                    const label = `AKS cluster ${c.inputs?.resourceName ?? c.name}`;
                    const audit = settings.filter(
                        (s) => on(s, c) && (s.inputs?.logs ?? []).some((l: Record<string, any>) => l.enabled && ["kube-audit", "kube-audit-admin"].includes(l.category)),
                    );
                    if (audit.length === 0) {
                        problems.push(`${label}: no diagnostic setting sends kube-audit or kube-audit-admin anywhere`);
                        continue;
                    }
                    for (const s of audit) {
                        const ws = workspaces.find((w) => pointsAt(s.inputs?.workspaceId, w));
                        if (!ws) {
                            problems.push(`${label}: diagnostic setting ${s.name} sends the audit log to a workspace this stack does not create: verify its retention`);
                            continue;
                        }
                        const kept = keptFor(`${label}: audit log in workspace ${ws.name}`, ws.inputs?.retentionInDays, window);
                        (kept.ok ? found : problems).push(kept.text);
                    }
                }
                return judge(problems, found, "the azure target sends kube-audit-admin to the stack's Log Analytics workspace, kept at least fhir-ha:backup.retention (at most 730 days)");
            }
            default:
                return notApplicable("the kubernetes target runs on a cluster it does not create: its API audit log is configured there (docs/compliance.md)");
        }
    },
};
