/**
 * Workload identity federation: which Kubernetes service accounts may act as the backup identity.
 */
import { ServiceAccountRef } from "../../names";

/** The audience AKS's workload identity webhook requests in the projected service account token. */
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";

/** The `sub` claim of a service account token, which Entra ID matches exactly. */
export function federatedSubject(sa: ServiceAccountRef): string {
    return `system:serviceaccount:${sa.namespace}:${sa.name}`;
}

/** Credential name: 3-120 characters, letters, digits, '-' and '_'; unique per identity. */
export function federatedCredentialName(sa: ServiceAccountRef): string {
    return `${sa.namespace}-${sa.name}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 120);
}
