/**
 * Which Azure regions have availability zones, and which zones a stack uses.
 *
 * azure-native has no invoke that lists a region's zones (the ARM "list locations" API with its
 * `availabilityZoneMappings` is not exposed by the provider), so the answer is a documented fact
 * table. Source: Microsoft's "Azure regions list" (learn.microsoft.com/azure/reliability/regions-list),
 * regions marked with availability zone support. A region added there later is a one-line change
 * here; until then a stack in it fails with a clear `fhir-ha:zones` error instead of building
 * a single-zone cluster that only looks highly available.
 */

/** Every zone-enabled Azure region has exactly these three logical zones. */
export const AZURE_ZONES = ["1", "2", "3"];

/** Programmatic names (`azure-native:location`) of regions with availability zones. */
export const ZONE_REDUNDANT_REGIONS: readonly string[] = [
    // Americas
    "brazilsouth",
    "canadacentral",
    "centralus",
    "eastus",
    "eastus2",
    "mexicocentral",
    "southcentralus",
    "westus2",
    "westus3",
    "usgovvirginia",
    // Europe
    "austriaeast",
    "belgiumcentral",
    "francecentral",
    "germanywestcentral",
    "italynorth",
    "northeurope",
    "norwayeast",
    "polandcentral",
    "spaincentral",
    "swedencentral",
    "switzerlandnorth",
    "uksouth",
    "westeurope",
    // Middle East and Africa
    "israelcentral",
    "qatarcentral",
    "uaenorth",
    "southafricanorth",
    // Asia Pacific
    "australiaeast",
    "centralindia",
    "eastasia",
    "indonesiacentral",
    "japaneast",
    "japanwest",
    "koreacentral",
    "newzealandnorth",
    "southeastasia",
    "chinanorth3",
];

/** `azure-native:location` accepts display names too ("West Europe"); compare in one spelling. */
export function normalizeRegion(region: string): string {
    return region.replace(/\s+/g, "").toLowerCase();
}

/**
 * The zones as nodes carry them in `topology.kubernetes.io/zone`: `<region>-<zone>`, e.g.
 * `westeurope-1` (learn.microsoft.com/azure/aks/availability-zones, "Verify node distribution
 * across zones": `kubectl get nodes -L topology.kubernetes.io/zone` shows `eastus2-1`).
 */
export function zoneLabels(region: string, zones: string[]): string[] {
    return zones.map((z) => `${normalizeRegion(region)}-${z}`);
}

export function regionHasZones(region: string): boolean {
    return ZONE_REDUNDANT_REGIONS.includes(normalizeRegion(region));
}

/**
 * The zones a stack uses, or the problems that stop it. Explicit names must be distinct zones of
 * the region; otherwise the first `zoneCount` zones are taken.
 */
export function pickZones(region: string, zoneCount: number, zoneNames: string[]): { zones: string[]; problems: string[] } {
    if (!regionHasZones(region)) {
        return {
            zones: [],
            problems: [
                `fhir-ha:zones: azure-native:location ${JSON.stringify(region)} has no availability zones, so the cluster could not ` +
                    `survive the loss of a datacenter; choose a zone-redundant region, e.g. ${["westeurope", "northeurope", "eastus2", "swedencentral"].join(", ")}`,
            ],
        };
    }
    if (zoneNames.length === 0) {
        if (zoneCount > AZURE_ZONES.length) {
            return { zones: [], problems: [`fhir-ha:zones = ${zoneCount}: ${region} has ${AZURE_ZONES.length} availability zones (${AZURE_ZONES.join(", ")})`] };
        }
        return { zones: AZURE_ZONES.slice(0, zoneCount), problems: [] };
    }
    const unknown = zoneNames.filter((z) => !AZURE_ZONES.includes(z));
    const repeated = zoneNames.filter((z, i) => zoneNames.indexOf(z) !== i);
    const problems: string[] = [];
    if (unknown.length > 0) {
        problems.push(`fhir-ha:zones = ${JSON.stringify(zoneNames)}: ${region} has zones ${AZURE_ZONES.map((z) => JSON.stringify(z)).join(", ")} (not ${unknown.join(", ")})`);
    }
    if (repeated.length > 0) problems.push(`fhir-ha:zones = ${JSON.stringify(zoneNames)}: zones must be distinct (repeated: ${repeated.join(", ")})`);
    return problems.length > 0 ? { zones: [], problems } : { zones: [...zoneNames], problems: [] };
}
