/**
 * HAPI FHIR JPA server (hapi-fhir-jpaserver-starter image) settings as Spring Boot environment
 * variables. Dotted names are used where Spring's map binding needs the exact key
 * (`spring.jpa.properties.*`), as the project's own Helm chart does.
 */
import { APP_SECRET_KEYS, EngineEnvContext, EnvVar, fromSecret, plain } from "./env";

/** The Postgres dialect HAPI documents for PostgreSQL (its own subclass of Hibernate's). */
export const HAPI_POSTGRES_DIALECT = "ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect";

/** Actuator and metrics live on their own port, which the Service does not expose. */
export const HAPI_MANAGEMENT_PORT = 8081;

export function jdbcUrl(host: string, port: number, dbname: string): string {
    return `jdbc:postgresql://${host}:${port}/${dbname}`;
}

export function hapiEnv(ctx: EngineEnvContext): EnvVar[] {
    const db = ctx.database;
    return [
        plain("SERVER_PORT", ctx.containerPort),
        plain("SPRING_DATASOURCE_URL", jdbcUrl(db.host, db.port, db.dbname)),
        fromSecret("SPRING_DATASOURCE_USERNAME", db.secretName, APP_SECRET_KEYS.username),
        fromSecret("SPRING_DATASOURCE_PASSWORD", db.secretName, APP_SECRET_KEYS.password),
        plain("SPRING_DATASOURCE_DRIVERCLASSNAME", "org.postgresql.Driver"),
        plain("spring.jpa.properties.hibernate.dialect", HAPI_POSTGRES_DIALECT),
        // Hibernate Search would keep a Lucene index on each pod's own disk: replicas would
        // answer full-text searches differently. Off (the starter's default, pinned here).
        plain("spring.jpa.properties.hibernate.search.enabled", false),
        // Liveness and readiness groups without the database: a Postgres failover must not
        // restart or unready every pod. Served on the main port as /livez and /readyz.
        plain("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", true),
        plain("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ADD_ADDITIONAL_PATHS", true),
        plain("MANAGEMENT_ENDPOINT_HEALTH_GROUP_LIVENESS_INCLUDE", "livenessState"),
        plain("MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE", "readinessState"),
        plain("MANAGEMENT_SERVER_PORT", HAPI_MANAGEMENT_PORT),
        // Finish in-flight requests on SIGTERM (readiness turns to refusing traffic first).
        plain("SERVER_SHUTDOWN", "graceful"),
    ];
}
