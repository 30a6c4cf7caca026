/**
 * Which `fhir.extraEnv` names reach a setting the package sets, per engine. An exact-name
 * comparison is not enough: each runtime reads a setting under more names than the one the
 * package uses.
 */

/**
 * Aidbox: the deprecated environment variables its settings reference still lists for each
 * setting the package sets (HealthSamurai/documentation docs/reference/all-settings.md, the
 * "Deprecated environment variables" rows, read 2026-03; which of two names wins when both are
 * set is not documented). BOX_ADMIN_PASSWORD and BOX_ROOT_CLIENT_SECRET are not in that table;
 * their older names are the ones Aidbox's own Kubernetes guide still uses
 * (deploy-production-ready-aidbox-to-kubernetes.md). Aidbox reads the process environment,
 * which is case-sensitive on Linux, so these compare exactly.
 */
export const AIDBOX_DEPRECATED_ALIASES: Record<string, string[]> = {
    BOX_WEB_PORT: ["AIDBOX_PORT"],
    BOX_WEB_BASE_URL: ["AIDBOX_BASE_URL"],
    BOX_DB_HOST: ["PGHOST"],
    BOX_DB_PORT: ["PGPORT"],
    BOX_DB_DATABASE: ["PGDATABASE"],
    BOX_DB_USER: ["PGUSER"],
    BOX_DB_PASSWORD: ["PGPASSWORD"],
    BOX_DB_POOL_MAXIMUM_POOL_SIZE: ["BOX_DB_POOL_MAXIMUM__POOL__SIZE"],
    BOX_DB_POOL_CONNECTION_TIMEOUT: ["BOX_DB_POOL_CONNECTION__TIMEOUT"],
    BOX_ADMIN_PASSWORD: ["AIDBOX_ADMIN_PASSWORD"],
    BOX_ROOT_CLIENT_SECRET: ["AIDBOX_CLIENT_SECRET"],
    BOX_SECURITY_AUTH_KEYS_PRIVATE: ["BOX_AUTH_KEYS_PRIVATE"],
    BOX_SECURITY_AUTH_KEYS_PUBLIC: ["BOX_AUTH_KEYS_PUBLIC"],
    BOX_SECURITY_AUTH_KEYS_SECRET: ["BOX_AUTH_KEYS_SECRET"],
    BOX_LICENSE: ["AIDBOX_LICENSE"],
    BOX_BOOTSTRAP_FHIR_PACKAGES: ["AIDBOX_FHIR_PACKAGES"],
    BOX_FHIR_COMPLIANT_MODE: ["AIDBOX_FHIR_COMPLIANT_MODE", "AIDBOX_COMPLIANCE"],
    BOX_FHIR_SCHEMA_VALIDATION: ["AIDBOX_FHIR_SCHEMA_VALIDATION"],
    BOX_FHIR_CORRECT_AIDBOX_FORMAT: ["AIDBOX_CORRECT_AIDBOX_FORMAT"],
    BOX_FHIR_CREATEDAT_URL: ["AIDBOX_CREATED_AT_URL"],
    BOX_SECURITY_DEV_MODE: ["AIDBOX_DEV_MODE"],
    BOX_FHIR_SEARCH_AUTHORIZE_INLINE_REQUESTS: ["BOX_SEARCH_AUTHORIZE_INLINE_REQUESTS"],
    BOX_SECURITY_AUDIT_LOG_ENABLED: ["AIDBOX_SECURITY_AUDIT__LOG_ENABLED"],
    BOX_MODULE_SDC_STRICT_ACCESS_CONTROL: ["BOX_SDC_STRICT_ACCESS_CONTROL"],
    BOX_SECURITY_CORS_ORIGINS: ["BOX_WEB_CORS_ORIGINS"],
    BOX_OBSERVABILITY_METRICS_ENABLE_POSTGRES_METRICS: ["BOX_METRICS_POSTGRES_ON"],
};

/**
 * Variables that override settings wholesale rather than one by one:
 * - JDK_JAVA_OPTIONS: the java launcher (JDK 9+) adds it to the command line, so its `-D`
 *   system properties and `-XX` options beat what the package sets (for Spring, Java system
 *   properties outrank OS environment variables);
 * - SPRING_APPLICATION_JSON (HAPI): inline JSON properties, which Spring Boot ranks above OS
 *   environment variables (Spring Boot reference, "Externalized Configuration", the order of
 *   property sources).
 */
export const OVERRIDING_VARIABLES: Record<string, string[]> = {
    aidbox: ["JDK_JAVA_OPTIONS"],
    hapi: ["JDK_JAVA_OPTIONS", "SPRING_APPLICATION_JSON"],
};

/**
 * The form under which a name is compared. Spring Boot (HAPI) binds an environment variable to a
 * property whatever its case, with `_` for `.`, and `-` ignored or written `_`
 * (spring-boot SystemEnvironmentPropertyMapper, `convertName` and `convertLegacyName`), so
 * HAPI_FHIR_EXPUNGE_ENABLED reaches hapi.fhir.expunge_enabled and
 * spring.datasource.hikari.maximum-pool-size reaches SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE's
 * property: for HAPI the key ignores case and the separators `.`, `-` and `_`. That may refuse
 * a name Spring would bind elsewhere; never the reverse. Aidbox compares exactly.
 */
export function envNameKey(engine: string, name: string): string {
    return engine === "hapi" ? name.toUpperCase().replace(/[._-]/g, "") : name;
}

/**
 * Every name, as `envNameKey` forms it, that reaches a variable the package sets, mapped to
 * that variable (or to the overriding variable itself).
 */
export function reachingNames(engine: string, packageNames: Iterable<string>): Map<string, string> {
    const reach = new Map<string, string>();
    for (const name of packageNames) {
        reach.set(envNameKey(engine, name), name);
        if (engine === "aidbox") for (const alias of AIDBOX_DEPRECATED_ALIASES[name] ?? []) reach.set(alias, name);
    }
    for (const name of OVERRIDING_VARIABLES[engine] ?? []) reach.set(envNameKey(engine, name), name);
    return reach;
}
