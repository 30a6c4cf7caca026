/**
 * The Azure target: AKS across availability zones 1-3, zone-redundant Blob storage for backups,
 * Entra ID workload identity for the Barman Cloud plugin. Loaded only by `loadCloud("azure")`.
 */
export { AzureCluster, AzureCluster as Cluster } from "./cluster";
export { resolveZones } from "./resolve-zones";
