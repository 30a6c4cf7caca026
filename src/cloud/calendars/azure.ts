/**
 * azure Kubernetes support calendar: see ../kubernetes-versions.ts for how it is used.
 * Each date is copied from the sources below on the as-of day; update them together.
 *
 * How the AKS tables map onto an entry:
 * - `released`: the first day of the "AKS GA" month (the table gives months only; AKS rolls a
 *   version out region by region over up to 10 business days, so a pin of a version that went GA
 *   this month can still be refused by a region for a few days);
 * - `endOfStandard`: "End of life" (community support). The page says a month without a day means
 *   its last day ("Mar 2026" = 2026-03-31); 1.30 and 1.31 carry explicit days. After it AKS no
 *   longer creates clusters on the version (platform support excludes cluster creation);
 * - `endOfExtended`: "LTS End of life", from the LTS table: only with the Premium tier and the
 *   `AKSLongTermSupport` plan (`fhir-ha:azure.extendedSupport`).
 * Versions whose LTS ended before the as-of day are left out (a pin of them is "not in calendar").
 */
import { SupportCalendar } from "../kubernetes-versions";

export const CALENDAR: SupportCalendar = {
    cloud: "azure",
    asOf: "2026-11-28",
    sources: [
        "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions (AKS Kubernetes release calendar; LTS versions)",
        "https://learn.microsoft.com/azure/aks/long-term-support (LTS needs the Premium tier and the AKSLongTermSupport plan)",
    ],
    extendedSupportNote:
        "AKS long-term support: set fhir-ha:azure.extendedSupport to true, which moves the cluster to the Premium tier and the " +
        "AKSLongTermSupport plan (Premium is billed per cluster-hour at a higher rate than Standard; see azure.microsoft.com/pricing/details/kubernetes-service) " +
        "and needs fhir-ha:azure.upgradeChannel patch",
    entries: [
        { version: "1.31", released: "2024-11-01", endOfStandard: "2025-11-01", endOfExtended: "2026-11-30" },
        { version: "1.32", released: "2025-04-01", endOfStandard: "2026-03-31", endOfExtended: "2027-03-31" },
        { version: "1.33", released: "2025-06-01", endOfStandard: "2026-07-31", endOfExtended: "2027-07-31" },
        { version: "1.34", released: "2025-11-01", endOfStandard: "2026-11-30", endOfExtended: "2027-11-30" },
        { version: "1.35", released: "2026-03-01", endOfStandard: "2027-03-31", endOfExtended: "2028-03-31" },
        { version: "1.36", released: "2026-06-01", endOfStandard: "2027-06-30", endOfExtended: "2028-06-30" },
        { version: "1.37", released: "2026-10-01", endOfStandard: "2027-10-31", endOfExtended: "2028-10-31" },
    ],
};
