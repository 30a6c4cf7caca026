/**
 * aws Kubernetes support calendar: see ../kubernetes-versions.ts for how it is used.
 * Each date is copied from the sources below on the as-of day; update them together.
 *
 * EKS gives every minor version 14 months of standard support from its EKS release, then 12
 * months of extended support, which is ON by default for every cluster (upgradePolicy.supportType
 * EXTENDED) and billed per cluster hour from the first day after standard support ends (UTC).
 * fhir-ha sets supportType STANDARD unless `fhir-ha:aws.extendedSupport` is true, so a cluster
 * that reaches the end of standard support is upgraded by EKS instead of billed.
 */
import { SupportCalendar } from "../kubernetes-versions";

export const CALENDAR: SupportCalendar = {
    cloud: "aws",
    asOf: "2026-12-07",
    sources: [
        // The release calendar table (1.29 to 1.34) and the 14 + 12 months rule.
        "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar",
        // 1.35 (released on EKS after the user guide revision above was read).
        "https://endoflife.date/amazon-eks",
        // $0.10 per cluster hour in standard support, $0.60 in extended support.
        "https://aws.amazon.com/eks/pricing/",
        "https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html",
        // 1.36: upstream release 2026-04-22 (kubernetes.io release announcement, "Haru"); the AWS
        // CDK reference lists KubernetesVersion.V1_36 for EKS ("Type last changed: v2.263.0 · 31 Jul 2026",
        // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_eks.KubernetesVersion.html).
        "https://kubernetes.io/releases/",
    ],
    extendedSupportNote:
        "EKS extended support costs $0.60 instead of $0.10 per cluster hour, about $365 more per cluster per month; " +
        "set fhir-ha:aws.extendedSupport to true to pay it (upgradePolicy.supportType EXTENDED)",
    entries: [
        { version: "1.29", released: "2024-01-23", endOfStandard: "2025-03-23", endOfExtended: "2026-03-23" },
        { version: "1.30", released: "2024-05-23", endOfStandard: "2025-07-23", endOfExtended: "2026-07-23" },
        { version: "1.31", released: "2024-09-26", endOfStandard: "2025-11-26", endOfExtended: "2026-11-26" },
        { version: "1.32", released: "2025-01-23", endOfStandard: "2026-03-23", endOfExtended: "2027-03-23" },
        { version: "1.33", released: "2025-05-29", endOfStandard: "2026-07-29", endOfExtended: "2027-07-29" },
        { version: "1.34", released: "2025-10-02", endOfStandard: "2026-12-02", endOfExtended: "2027-12-02" },
        { version: "1.35", released: "2026-01-28", endOfStandard: "2027-03-27", endOfExtended: "2028-03-27" },
        // 1.36: EKS's exact dates were not in the sources above on the as-of day, so both are
        // bounds on the safe side: released = the day EKS 1.36 was known available (the CDK
        // reference), end of standard = 14 months after the upstream release, the earliest the
        // 14 + 12 months rule allows (EKS releases a minor after upstream). Replace with the EKS
        // release calendar's dates when it lists 1.36 (`aws eks describe-cluster-versions
        // --cluster-versions 1.36` shows them for your account).
        { version: "1.36", released: "2026-07-31", endOfStandard: "2027-06-22", endOfExtended: "2028-06-22" },
    ],
};
