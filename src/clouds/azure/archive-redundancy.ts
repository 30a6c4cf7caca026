/**
 * The backup account's redundancy. `backup.replica.region` makes it RA-GZRS: zone-redundant in
 * the region, copied asynchronously to Azure's pair of the region (the only secondary Azure
 * allows; the config check in src/cloud/replica refuses any other), and readable there through
 * the `-secondary` endpoint without a failover, which a standby in the pair region needs.
 * Sources: https://learn.microsoft.com/azure/storage/common/storage-redundancy
 * ("Read access to data in the secondary region"), and for an existing ZRS account the change is
 * an in-place SKU update (https://learn.microsoft.com/azure/storage/common/redundancy-migration).
 * Without a replica the account keeps `azure.storageRedundancy` (ZRS, or GZRS whose secondary is
 * readable only after an account failover).
 */
import { FhirHaConfig } from "../../config/types";

export const READABLE_GEO_REDUNDANCY = "RAGZRS";

export function archiveRedundancy(config: Pick<FhirHaConfig, "azure" | "backup">): string {
    return config.backup.replica.region ? READABLE_GEO_REDUNDANCY : config.azure.storageRedundancy;
}
