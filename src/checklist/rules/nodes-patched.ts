import { NODE_GROUP_TYPES } from "../node-groups";
import { ofType } from "../resources";
import { isUnknownValueError } from "../unknown";
import { CheckedResource, Rule } from "../types";
import { fail, judge, notApplicable } from "./result";

/** AKS node OS channels that patch the nodes (learn.microsoft.com/azure/aks/auto-upgrade-node-os-image). */
const AKS_PATCHING_CHANNELS = ["NodeImage", "SecurityPatch"];

/**
 * Node images that are patched without a Kubernetes upgrade, per cloud:
 * - EKS: a managed node group keeps the AMI release it was created with until its
 *   `releaseVersion` changes (docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html);
 *   a group that sets it (a value, or one read from the SSM recommended-release parameter)
 *   is moved by the stack, one that leaves it unset never is.
 * - GKE: node auto-upgrade (`management.autoUpgrade`) moves node images with the release channel
 *   (cloud.google.com/kubernetes-engine/docs/how-to/node-auto-upgrades).
 * - AKS: `autoUpgradeProfile.nodeOSUpgradeChannel` NodeImage or SecurityPatch patches the node OS
 *   in the nodeOSUpgrade maintenance window; None and Unmanaged leave it to you
 *   (learn.microsoft.com/azure/aks/auto-upgrade-node-os-image).
 * Advisory, like `kubernetes-version-support`: unpatched nodes are a security and support risk,
 * not one of the seed checklist's availability or data-loss items.
 */
function patched(cloud: string, r: CheckedResource): { ok: boolean; how: string } {
    if (cloud === "aws") {
        const inputs = r.inputs ?? {};
        const missing = { ok: false, how: "no releaseVersion: keeps its creation-day AMI release until a Kubernetes upgrade" };
        if (!("releaseVersion" in inputs)) return missing;
        try {
            const v = inputs.releaseVersion;
            return typeof v === "string" && v !== "" ? { ok: true, how: `releaseVersion "${v}"` } : missing;
        } catch (e) {
            // Set from a value read at deploy (the SSM recommended release): set all the same.
            if (isUnknownValueError(e)) return { ok: true, how: "releaseVersion set from a value known at deploy (e.g. the SSM recommended AMI release)" };
            throw e;
        }
    }
    if (cloud === "gcp") {
        const on = r.inputs?.management?.autoUpgrade === true;
        return { ok: on, how: on ? "management.autoUpgrade" : "management.autoUpgrade is not true: GKE does not upgrade its node image" };
    }
    const channel = r.inputs?.autoUpgradeProfile?.nodeOSUpgradeChannel;
    const ok = AKS_PATCHING_CHANNELS.includes(channel);
    return { ok, how: ok ? `autoUpgradeProfile.nodeOSUpgradeChannel ${channel}` : `autoUpgradeProfile.nodeOSUpgradeChannel is ${channel === undefined ? "unset" : `"${channel}"`}, not NodeImage or SecurityPatch` };
}

const SUBJECTS: Record<string, { type: string; label: string }> = {
    aws: { type: NODE_GROUP_TYPES.aws, label: "EKS node group" },
    gcp: { type: NODE_GROUP_TYPES.gcp, label: "GKE node pool" },
    // The node OS channel is a cluster setting on AKS: it covers every pool.
    azure: { type: NODE_GROUP_TYPES.azureCluster, label: "AKS cluster" },
};

export const nodesPatched: Rule = {
    id: "nodes-patched",
    item: "zones",
    severity: "advisory",
    description: "The cloud patches the node images (EKS releaseVersion set, GKE node auto-upgrade, AKS node OS channel NodeImage or SecurityPatch)",
    check(ctx) {
        const subject = SUBJECTS[ctx.cloud];
        if (!subject) return notApplicable("the cluster is brought by you: patching its nodes is its owner's job");
        const found = ofType(ctx, subject.type);
        if (found.length === 0) return fail(`no ${subject.label} in the plan. Fix: the ${ctx.cloud} target must render its node groups`);
        const results = found.map((r) => ({ label: `${subject.label} ${r.name}`, ...patched(ctx.cloud, r) }));
        const fix: Record<string, string> = {
            aws: "set each EKS node group's releaseVersion (e.g. from the SSM parameter /aws/service/eks/optimized-ami/<version>/<ami-type>/recommended/release_version) so node images follow AWS's releases",
            gcp: "set management.autoUpgrade: true on every GKE node pool",
            azure: "set the ManagedCluster's autoUpgradeProfile.nodeOSUpgradeChannel to NodeImage or SecurityPatch",
        };
        return judge(
            results.filter((r) => !r.ok).map((r) => `${r.label}: ${r.how}`),
            results.map((r) => `${r.label}: ${r.how}`),
            fix[ctx.cloud],
        );
    },
};
