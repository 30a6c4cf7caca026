/**
 * Azure's region pairs: the only secondary a geo-redundant storage account (GRS, GZRS, RA-GZRS)
 * replicates to. The pair is fixed by Azure, not chosen per account, so `backup.replica.region`
 * on Azure must name it.
 * Source: https://learn.microsoft.com/azure/reliability/cross-region-replication-azure
 * ("Azure paired regions" table). Regions without a pair (e.g. polandcentral, italynorth,
 * spaincentral, israelcentral) have no geo-redundant storage secondary and are absent here.
 * A few pairs are one-way (brazilsouth -> southcentralus, westus3 -> eastus): the entry is the
 * secondary of the key's region, which is what a storage account in that region replicates to.
 */
export const AZURE_REGION_PAIRS: Record<string, string> = {
    eastus: "westus",
    westus: "eastus",
    eastus2: "centralus",
    centralus: "eastus2",
    northcentralus: "southcentralus",
    southcentralus: "northcentralus",
    westus2: "westcentralus",
    westcentralus: "westus2",
    westus3: "eastus",
    canadacentral: "canadaeast",
    canadaeast: "canadacentral",
    brazilsouth: "southcentralus",
    northeurope: "westeurope",
    westeurope: "northeurope",
    uksouth: "ukwest",
    ukwest: "uksouth",
    francecentral: "francesouth",
    francesouth: "francecentral",
    germanywestcentral: "germanynorth",
    germanynorth: "germanywestcentral",
    switzerlandnorth: "switzerlandwest",
    switzerlandwest: "switzerlandnorth",
    norwayeast: "norwaywest",
    norwaywest: "norwayeast",
    swedencentral: "swedensouth",
    swedensouth: "swedencentral",
    eastasia: "southeastasia",
    southeastasia: "eastasia",
    japaneast: "japanwest",
    japanwest: "japaneast",
    koreacentral: "koreasouth",
    koreasouth: "koreacentral",
    australiaeast: "australiasoutheast",
    australiasoutheast: "australiaeast",
    centralindia: "southindia",
    southindia: "centralindia",
    uaenorth: "uaecentral",
    uaecentral: "uaenorth",
    southafricanorth: "southafricawest",
    southafricawest: "southafricanorth",
};

/** Azure spells locations in any case and with spaces in the portal ("West Europe"). */
export function azureLocationKey(location: string): string {
    return location.toLowerCase().replace(/\s+/g, "");
}

/** The secondary region of a storage account in `location`, or undefined where Azure has no pair. */
export function azurePairOf(location: string): string | undefined {
    return AZURE_REGION_PAIRS[azureLocationKey(location)];
}
