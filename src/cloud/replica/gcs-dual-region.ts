/**
 * A configurable ("custom") dual-region GCS bucket: `location` is the multi-region that contains
 * both regions (US, EU or ASIA) and `customPlacementConfig.dataLocations` names the two regions.
 * Source: https://cloud.google.com/storage/docs/locations#configurable ("Configurable
 * dual-regions": two regions of the same continent, location = the multi-region code) and
 * https://cloud.google.com/storage/docs/creating-buckets (`--location=US --placement=...`).
 * Turbo replication (`rpo: ASYNC_TURBO`) is for dual-regions only and targets 15 minutes for
 * every newly written object: https://cloud.google.com/storage/docs/availability-durability#turbo-replication;
 * the `Rpo` enum of the Java client says DEFAULT has "no guarantee on the amount of time".
 */

/** Region-name prefix → the multi-region a configurable dual-region of two such regions names as its location. */
const CONTINENT_OF_PREFIX: Record<string, string> = { us: "US", europe: "EU", asia: "ASIA" };

/** The predefined dual-regions (https://cloud.google.com/storage/docs/locations#predefined). */
export const PREDEFINED_DUAL_REGIONS = ["ASIA1", "EUR4", "EUR5", "EUR7", "EUR8", "NAM4"];

export function continentOf(region: string): string | undefined {
    return CONTINENT_OF_PREFIX[region.toLowerCase().split("-")[0]];
}

export interface DualRegion {
    /** The bucket's `location`: US, EU or ASIA. */
    location: string;
    /** `customPlacementConfig.dataLocations`, upper case as GCS reports them. */
    dataLocations: string[];
}

/** The dual-region of `primary` and `replica`, or undefined when GCS has no such pairing. */
export function dualRegionOf(primary: string, replica: string): DualRegion | undefined {
    const location = continentOf(primary);
    if (!location || continentOf(replica) !== location) return undefined;
    return { location, dataLocations: [primary.toUpperCase(), replica.toUpperCase()] };
}

/** True for a location that turbo replication applies to: a predefined dual-region. */
export function isPredefinedDualRegion(location: string): boolean {
    return PREDEFINED_DUAL_REGIONS.includes(location.toUpperCase());
}
