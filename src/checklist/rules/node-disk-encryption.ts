import { ofType } from "../resources";
import { CheckContext, RuleResult, Rule } from "../types";
import { perCloud, pointsAt } from "./audit-common";
import { fail, judge, notApplicable } from "./result";

/**
 * EKS: a managed group without a launch template gets an unencrypted root volume unless the
 * account encrypts new EBS volumes by default (EKS user guide, "Simplify node lifecycle with
 * managed node groups"); the group must boot from a template whose root volume is encrypted and
 * whose metadata service requires IMDSv2.
 */
function aws(ctx: CheckContext): RuleResult {
    const groups = ofType(ctx, "aws:eks/nodeGroup:NodeGroup");
    if (groups.length === 0) return fail("no EKS node group in the plan");
    const templates = ofType(ctx, "aws:ec2/launchTemplate:LaunchTemplate");
    const problems: string[] = [];
    const found: string[] = [];
    for (const g of groups) {
        const lt = g.inputs?.launchTemplate;
        const template = lt && templates.find((t) => pointsAt(lt.id, t) || (lt.name !== undefined && lt.name === t.inputs?.name));
        if (!template) {
            problems.push(`node group ${g.name}: ${lt ? "its launch template is not in the stack" : "no launch template: the root volume is encrypted only if the account encrypts new EBS volumes by default"}`);
            continue;
        }
        const root = (template.inputs?.blockDeviceMappings ?? []).find((m: Record<string, any>) => m.ebs);
        const imds = template.inputs?.metadataOptions ?? {};
        if (String(root?.ebs?.encrypted) !== "true") problems.push(`node group ${g.name}: launch template ${template.name} does not encrypt the root volume`);
        else if (imds.httpTokens !== "required") problems.push(`node group ${g.name}: launch template ${template.name} allows IMDSv1 (httpTokens ${imds.httpTokens ?? "unset"})`);
        else found.push(`node group ${g.name}: ${root.deviceName} ${root.ebs.volumeType ?? ""} encrypted, IMDSv2 required, hop limit ${imds.httpPutResponseHopLimit ?? "default"}`);
    }
    return judge(problems, found, "set fhir-ha:aws.encryptNodeDisks true (the default): each node group boots from a launch template with an encrypted root volume and IMDSv2");
}

/**
 * GKE: Compute Engine encrypts every persistent disk, boot disks included, at rest with
 * Google-managed keys, always (GKE, "Use customer-managed encryption keys (CMEK)": boot disks
 * can take a Cloud KMS key instead, `nodeConfig.bootDiskKmsKey`).
 */
function gcp(ctx: CheckContext): RuleResult {
    const pools = ofType(ctx, "gcp:container/nodePool:NodePool");
    if (pools.length === 0) return fail("no GKE node pool in the plan");
    return judge(
        [],
        pools.map((p) => {
            const key = p.inputs?.nodeConfig?.bootDiskKmsKey;
            return `node pool ${p.name}: ${p.inputs?.nodeConfig?.diskType ?? "boot"} disk encrypted at rest by Compute Engine with ${key ? `the Cloud KMS key ${key}` : "Google-managed keys (always on)"}`;
        }),
        "",
    );
}

/**
 * AKS: managed OS and data disks use Azure Storage server-side encryption with platform-managed
 * keys by default; temp disks and ephemeral OS disks (on the host) are encrypted only with host
 * encryption, which needs the EncryptionAtHost subscription feature and can be set only when a
 * pool is created (AKS, "Host-based encryption on Azure Kubernetes Service").
 */
function azure(ctx: CheckContext): RuleResult {
    const clusters = ofType(ctx, "azure-native:containerservice:ManagedCluster");
    if (clusters.length === 0) return fail("no AKS cluster in the plan");
    const pools = [
        ...clusters.flatMap((c) => (c.inputs?.agentPoolProfiles ?? []).map((p: Record<string, any>) => ({ label: `pool ${p.name}`, ...p }))),
        ...ofType(ctx, "azure-native:containerservice:AgentPool").map((p) => ({ label: `pool ${p.inputs?.agentPoolName ?? p.name}`, ...p.inputs })),
    ];
    const problems: string[] = [];
    const found: string[] = [];
    for (const p of pools) {
        if (p.enableEncryptionAtHost === true) found.push(`${p.label}: host encryption (OS, temp disks and caches)`);
        else if (p.osDiskType === "Ephemeral") problems.push(`${p.label}: ephemeral OS disk on the host without host encryption`);
        else found.push(`${p.label}: OS disk ${p.osDiskType ?? "type chosen by AKS"} with server-side encryption (platform-managed keys); temp disks unencrypted without host encryption`);
    }
    return judge(problems, found, "use managed OS disks, or create the pools with enableEncryptionAtHost (docs/compliance.md)");
}

export const nodeDiskEncryption: Rule = {
    id: "node-disk-encryption",
    item: "security",
    severity: "mandatory",
    description: "Node disks (container logs, emptyDir, images) are encrypted at rest",
    check(ctx) {
        return perCloud(ctx, { aws, gcp, azure }, () =>
            notApplicable("the kubernetes target runs on nodes it does not create: their disk encryption is the cluster's (docs/compliance.md)"),
        );
    },
};
