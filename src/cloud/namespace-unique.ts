/**
 * How a GCP stack records that its namespace is its own within the project (GKE Workload
 * Identity trusts `<project>.svc.id.goog[<namespace>/<sa>]` from every cluster of the project):
 * written into the backup service account's description by the gcp target, read by the
 * checklist rule backup-identity-isolated. Here, not in either, so neither imports the other.
 */
export const NAMESPACE_UNIQUE_MARKER = "namespace unique in project";
