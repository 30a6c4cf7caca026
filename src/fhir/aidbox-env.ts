/**
 * Aidbox settings as environment variables, with the names of Aidbox's settings reference
 * (the `BOX_*` forms; the older `AIDBOX_*`/`PG*` names are deprecated aliases).
 */
import { AIDBOX_SECRET_KEYS, aidboxSecretName } from "./aidbox-secret";
import { APP_SECRET_KEYS, EngineEnvContext, EnvVar, fromSecret, plain } from "./env";

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
        // Settings come from this program only: UI edits would drift from the stack config.
        plain("BOX_SETTINGS_MODE", "read-only"),
        plain("BOX_SECURITY_DEV_MODE", false),
    ];
}
