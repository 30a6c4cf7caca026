/**
 * upgradePolicy.supportType of the EKS cluster, and the one transition EKS refuses.
 *
 * EKS lets a cluster's support policy be changed only while the cluster runs a version in
 * standard support: "You can only set the version support policy for your clusters while its
 * running on Kubernetes version in standard support. Once the version enters extended support,
 * you will not be able to change this setting until you are running on a version in standard
 * support." (awsdocs/amazon-eks-user-guide latest/ug/versioning/view-upgrade-policy.adoc,
 * https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html).
 *
 * Stacks created before fhir-ha set the policy run EXTENDED (EKS's default), and those created
 * on the old default version 1.33 now run a version in extended support: sending STANDARD there
 * fails the deploy. So while the live cluster runs a version past standard support, the program
 * keeps EXTENDED and says how to leave it: climb one minor per deploy to a version in standard
 * support, after which the next `pulumi up` sends STANDARD. Pure.
 */
import { CALENDAR } from "../../cloud/calendars/aws";
import { SupportCalendar, versionStatus } from "../../cloud/kubernetes-versions";
import { LiveCluster } from "./live-cluster";

export interface SupportDecision {
    supportType: "STANDARD" | "EXTENDED";
    /** Why the stack's setting is not what is sent, and the way forward. */
    warning?: string;
}

/** The minors from just above `version` up to the newest one in standard support on `today`. */
export function climbTo(calendar: SupportCalendar, version: string, today: Date): string[] {
    const minor = (v: string) => Number(v.split(".")[1]);
    const later = calendar.entries.filter((e) => minor(e.version) > minor(version)).sort((a, b) => minor(a.version) - minor(b.version));
    const firstStandard = later.findIndex((e) => ["standard", "ending-soon"].includes(versionStatus(calendar, e.version, today).state));
    return firstStandard < 0 ? later.map((e) => e.version) : later.slice(0, firstStandard + 1).map((e) => e.version);
}

export function supportDecision(extendedSupport: boolean, live: LiveCluster | undefined, today: Date, calendar: SupportCalendar = CALENDAR): SupportDecision {
    if (extendedSupport) return { supportType: "EXTENDED" };
    if (!live) return { supportType: "STANDARD" };
    const status = versionStatus(calendar, live.version, today);
    if (status.state !== "extended" && status.state !== "unsupported") return { supportType: "STANDARD" };
    if (live.supportType === "STANDARD") return { supportType: "STANDARD" };
    const steps = climbTo(calendar, live.version, today);
    return {
        supportType: "EXTENDED",
        warning:
            `fhir-ha:aws.extendedSupport = false: the cluster runs Kubernetes ${live.version}, in extended support since ` +
            `${status.entry!.endOfStandard}, and EKS accepts upgradePolicy STANDARD only on a version in standard support; ` +
            `this deploy keeps EXTENDED (billed as extended support). Way forward: set fhir-ha:aws.extendedSupport to true and ` +
            `fhir-ha:cluster.kubernetesVersion to ${steps.map((v) => `"${v}"`).join(", then ")} (one minor per pulumi up), ` +
            `then set fhir-ha:aws.extendedSupport back to false (docs/clouds/aws.md, "Existing stacks")`,
    };
}
