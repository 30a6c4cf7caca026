import { envValue, probeAction } from "../probes";
import { probeRule } from "./probe-rule";

const DB_TOOLS = /\b(psql|pg_isready|postgres)\b/;

/**
 * What a liveness check depends on, by what the server is known to do:
 * - Aidbox's GET /health follows the database unless BOX_PROPAGATE_DB_HEALTH_STATUS_TO_BOX is false;
 *   the root of its metrics server (BOX_METRICS_PORT) does not query it, but the same listener
 *   runs Postgres queries for /metrics scrapes unless its Postgres metrics are off;
 * - Spring Boot (HAPI) /livez and /actuator/health/liveness answer the liveness group, which
 *   includes the database only if the group is configured to; /actuator/health includes it;
 * - a command that runs a Postgres client plainly does.
 */
function databaseDependency(probe: Record<string, any>, container: Record<string, any>): string | undefined {
    if (probe.exec) {
        const command = (probe.exec.command ?? []).join(" ");
        return DB_TOOLS.test(command) ? `runs ${JSON.stringify(command)}` : "an exec probe cannot be shown not to query the database";
    }
    const path: string | undefined = probe.httpGet?.path;
    if (path === undefined) return undefined;
    if (/aidbox/.test(String(container.image ?? ""))) {
        // The metrics server's root answers a fixed string ("Use Aidbox Metrics Server").
        const metricsPort = (container.ports ?? []).find((p: Record<string, any>) => String(p.containerPort) === envValue(container, "BOX_METRICS_PORT"));
        const port = probe.httpGet?.port;
        if (path === "/" && metricsPort && (port === metricsPort.name || String(port) === String(metricsPort.containerPort))) {
            // The same listener serves /metrics, whose pg_* metrics query Postgres per scrape
            // unless turned off (Aidbox all-settings.md, default true).
            const pg = envValue(container, "BOX_OBSERVABILITY_METRICS_ENABLE_POSTGRES_METRICS");
            return pg === "false"
                ? undefined
                : `the metrics listener liveness asks also runs Postgres queries for every scrape unless BOX_OBSERVABILITY_METRICS_ENABLE_POSTGRES_METRICS is false (it is ${pg ?? "unset"})`;
        }
        const propagate = envValue(container, "BOX_PROPAGATE_DB_HEALTH_STATUS_TO_BOX");
        return propagate === "false" ? undefined : `Aidbox ${path} follows the database unless BOX_PROPAGATE_DB_HEALTH_STATUS_TO_BOX is false (it is ${propagate ?? "unset"})`;
    }
    if (/^\/(livez|actuator\/health\/liveness)\/?$/.test(path)) {
        const include = envValue(container, "MANAGEMENT_ENDPOINT_HEALTH_GROUP_LIVENESS_INCLUDE") ?? "livenessState";
        return /\bdb\b/.test(include) ? `the liveness group includes ${include}` : undefined;
    }
    if (/^\/actuator\/health\/?$/.test(path)) return `${path} reports every health indicator, the database included`;
    if (/\b(db|database|postgres)\b/i.test(path)) return `${path} names the database`;
    return undefined;
}

/** If liveness followed the database, a Postgres failover would restart every FHIR pod at once. */
export const fhirLivenessWithoutDatabase = probeRule({
    id: "fhir-liveness-without-database",
    description: "FHIR liveness probes do not depend on the database",
    field: "livenessProbe",
    fix: "point liveness at a check of the server process only (Aidbox: the metrics server's root with BOX_OBSERVABILITY_METRICS_ENABLE_POSTGRES_METRICS=false, or BOX_PROPAGATE_DB_HEALTH_STATUS_TO_BOX=false; HAPI: /livez with livenessState only)",
    judge(probe, container) {
        const problem = databaseDependency(probe, container);
        return { problem, found: `${probeAction(probe)} does not query the database` };
    },
});
