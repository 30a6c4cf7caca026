/**
 * How many connections PostgreSQL gives the FHIR pods. The clusters of this package do not set
 * `max_connections` (src/database/instance-settings.ts sets shared_buffers, archive_timeout and
 * max_slot_wal_keep_size only; tests/fhir-security.test.ts checks the rendered Cluster), so
 * PostgreSQL's defaults apply: max_connections 100, superuser_reserved_connections 3 and
 * reserved_connections 0 (PostgreSQL 16+, for roles with pg_use_reserved_connections).
 * Streaming replicas use max_wal_senders, which PostgreSQL 12+ does not count against
 * max_connections. If the database tier ever sets max_connections, pass its parameters here.
 *
 * The reserved slots are the *last* ones: superusers take ordinary slots first and fall back to
 * the reserved ones only when ordinary slots are full (PostgreSQL documentation, "Connections
 * and Authentication", superuser_reserved_connections: "whenever the number of active concurrent
 * connections is at least max_connections minus superuser_reserved_connections, new connections
 * will be accepted only for superusers"). The CNPG instance manager, its metrics exporter and
 * backups connect as the postgres superuser, so they share the ordinary slots with the app.
 */

/** Pods that may run at once beyond `fhir.replicas` during a rollout (the Deployment's maxSurge). */
export const SURGE_PODS = 1;

/**
 * Old pods that still hold their pool while the next new pod starts. The Deployment controller
 * starts a replacement as soon as an old pod begins terminating and does not count terminating
 * pods against maxSurge (kubernetes/enhancements KEP-3973, "Consider Terminating Pods in
 * Deployments": the opt-in podReplacementPolicy is alpha in 1.33, off by default). An old pod
 * keeps its connections for up to its grace period (40 s); a new JVM server takes longer than
 * that to start and become ready, so one old pod at a time is terminating.
 */
export const TERMINATING_PODS = 1;

/**
 * Ordinary slots left for the superuser connections of CNPG (instance manager, exporter,
 * backups, `kubectl cnpg` and psql sessions of an operator on call), which take ordinary slots
 * before the reserved ones.
 */
export const OPERATOR_HEADROOM = 10;

export interface ConnectionBudget {
    maxConnections: number;
    superuserReserved: number;
    reserved: number;
    /** Ordinary slots kept free for superuser connections (OPERATOR_HEADROOM). */
    operatorHeadroom: number;
    /** What ordinary roles (the FHIR server's app user) may open in total. */
    available: number;
}

export function connectionBudget(parameters: Record<string, string> = {}): ConnectionBudget {
    const num = (key: string, fallback: number) => (parameters[key] !== undefined ? Number(parameters[key]) : fallback);
    const maxConnections = num("max_connections", 100);
    const superuserReserved = num("superuser_reserved_connections", 3);
    const reserved = num("reserved_connections", 0);
    const operatorHeadroom = OPERATOR_HEADROOM;
    return { maxConnections, superuserReserved, reserved, operatorHeadroom, available: maxConnections - superuserReserved - reserved - operatorHeadroom };
}

/** FHIR pods that may hold a pool at once at the peak of a rollout. */
export function peakPods(replicas: number): number {
    return replicas + SURGE_PODS + TERMINATING_PODS;
}

/** Connections the FHIR tier may hold at the peak of a rollout. */
export function connectionsNeeded(replicas: number, poolSize: number): number {
    return peakPods(replicas) * poolSize;
}
