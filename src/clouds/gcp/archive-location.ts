/**
 * Where the GCS archive lives and how fast its second region catches up.
 *
 * - `backup.replica.region` set: a configurable dual-region of the stack's region and the replica
 *   region (`location` = their multi-region, `customPlacementConfig.dataLocations` = both), see
 *   src/cloud/replica/gcs-dual-region.ts for the sources.
 * - `gcp.bucketLocation` a predefined dual-region (EUR4, NAM4, ...): that location.
 * - Either way `rpo: ASYNC_TURBO`: turbo replication, 15 minutes for 100% of newly written
 *   objects (https://cloud.google.com/storage/docs/availability-durability#turbo-replication).
 *   Without it a dual-region replicates with DEFAULT, which has no time bound, so the WAL a
 *   region-loss restore needs could be missing for hours (review-gcp N1). `rpo` is updated in
 *   place (`gcloud storage buckets update --rpo`), so existing dual-region buckets only gain it.
 * - Multi-regions (US, EU, ASIA) cannot use turbo replication; they keep DEFAULT, and the
 *   checklist's backup-replicated rule says so.
 *
 * A bucket's location and placement are fixed at creation: the provider replaces the bucket when
 * they change, which `protect` refuses. An existing stack moves its bucket with Cloud Storage's
 * bucket relocation and then refreshes (docs/clouds/gcp.md, "Replicated archive").
 */
import { FhirHaConfig } from "../../config/types";
import { dualRegionOf, isPredefinedDualRegion } from "../../cloud/replica/gcs-dual-region";

export interface ArchiveLocation {
    location: string;
    customPlacementConfig?: { dataLocations: string[] };
    rpo?: string;
}

export const TURBO = "ASYNC_TURBO";

export function archiveLocation(config: Pick<FhirHaConfig, "gcp" | "region" | "backup">): ArchiveLocation {
    const replica = config.backup.replica.region;
    const dual = replica ? dualRegionOf(config.region, replica) : undefined;
    if (dual) return { location: dual.location, customPlacementConfig: { dataLocations: dual.dataLocations }, rpo: TURBO };
    const location = (config.gcp.bucketLocation || config.region).toUpperCase();
    return isPredefinedDualRegion(location) ? { location, rpo: TURBO } : { location };
}
