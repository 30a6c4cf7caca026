/**
 * Shared shapes and helpers for the per-engine environment builders.
 */
import * as k8sInput from "@pulumi/kubernetes/types/input";

export type EnvVar = k8sInput.core.v1.EnvVar;

/** Postgres the FHIR server connects to: CNPG's read-write service and its generated app-user Secret. */
export interface DatabaseEndpoint {
    /** Secret CNPG generates for the app user; the builders read its `username` and `password` keys. */
    secretName: string;
    /** Read-write service of the active cluster: it always points at the current primary. */
    host: string;
    port: number;
    dbname: string;
    /**
     * Secret holding the CA that signed the server's certificate (CNPG's `<cluster>-ca`, key
     * `ca.crt`). When given, the pods verify the server: certificate chain and host name.
     */
    caSecretName?: string;
}

/** Where the pods find the database's CA certificate (a one-key projection of `caSecretName`). */
export const DB_CA_DIR = "/etc/fhir-ha/db-ca";
/** Key of CNPG's CA Secret that holds the certificate (cloudnative-pg pkg/certs/certs.go `CACertKey`). */
export const DB_CA_KEY = "ca.crt";
export const DB_CA_FILE = `${DB_CA_DIR}/${DB_CA_KEY}`;

/**
 * pgjdbc's TLS parameters when the CA is known: `sslmode=verify-full` checks the chain against
 * `sslrootcert` (a PEM file) and that the host name is in the certificate. CNPG's server
 * certificate names each service in its short, namespaced, `.svc` and cluster-domain forms
 * (cloudnative-pg v1.30.0 api/v1/cluster_funcs.go `GetClusterAltDNSNames`), so the short `-rw`
 * name the pods connect to matches. pgjdbc documentation, "Connecting to the Database" / SSL.
 */
export function jdbcTlsParameters(db: DatabaseEndpoint): Record<string, string> {
    return db.caSecretName ? { sslmode: "verify-full", sslrootcert: DB_CA_FILE } : {};
}

/** Keys of CNPG's `<cluster>-app` Secret (basic-auth type plus connection details). */
export const APP_SECRET_KEYS = { username: "username", password: "password" } as const;

export interface EngineEnvContext {
    database: DatabaseEndpoint;
    /** Port the server listens on inside the pod. */
    containerPort: number;
    /** Port of the engine's second listener: metrics (both) and, for HAPI, the actuator probes. */
    metricsPort: number;
    /** Public base URL of the server root, no trailing slash (both engines put it in links they return). */
    baseUrl: string;
    /** Path of the FHIR API under the root ("/fhir"). */
    fhirBasePath: string;
    /** Whether a license was configured (Aidbox). */
    hasLicense: boolean;
    /** Browser origins CORS allows (never empty: at least the origin of baseUrl). */
    corsOrigins: string[];
    /** Database connections per pod. */
    poolSize: number;
    /** Longest a single read on a database socket may block, in seconds (fhir.dbSocketTimeout). */
    dbSocketTimeoutSeconds: number;
}

/**
 * How long a request waits for a pooled database connection before it fails, in ms. A few
 * seconds: during a failover the pool is empty until the new primary answers, and a request
 * thread parked for the pools' 30 s default is a thread that cannot answer anything else.
 */
export const POOL_CONNECTION_TIMEOUT_MS = 3000;

/**
 * Longest a single read on a database socket may block, in seconds (pgjdbc `socketTimeout`), when
 * `fhir.dbSocketTimeout` is not set. After a primary's node is lost, its TCP connections get no
 * reset: without this a query on one waits for the kernel's retransmission timeout (about 15
 * minutes on Linux). Long enough for the slowest legitimate statements of normal operation
 * (reindex and bulk-export batches); a schema migration on a large database may need more, which
 * is what the config key is for.
 */
export const DEFAULT_JDBC_SOCKET_TIMEOUT_SECONDS = 120;

/** Longest a new database connection may take to open, in seconds (pgjdbc `connectTimeout`). */
export const JDBC_CONNECT_TIMEOUT_SECONDS = 5;

export function plain(name: string, value: string | number | boolean): EnvVar {
    return { name, value: String(value) };
}

export function fromSecret(name: string, secretName: string, key: string): EnvVar {
    return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}
