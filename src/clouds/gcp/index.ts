/**
 * The GCP target: a private regional GKE cluster, a GCS backup bucket and Workload Identity for
 * the backups. Only `@pulumi/gcp` submodules are imported, and only when a stack selects gcp.
 */
export { GcpCluster, GcpCluster as Cluster } from "./cluster";
export { resolveZones } from "./zones";
