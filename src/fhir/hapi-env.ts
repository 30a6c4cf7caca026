/**
 * HAPI FHIR JPA server (hapi-fhir-jpaserver-starter image) settings as Spring Boot environment
 * variables. `spring.jpa.properties.*` and `hapi.fhir.*` keys go under their exact dotted names,
 * which Spring binds as given (HAPI's own Helm chart sets spring.jpa.properties.* that way). Their
 * upper-case forms would mostly bind too (env-names.ts), which is why fhir.extraEnv refuses them.
 *
 * Defaults this overrides, all from src/main/resources/application.yaml and AppProperties.java
 * of hapi-fhir-jpaserver-starter at tag image/v8.10.0-3:
 * - `hapi.fhir.expunge_enabled` is true in AppProperties: `$expunge` deletes history for good;
 * - `spring.ai.mcp.server.enabled` is true: an MCP (AI tool) endpoint at /mcp/messages that
 *   reads and writes through the FHIR API;
 * - `hapi.fhir.cors.allowed_origin` is ["*"];
 * - `hapi.fhir.server_address` is unset, so links carry whatever host the request used;
 * - `hapi.fhir.tester.home.refuse_to_fetch_third_party_urls` is false in application.yaml: the
 *   web Tester loads any URL a visitor gives it;
 * - `spring.datasource.hikari.maximum-pool-size` 10 and Hikari's own connection-timeout 30 s;
 * - `management.endpoints.web.exposure.include` is "health" only (no Prometheus endpoint).
 */
import {
    APP_SECRET_KEYS,
    EngineEnvContext,
    EnvVar,
    fromSecret,
    JDBC_CONNECT_TIMEOUT_SECONDS,
    jdbcTlsParameters,
    plain,
    POOL_CONNECTION_TIMEOUT_MS,
} from "./env";

/** The Postgres dialect HAPI documents for PostgreSQL (its own subclass of Hibernate's). */
export const HAPI_POSTGRES_DIALECT = "ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect";

/**
 * Actuator (probes, Prometheus) on its own port. With `management.server.port` set, Spring Boot
 * runs the actuator in a child context with its own embedded server and connector, so its
 * threads are not the request threads that wait on the database (Spring Boot reference,
 * "Customizing the Management Server Port"). The Service does not expose it.
 */
export const HAPI_MANAGEMENT_PORT = 8081;

/** Spring Boot's graceful-shutdown budget for in-flight requests (spring.lifecycle.timeout-per-shutdown-phase). */
export const HAPI_SHUTDOWN_SECONDS = 30;

export function jdbcUrl(host: string, port: number, dbname: string, socketTimeoutSeconds: number, tls: Record<string, string> = {}): string {
    // pgjdbc connection parameters (jdbc.postgresql.org/documentation/use/): seconds, 0 = none.
    const params = `connectTimeout=${JDBC_CONNECT_TIMEOUT_SECONDS}&socketTimeout=${socketTimeoutSeconds}&tcpKeepAlive=true`;
    const tlsParams = Object.entries(tls).map(([k, v]) => `&${k}=${v}`).join("");
    return `jdbc:postgresql://${host}:${port}/${dbname}?${params}${tlsParams}`;
}

export function hapiEnv(ctx: EngineEnvContext): EnvVar[] {
    const db = ctx.database;
    return [
        plain("SERVER_PORT", ctx.containerPort),
        plain("SPRING_DATASOURCE_URL", jdbcUrl(db.host, db.port, db.dbname, ctx.dbSocketTimeoutSeconds, jdbcTlsParameters(db))),
        fromSecret("SPRING_DATASOURCE_USERNAME", db.secretName, APP_SECRET_KEYS.username),
        fromSecret("SPRING_DATASOURCE_PASSWORD", db.secretName, APP_SECRET_KEYS.password),
        plain("SPRING_DATASOURCE_DRIVERCLASSNAME", "org.postgresql.Driver"),
        // The pool, explicitly: its size is what the connection budget is computed from, and a
        // request gives up on a connection after a few seconds instead of Hikari's 30.
        plain("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", ctx.poolSize),
        plain("SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT", POOL_CONNECTION_TIMEOUT_MS),
        // Hikari requires validation-timeout < connection-timeout.
        plain("SPRING_DATASOURCE_HIKARI_VALIDATIONTIMEOUT", Math.floor(POOL_CONNECTION_TIMEOUT_MS / 2)),
        plain("spring.jpa.properties.hibernate.dialect", HAPI_POSTGRES_DIALECT),
        // Hibernate Search would keep a Lucene index on each pod's own disk: replicas would
        // answer full-text searches differently. Off (the starter's default, pinned here).
        plain("spring.jpa.properties.hibernate.search.enabled", false),
        // Links in responses (Bundle.link, Location) carry the public URL, not the pod's.
        plain("hapi.fhir.server_address", `${ctx.baseUrl}${ctx.fhirBasePath}`),
        // Nothing may erase history: $expunge off, and its delete variant pinned off.
        plain("hapi.fhir.expunge_enabled", false),
        plain("hapi.fhir.delete_expunge_enabled", false),
        plain("hapi.fhir.allow_multiple_delete", false),
        plain("hapi.fhir.allow_cascading_deletes", false),
        // No AI tool endpoint next to the FHIR API.
        plain("SPRING_AI_MCP_SERVER_ENABLED", false),
        // The starter's web Tester cannot be switched off by configuration: it is on whenever
        // any hapi.fhir.tester* property exists (common/FhirTesterConfigCondition.java), and the
        // bundled application.yaml always has one. Its /page?page-url= fetches the given URL
        // from the pod unless third-party URLs are refused (hapi-fhir testpage-overlay
        // Controller.actionPage: then only URLs under the server's own base are loaded); the
        // yaml ships false. The HTTPRoute does not route the Tester (engines.ts, routedPath).
        plain("hapi.fhir.tester.home.refuse_to_fetch_third_party_urls", true),
        plain("hapi.fhir.cors.allowed_origin", ctx.corsOrigins.join(",")),
        plain("hapi.fhir.cors.allow_Credentials", false),
        // Probe groups without the database: a Postgres failover must not restart or unready
        // every pod. Liveness is read on the management port (its own connector); readiness on
        // the main port as /readyz, so a pod whose request threads are all stuck leaves traffic.
        plain("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", true),
        plain("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ADD_ADDITIONAL_PATHS", true),
        plain("MANAGEMENT_ENDPOINT_HEALTH_GROUP_LIVENESS_INCLUDE", "livenessState"),
        plain("MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE", "readinessState"),
        plain("MANAGEMENT_SERVER_PORT", ctx.metricsPort),
        plain("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,prometheus"),
        plain("MANAGEMENT_PROMETHEUS_METRICS_EXPORT_ENABLED", true),
        // Finish in-flight requests on SIGTERM (readiness turns to refusing traffic first).
        plain("SERVER_SHUTDOWN", "graceful"),
        plain("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", `${HAPI_SHUTDOWN_SECONDS}s`),
    ];
}
