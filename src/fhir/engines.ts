/**
 * What differs between the two FHIR servers, as data: the port, the user the image runs as,
 * what the probes request, whether the root filesystem can be read-only, and the environment.
 * Everything else (Deployment, spread, PDB, Service) is the same for both.
 */
import { aidboxEnv } from "./aidbox-env";
import { EngineEnvContext, EnvVar } from "./env";
import { hapiEnv } from "./hapi-env";
import { EngineChecks } from "./probes";

export interface EngineProfile {
    /** Port the server listens on in the pod (named "http"). */
    containerPort: number;
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
    env(ctx: EngineEnvContext): EnvVar[];
}

export const ENGINE_PROFILES: Record<string, EngineProfile> = {
    aidbox: {
        containerPort: 8080,
        // The UID Health Samurai's own Helm chart runs aidboxone as.
        runAsUser: 1000,
        readOnlyRootFilesystem: false,
        // GET /health is Aidbox's one health endpoint. With BOX_PROPAGATE_DB_HEALTH_STATUS_TO_BOX
        // false (set in aidboxEnv) its status does not follow the database, so it is safe for
        // liveness; it answers only once Aidbox has finished starting, which gates readiness.
        checks: {
            startup: { httpGetPath: "/health" },
            liveness: { httpGetPath: "/health" },
            readiness: { httpGetPath: "/health" },
        },
        fhirBasePath: "/fhir",
        env: aidboxEnv,
    },
    hapi: {
        containerPort: 8080,
        // The distroless image's "nonroot" user; its Dockerfile sets USER 65532:65532.
        runAsUser: 65532,
        runAsGroup: 65532,
        // Spring Boot's embedded Tomcat and the JVM write only to java.io.tmpdir (/tmp).
        readOnlyRootFilesystem: true,
        // Spring Boot probe groups (see hapiEnv): liveness is the application's own state,
        // readiness adds "startup finished and not shutting down"; neither queries Postgres.
        checks: {
            startup: { httpGetPath: "/livez" },
            liveness: { httpGetPath: "/livez" },
            readiness: { httpGetPath: "/readyz" },
        },
        fhirBasePath: "/fhir",
        env: hapiEnv,
    },
};
