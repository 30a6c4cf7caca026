/**
 * Aidbox settings as environment variables, with the names of Aidbox's settings reference
 * (docs/reference/all-settings.md of the Aidbox documentation; the `BOX_*` forms, the older
 * `AIDBOX_*`/`PG*` names are deprecated aliases). The security settings are the ones that page
 * marks "Recommended value" and docs/configuration/recommended-envs.md lists, except
 * BOX_SECURITY_DEV_MODE (recommended-envs turns it on for development; all-settings says
 * "not recommended for production systems") and BOX_SETTINGS_MODE (see below).
 */
import { AIDBOX_SECRET_KEYS, aidboxSecretName } from "./aidbox-secret";
import { APP_SECRET_KEYS, EngineEnvContext, EnvVar, fromSecret, JDBC_CONNECT_TIMEOUT_SECONDS, jdbcTlsParameters, plain, POOL_CONNECTION_TIMEOUT_MS } from "./env";

/** BOX_METRICS_PORT: the metrics server, a listener of its own (Aidbox's Helm chart uses 8765). */
export const AIDBOX_METRICS_PORT = 8765;

/**
 * Seconds Aidbox is given to finish after SIGTERM. Aidbox documents no graceful-shutdown
 * setting; this is the Kubernetes default grace period, kept as the budget after the preStop sleep.
 */
export const AIDBOX_SHUTDOWN_SECONDS = 30;

/** The FHIR core package Aidbox loads on first boot (its documented recommended value). */
export const AIDBOX_FHIR_CORE_PACKAGE = "hl7.fhir.r4.core#4.0.1";

export function aidboxEnv(ctx: EngineEnvContext): EnvVar[] {
    const db = ctx.database;
    const shared = aidboxSecretName();
    return [
        plain("BOX_WEB_PORT", ctx.containerPort),
        plain("BOX_WEB_BASE_URL", ctx.baseUrl),
        plain("BOX_DB_HOST", db.host),
        plain("BOX_DB_PORT", db.port),
        plain("BOX_DB_DATABASE", db.dbname),
        // db.pool.maximum-pool-size (default 8) explicitly, for the connection budget, and
        // db.pool.connection-timeout down from 30000 ms: see POOL_CONNECTION_TIMEOUT_MS.
        plain("BOX_DB_POOL_MAXIMUM_POOL_SIZE", ctx.poolSize),
        plain("BOX_DB_POOL_CONNECTION_TIMEOUT", POOL_CONNECTION_TIMEOUT_MS),
        // The same pgjdbc connection parameters as HAPI's JDBC URL (see DEFAULT_JDBC_SOCKET_TIMEOUT_SECONDS).
        // Aidbox passes every AIDBOX_DB_PARAM_<UPPER_SNAKE> variable to the JDBC connection
        // string as <lowerCamel>: Aidbox docs, configuration/configure-aidbox-and-multibox.md
        // (AIDBOX_DB_PARAM_*), tutorials/other-tutorials/how-to-run-aidbox-with-cloud-sql-java-connector.md
        // (the rule, with AIDBOX_DB_PARAM_ENABLE_IAM_AUTH -> enableIamAuth), and the older
        // AIDBOX_DB_PARAM_CURRENT_SCHEMA documented as setting pgjdbc's currentSchema.
        plain("AIDBOX_DB_PARAM_CONNECT_TIMEOUT", JDBC_CONNECT_TIMEOUT_SECONDS),
        plain("AIDBOX_DB_PARAM_SOCKET_TIMEOUT", ctx.dbSocketTimeoutSeconds),
        plain("AIDBOX_DB_PARAM_TCP_KEEP_ALIVE", true),
        // The same verification as HAPI's (jdbcTlsParameters): one-word pgjdbc names, so
        // AIDBOX_DB_PARAM_SSLMODE -> sslmode, as Aidbox's configure-aidbox-and-multibox.md shows
        // with AIDBOX_DB_PARAM_SSLMODE=verify-ca.
        ...Object.entries(jdbcTlsParameters(db)).map(([k, v]) => plain(`AIDBOX_DB_PARAM_${k.toUpperCase()}`, v)),
        fromSecret("BOX_DB_USER", db.secretName, APP_SECRET_KEYS.username),
        fromSecret("BOX_DB_PASSWORD", db.secretName, APP_SECRET_KEYS.password),
        // Keep /health independent of the database (the default since 2509, pinned here so a
        // default change cannot make liveness restart every pod during a Postgres failover).
        plain("BOX_PROPAGATE_DB_HEALTH_STATUS_TO_BOX", false),
        fromSecret("BOX_ADMIN_PASSWORD", shared, AIDBOX_SECRET_KEYS.adminPassword),
        fromSecret("BOX_ROOT_CLIENT_SECRET", shared, AIDBOX_SECRET_KEYS.rootClientSecret),
        // The same signing material in every replica, so a token issued by one is valid on all.
        fromSecret("BOX_SECURITY_AUTH_KEYS_PRIVATE", shared, AIDBOX_SECRET_KEYS.authPrivateKey),
        fromSecret("BOX_SECURITY_AUTH_KEYS_PUBLIC", shared, AIDBOX_SECRET_KEYS.authPublicKey),
        fromSecret("BOX_SECURITY_AUTH_KEYS_SECRET", shared, AIDBOX_SECRET_KEYS.authSecret),
        ...(ctx.hasLicense ? [fromSecret("BOX_LICENSE", shared, AIDBOX_SECRET_KEYS.license)] : []),
        plain("BOX_BOOTSTRAP_FHIR_PACKAGES", AIDBOX_FHIR_CORE_PACKAGE),
        plain("BOX_FHIR_COMPLIANT_MODE", true),
        plain("BOX_FHIR_SCHEMA_VALIDATION", true),
        plain("BOX_FHIR_CORRECT_AIDBOX_FORMAT", true),
        plain("BOX_FHIR_CREATEDAT_URL", "https://aidbox.app/ex/createdAt"),
        // settings-mode read-only: settings come from these variables only, the Admin UI cannot
        // change them and the legacy zen configuration project is not read. The docs recommend
        // read-write; here a UI edit would silently differ from the stack config and be lost
        // at the next rollout. Every change therefore goes through `pulumi up` (and restarts
        // the pods, even for settings Aidbox could hot-reload). docs/fhir-server.md.
        plain("BOX_SETTINGS_MODE", "read-only"),
        // security.dev-mode: `_debug=policy` traces of access-policy evaluation; off in production.
        plain("BOX_SECURITY_DEV_MODE", false),
        // fhir.search.authorize-inline-requests (default false): _include/_revinclude results
        // are checked against access policies too, instead of riding along with the main query.
        plain("BOX_FHIR_SEARCH_AUTHORIZE_INLINE_REQUESTS", true),
        // security.audit-log.enabled (default false): FHIR AuditEvents for every access, stored
        // in Postgres unless BOX_SECURITY_AUDIT_LOG_REPOSITORY_URL is set (via fhir.extraEnv).
        plain("BOX_SECURITY_AUDIT_LOG_ENABLED", true),
        // module.sdc.strict-access-control: SDC operations obey access policies (recommended-envs).
        plain("BOX_MODULE_SDC_STRICT_ACCESS_CONTROL", true),
        // export-settings-endpoint: "may expose your sensitive settings"; pinned off.
        plain("BOX_EXPORT_SETTINGS_ENDPOINT", false),
        // security.cors.origins defaults to "*".
        plain("BOX_SECURITY_CORS_ORIGINS", ctx.corsOrigins.join(",")),
        // observability.metrics.server-port: Prometheus metrics at /metrics on their own port.
        plain("BOX_METRICS_PORT", ctx.metricsPort),
        // observability.metrics.enable-postgres-metrics (default true): the pg_* metrics query
        // Postgres on every scrape, on the listener liveness asks. Off, so no liveness answer can
        // wait behind a scrape stuck on a stalled database; CNPG's own exporter (the monitoring
        // tier's PodMonitor) has the same figures. Aidbox docs: all-settings.md, and "Use Aidbox
        // Metrics Server" ("If you have a different pg exporter, disable Aidbox PostgreSQL
        // metrics"), monitoring/prometheus-metrics.md (pg_* metrics).
        plain("BOX_OBSERVABILITY_METRICS_ENABLE_POSTGRES_METRICS", false),
    ];
}
