/**
 * What differs between the two FHIR servers, as data: the ports, the user the image runs as,
 * what the probes request, how the JVM takes its options, how long shutdown may take, and the
 * environment. Everything else (Deployment, spread, PDB, Service) is the same for both.
 */
import { AIDBOX_METRICS_PORT, AIDBOX_SHUTDOWN_SECONDS, aidboxEnv } from "./aidbox-env";
import { EngineEnvContext, EnvVar } from "./env";
import { HAPI_MANAGEMENT_PORT, HAPI_SHUTDOWN_SECONDS, hapiEnv } from "./hapi-env";
import { EngineChecks } from "./probes";

/** Name of the container port that serves the FHIR API. */
export const HTTP_PORT_NAME = "http";
/** Name of the container port that serves metrics (the contract PodMonitors select on). */
export const METRICS_PORT_NAME = "metrics";

export interface EngineProfile {
    /** Port the server listens on in the pod (named "http"). */
    containerPort: number;
    /** Port of the metrics listener (named "metrics"). */
    metricsPort: number;
    /** Path of the Prometheus endpoint on the metrics port. */
    metricsPath: string;
    /** Numeric UID the image is built to run as (Pod Security "restricted" needs a non-root UID). */
    runAsUser: number;
    runAsGroup?: number;
    /**
     * Read-only root filesystem with an emptyDir at /tmp. Off where the vendor does not state
     * which paths the server writes: a missed path fails only at run time, which the offline
     * plan cannot catch.
     */
    readOnlyRootFilesystem: boolean;
    checks: EngineChecks;
    /** Path of the FHIR API under the server root. */
    fhirBasePath: string;
    /**
     * The path prefix the Gateway's HTTPRoute sends to the server: what clients beyond the
     * cluster need, and nothing the engine serves beside it that they must not reach.
     */
    routedPath: string;
    /**
     * The variable the JVM options go in. The JVM itself reads JAVA_TOOL_OPTIONS, but options on
     * the java command line win over it, and Aidbox documents JAVA_OPTS as its way to pass JVM
     * options (its docs size the heap with JAVA_OPTS="-Xmx..."), so Aidbox gets them there.
     */
    jvmOptionsVariable: string;
    /** Seconds the server may take to finish in-flight requests after SIGTERM. */
    shutdownSeconds: number;
    env(ctx: EngineEnvContext): EnvVar[];
}

export const ENGINE_PROFILES: Record<string, EngineProfile> = {
    aidbox: {
        containerPort: 8080,
        metricsPort: AIDBOX_METRICS_PORT,
        // Aidbox docs, "Use Aidbox Metrics Server": GET /metrics on BOX_METRICS_PORT.
        metricsPath: "/metrics",
        // The UID Health Samurai's own Helm chart runs aidboxone as.
        runAsUser: 1000,
        readOnlyRootFilesystem: false,
        // GET /health (Aidbox docs, "Health check") is served on the web port by the same
        // BOX_WEB_THREAD workers as FHIR requests, and its response reports a database check
        // (db:responseTime). With BOX_PROPAGATE_DB_HEALTH_STATUS_TO_BOX false its status does not
        // follow the database, but a worker pool stuck on a stalled database would still leave it
        // unanswered, so it gates startup and readiness only. Liveness asks the metrics server,
        // a listener of its own whose root answers a fixed "aidbox metrics" without touching
        // Postgres ("Use Aidbox Metrics Server"). See docs/fhir-server.md.
        checks: {
            startup: { httpGetPath: "/health", port: HTTP_PORT_NAME },
            liveness: { httpGetPath: "/", port: METRICS_PORT_NAME },
            readiness: { httpGetPath: "/health", port: HTTP_PORT_NAME },
        },
        fhirBasePath: "/fhir",
        // Everything: Aidbox authenticates every path, and clients need more than /fhir (the
        // OAuth endpoints under /auth, the Aidbox API).
        routedPath: "/",
        jvmOptionsVariable: "JAVA_OPTS",
        shutdownSeconds: AIDBOX_SHUTDOWN_SECONDS,
        env: aidboxEnv,
    },
    hapi: {
        containerPort: 8080,
        metricsPort: HAPI_MANAGEMENT_PORT,
        // Spring Boot Actuator's Prometheus endpoint, exposed on the management port by hapiEnv.
        metricsPath: "/actuator/prometheus",
        // The distroless image's "nonroot" user; its Dockerfile sets USER 65532:65532.
        runAsUser: 65532,
        runAsGroup: 65532,
        // Spring Boot's embedded Tomcat and the JVM write only to java.io.tmpdir (/tmp).
        readOnlyRootFilesystem: true,
        // Spring Boot probe groups (see hapiEnv), neither of which queries Postgres. Liveness and
        // startup on the management port's own server, so request threads blocked on the
        // database cannot fail them; readiness on the main port as /readyz.
        checks: {
            startup: { httpGetPath: "/actuator/health/liveness", port: METRICS_PORT_NAME },
            liveness: { httpGetPath: "/actuator/health/liveness", port: METRICS_PORT_NAME },
            readiness: { httpGetPath: "/readyz", port: HTTP_PORT_NAME },
        },
        fhirBasePath: "/fhir",
        // The FHIR API only. The starter also serves its web Tester at / and an unauthenticated
        // batch-job controller at /control/jobs (GET lists, DELETE cancels; web/JobController.java
        // at image/v8.10.0-3, no property turns it off) on the same port: neither is routed.
        routedPath: "/fhir",
        // The distroless image's ENTRYPOINT is a plain `java ...`: JAVA_TOOL_OPTIONS is the way in.
        jvmOptionsVariable: "JAVA_TOOL_OPTIONS",
        shutdownSeconds: HAPI_SHUTDOWN_SECONDS,
        env: hapiEnv,
    },
};
