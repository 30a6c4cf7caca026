/**
 * How many connections PostgreSQL gives the FHIR pods. The clusters of this package do not set
 * `max_connections` (src/database/instance-settings.ts sets shared_buffers, archive_timeout and
 * max_slot_wal_keep_size only), so PostgreSQL's defaults apply: max_connections 100, of which
 * superuser_reserved_connections 3 are kept for superusers (the CNPG instance manager and the
 * operator connect as the superuser) and reserved_connections 0 (PostgreSQL 16+) for roles with
 * pg_use_reserved_connections. Source: PostgreSQL documentation, "Connections and
 * Authentication" (runtime-config-connection). Streaming replicas use max_wal_senders, which
 * PostgreSQL 12+ does not count against max_connections. If the database tier ever sets
 * max_connections, pass its parameters here.
 */

/** Pods that may run at once beyond `fhir.replicas` during a rollout (the Deployment's maxSurge). */
export const SURGE_PODS = 1;

export interface ConnectionBudget {
    maxConnections: number;
    superuserReserved: number;
    reserved: number;
    /** What ordinary roles (the FHIR server's app user) may open in total. */
    available: number;
}

export function connectionBudget(parameters: Record<string, string> = {}): ConnectionBudget {
    const num = (key: string, fallback: number) => (parameters[key] !== undefined ? Number(parameters[key]) : fallback);
    const maxConnections = num("max_connections", 100);
    const superuserReserved = num("superuser_reserved_connections", 3);
    const reserved = num("reserved_connections", 0);
    return { maxConnections, superuserReserved, reserved, available: maxConnections - superuserReserved - reserved };
}

/** Connections the FHIR tier may hold at the peak of a rollout. */
export function connectionsNeeded(replicas: number, poolSize: number): number {
    return (replicas + SURGE_PODS) * poolSize;
}
