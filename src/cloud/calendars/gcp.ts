/**
 * gcp Kubernetes support calendar: see ../kubernetes-versions.ts for how it is used.
 * Each date is copied from the sources below on the as-of day; update them together.
 *
 * GKE's policy (versioning page): a minor version is supported for about 14 months of standard
 * support from the day it becomes available for new clusters in the Regular channel, and, for
 * clusters enrolled in the Extended channel, up to 24 months in all. At the end of standard support
 * GKE upgrades clusters in the other channels (and "no channel" clusters) automatically; only the
 * Extended channel keeps a version until the end of extended support, at an extra charge.
 *
 * `released` is the Regular channel's availability date (when a stack on the default channel can
 * first pin it). `endOfStandard` is GKE's "end of standard support"; `endOfExtended` its "end of
 * extended support". Dates marked "derived" are not printed in the sources we could read on the
 * as-of day; they follow the policy above from the Regular date (+14 / +24 months) and must be
 * replaced by the schedule page's own dates when it is next read.
 *
 * What "" (the default) does on GKE: a cluster created without `minMasterVersion` gets the
 * default version of its release channel, and the channel's auto-upgrades keep it on a supported
 * version (release-channels page, "What versions are available in a channel" / auto-upgrade target).
 */
import { SupportCalendar } from "../kubernetes-versions";

export const CALENDAR: SupportCalendar = {
    cloud: "gcp",
    asOf: "2026-11-28",
    sources: [
        "https://cloud.google.com/kubernetes-engine/docs/release-schedule",
        "https://cloud.google.com/kubernetes-engine/versioning",
        "https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels",
        "https://cloud.google.com/kubernetes-engine/docs/release-notes",
        // A machine-readable mirror of the release schedule (Regular date, end of standard support), as of 2026-04-04.
        "https://endoflife.date/api/v1/products/google-kubernetes-engine",
    ],
    extendedSupportNote:
        'GKE keeps a minor version past its end of standard support only in the Extended release channel (fhir-ha:gcp.releaseChannel "EXTENDED" ' +
        "and fhir-ha:gcp.extendedSupport true), charged per cluster hour on top of the cluster fee while the version is in extended support",
    entries: [
        // Regular 2025-06-03 (endoflife.date mirror); end of standard / extended derived (+14 / +24 months).
        { version: "1.33", released: "2025-06-03", endOfStandard: "2026-08-03", endOfExtended: "2027-06-03" },
        // Regular 2025-09-30, end of standard support 2026-10-01 (endoflife.date mirror of the schedule); extended derived.
        { version: "1.34", released: "2025-09-30", endOfStandard: "2026-10-01", endOfExtended: "2027-09-30" },
        // Regular 2026-02-11, end of standard support 2027-04-11 (endoflife.date mirror); extended derived.
        { version: "1.35", released: "2026-02-11", endOfStandard: "2027-04-11", endOfExtended: "2028-02-11" },
        // Available in every channel but Stable in the release notes' current-versions table of
        // 2026 (Regular "1.34 to 1.36"); Regular date not printed in the sources read: derived
        // from Kubernetes 1.36 (2026-04-22, kubernetes.io/releases) plus GKE's usual ~2 months to Regular.
        { version: "1.36", released: "2026-06-22", endOfStandard: "2027-08-22", endOfExtended: "2028-06-22" },
    ],
};
