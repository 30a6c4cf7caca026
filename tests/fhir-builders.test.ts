/**
 * The FHIR tier's pure builders, tested directly: probe timings, per-engine environment,
 * argument checks, spread, disruption budget, Service and endpoint.
 */
import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "../src/config/errors";
import { AIDBOX_SECRET_KEYS, aidboxSecretData, aidboxSecretName } from "../src/fhir/aidbox-secret";
import { inClusterUrl } from "../src/fhir/endpoint";
import { ENGINE_PROFILES } from "../src/fhir/engines";
import { EngineEnvContext, EnvVar } from "../src/fhir/env";
import { containerProbes, probeTimings, secondsUntilAction } from "../src/fhir/probes";
import { rolloutDeadlines } from "../src/fhir/rollout";
import { HOST_TOPOLOGY_KEY, spreadConstraints, ZONE_TOPOLOGY_KEY } from "../src/fhir/scheduling";
import { fhirServerProblems, validateFhirServerArgs } from "../src/fhir/validate";
import { deploymentSpec, disruptionBudgetSpec, serviceSpec } from "../src/fhir/workload";
import { fhirPodLabels } from "../src/names";

const ctx = (over: Partial<EngineEnvContext> = {}): EngineEnvContext => ({
    database: { secretName: "fhir-db-app", host: "fhir-db-rw", port: 5432, dbname: "fhir" },
    containerPort: 8080,
    metricsPort: 8765,
    baseUrl: "https://fhir.example.org",
    fhirBasePath: "/fhir",
    hasLicense: true,
    corsOrigins: ["https://fhir.example.org"],
    poolSize: 8,
    dbSocketTimeoutSeconds: 120,
    ...over,
});

const byName = (env: EnvVar[]) => new Map(env.map((e) => [e.name as string, e]));
const secretRef = (e: EnvVar | undefined) => (e?.valueFrom as any)?.secretKeyRef;

describe("rollout deadlines", () => {
    it("keep the controller's 600 s and a 10-minute create for the default 5-minute startup, and add one pod's start per replica to the update", () => {
        expect(rolloutDeadlines(3, 300)).toEqual({ progressDeadlineSeconds: 600, customTimeouts: { create: "600s", update: "1800s" } });
    });

    it("outlast a 30-minute migration: one pod's start for progress and create, six in a row for a six-replica update", () => {
        expect(rolloutDeadlines(6, 1800)).toEqual({ progressDeadlineSeconds: 2100, customTimeouts: { create: "2100s", update: "12600s" } });
    });

    it("grow with the 6-hour maximum startup budget rather than stop at a cap", () => {
        const d = rolloutDeadlines(2, 6 * 3600);
        expect(d.progressDeadlineSeconds).toBe(21900);
        expect(d.customTimeouts.update).toBe("43800s");
    });
});

describe("probe timings", () => {
    it("check every 5 s, take a pod out of traffic after 10 s and restart it after 20 s", () => {
        const t = probeTimings();
        for (const p of [t.readiness, t.liveness, t.startup]) expect(p.periodSeconds).toBe(5);
        expect(secondsUntilAction(t.readiness)).toBe(10);
        expect(secondsUntilAction(t.liveness)).toBe(20);
    });

    it("give a cold JVM minutes, not seconds, before liveness starts counting", () => {
        expect(secondsUntilAction(probeTimings().startup)).toBeGreaterThanOrEqual(180);
    });

    it("time a check out before the next one is due", () => {
        const t = probeTimings();
        for (const p of [t.readiness, t.liveness, t.startup]) expect(p.timeoutSeconds).toBeLessThan(p.periodSeconds);
    });

    it("turn an engine's checks into HTTP or TCP probes on the named port", () => {
        const probes = containerProbes({ readiness: { httpGetPath: "/ready" }, liveness: {}, startup: { httpGetPath: "/live" } }, "http");
        expect(probes.readinessProbe.httpGet).toEqual({ path: "/ready", port: "http" });
        expect(probes.livenessProbe.tcpSocket).toEqual({ port: "http" });
        expect(probes.livenessProbe.httpGet).toBeUndefined();
        expect(probes.readinessProbe.failureThreshold).toBe(2);
        expect(probes.livenessProbe.failureThreshold).toBe(4);
    });
});

describe("liveness never depends on the database", () => {
    it("Aidbox asks the metrics server for liveness (not the web workers), /health for readiness, DB propagation off", () => {
        const aidbox = ENGINE_PROFILES.aidbox;
        // Liveness on another listener than the one that serves FHIR requests and readiness.
        expect(aidbox.checks.liveness.port).not.toBe(aidbox.checks.readiness.port);
        expect(aidbox.checks.liveness.httpGetPath).toBe("/");
        expect(aidbox.checks.readiness.httpGetPath).toBe("/health");
        // That listener is the metrics server, at the port the environment gives it.
        const env = byName(aidbox.env(ctx({ metricsPort: 9999 })));
        expect(env.get("BOX_METRICS_PORT")?.value).toBe("9999");
        expect(env.get("BOX_PROPAGATE_DB_HEALTH_STATUS_TO_BOX")?.value).toBe("false");
    });

    it("HAPI reads liveness from the management port's own server, readiness from the main port", () => {
        const hapi = ENGINE_PROFILES.hapi;
        expect(hapi.checks.liveness.port).not.toBe(hapi.checks.readiness.port);
        expect(hapi.checks.startup).toEqual(hapi.checks.liveness);
        expect(hapi.checks.liveness.httpGetPath).toBe("/actuator/health/liveness");
        expect(hapi.checks.readiness.httpGetPath).toBe("/readyz");
        // The actuator's own server listens where the liveness probe's named port points.
        expect(byName(hapi.env(ctx({ metricsPort: 9998 }))).get("MANAGEMENT_SERVER_PORT")?.value).toBe("9998");
        const env = byName(hapi.env(ctx()));
        expect(env.get("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ADD_ADDITIONAL_PATHS")?.value).toBe("true");
        expect(env.get("MANAGEMENT_ENDPOINT_HEALTH_GROUP_LIVENESS_INCLUDE")?.value).toBe("livenessState");
        expect(env.get("MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE")?.value).not.toMatch(/db/);
    });
});

describe("Aidbox environment", () => {
    it("connects to the rw service with the app user's credentials from the CNPG secret", () => {
        const env = byName(ENGINE_PROFILES.aidbox.env(ctx()));
        expect(env.get("BOX_DB_HOST")?.value).toBe("fhir-db-rw");
        expect(env.get("BOX_DB_PORT")?.value).toBe("5432");
        expect(env.get("BOX_DB_DATABASE")?.value).toBe("fhir");
        expect(secretRef(env.get("BOX_DB_USER"))).toEqual({ name: "fhir-db-app", key: "username" });
        expect(secretRef(env.get("BOX_DB_PASSWORD"))).toEqual({ name: "fhir-db-app", key: "password" });
    });

    it("reads the shared signing keys, admin and root client secrets and license from one Secret", () => {
        const env = byName(ENGINE_PROFILES.aidbox.env(ctx()));
        const shared = [
            ["BOX_SECURITY_AUTH_KEYS_PRIVATE", AIDBOX_SECRET_KEYS.authPrivateKey],
            ["BOX_SECURITY_AUTH_KEYS_PUBLIC", AIDBOX_SECRET_KEYS.authPublicKey],
            ["BOX_SECURITY_AUTH_KEYS_SECRET", AIDBOX_SECRET_KEYS.authSecret],
            ["BOX_ADMIN_PASSWORD", AIDBOX_SECRET_KEYS.adminPassword],
            ["BOX_ROOT_CLIENT_SECRET", AIDBOX_SECRET_KEYS.rootClientSecret],
            ["BOX_LICENSE", AIDBOX_SECRET_KEYS.license],
        ];
        for (const [name, key] of shared) expect(secretRef(env.get(name))).toEqual({ name: aidboxSecretName(), key });
    });

    it("leaves BOX_LICENSE out when no license is configured", () => {
        expect(byName(ENGINE_PROFILES.aidbox.env(ctx({ hasLicense: false }))).has("BOX_LICENSE")).toBe(false);
        const data = aidboxSecretData({ adminPassword: "a", rootClientSecret: "b", authPrivateKey: "c", authPublicKey: "d", authSecret: "e" });
        expect(Object.keys(data)).not.toContain(AIDBOX_SECRET_KEYS.license);
    });

    it("listens on the container port, publishes the configured base URL and keeps settings in code", () => {
        const env = byName(ENGINE_PROFILES.aidbox.env(ctx()));
        expect(env.get("BOX_WEB_PORT")?.value).toBe(String(ENGINE_PROFILES.aidbox.containerPort));
        expect(env.get("BOX_WEB_BASE_URL")?.value).toBe("https://fhir.example.org");
        expect(env.get("BOX_SETTINGS_MODE")?.value).toBe("read-only");
        expect(env.get("BOX_SECURITY_DEV_MODE")?.value).toBe("false");
    });
});

describe("HAPI environment", () => {
    it("builds the JDBC URL from the rw service and reads credentials from the CNPG secret", () => {
        const env = byName(ENGINE_PROFILES.hapi.env(ctx()));
        expect(env.get("SPRING_DATASOURCE_URL")?.value).toMatch(/^jdbc:postgresql:\/\/fhir-db-rw:5432\/fhir\?/);
        expect(secretRef(env.get("SPRING_DATASOURCE_USERNAME"))).toEqual({ name: "fhir-db-app", key: "username" });
        expect(secretRef(env.get("SPRING_DATASOURCE_PASSWORD"))).toEqual({ name: "fhir-db-app", key: "password" });
        expect(env.get("SPRING_DATASOURCE_DRIVERCLASSNAME")?.value).toBe("org.postgresql.Driver");
    });

    it("uses HAPI's Postgres dialect and keeps the per-pod Lucene index off", () => {
        const env = byName(ENGINE_PROFILES.hapi.env(ctx()));
        // HAPI's own dialect (hapi-fhir-jpaserver-model), not Hibernate's PostgreSQLDialect.
        expect(env.get("spring.jpa.properties.hibernate.dialect")?.value).toBe("ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect");
        expect(env.get("spring.jpa.properties.hibernate.search.enabled")?.value).toBe("false");
    });

    it("moves the actuator off the served port", () => {
        const env = byName(ENGINE_PROFILES.hapi.env(ctx()));
        expect(Number(env.get("MANAGEMENT_SERVER_PORT")?.value)).not.toBe(ENGINE_PROFILES.hapi.containerPort);
    });
});

describe("argument checks", () => {
    const good = { fhir: { engine: "hapi", image: "hapiproject/hapi:v8.10.0-3", replicas: 3, expose: "clusterIP" }, zoneCount: 3 };

    it("accept a valid set", () => {
        expect(fhirServerProblems(good)).toEqual([]);
    });

    it("name fhir-ha:fhir.engine and the allowed engines for an unknown engine", () => {
        expect(() => validateFhirServerArgs({ ...good, fhir: { ...good.fhir, engine: "wildfly" } })).toThrow(ConfigValidationError);
        const [problem] = fhirServerProblems({ ...good, fhir: { ...good.fhir, engine: "wildfly" } });
        expect(problem).toContain("fhir-ha:fhir.engine");
        expect(problem).toContain('"wildfly"');
        expect(problem).toContain("aidbox, hapi");
    });

    it("do not take inherited object keys for engines", () => {
        expect(fhirServerProblems({ ...good, fhir: { ...good.fhir, engine: "constructor" } })).toEqual([expect.stringMatching(/^fhir-ha:fhir\.engine: "constructor" is not a FHIR server this package deploys; allowed: aidbox, hapi$/)]);
    });

    it("list every problem at once", () => {
        const problems = fhirServerProblems({ fhir: { engine: "x", image: " ", replicas: 0.5, expose: "nodePort" }, zoneCount: 0 });
        expect(problems.map((p) => p.split(":")[1])).toEqual(["fhir.engine", "fhir.image", "fhir.replicas", "fhir.expose", "zones"]);
    });
});

describe("scheduling", () => {
    const labels = fhirPodLabels("aidbox");

    it("spread hard over zones and softly over hosts, both selecting the pod labels", () => {
        const [zone, host] = spreadConstraints(labels);
        expect(zone).toMatchObject({ topologyKey: ZONE_TOPOLOGY_KEY, whenUnsatisfiable: "DoNotSchedule", maxSkew: 1 });
        expect(host).toMatchObject({ topologyKey: HOST_TOPOLOGY_KEY, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 1 });
        for (const c of [zone, host]) expect(c.labelSelector).toEqual({ matchLabels: labels });
    });

    it("count pods per rollout revision and leave tainted (failed) nodes out of the count", () => {
        for (const c of spreadConstraints(labels)) {
            expect(c.matchLabelKeys).toEqual(["pod-template-hash"]);
            expect(c.nodeTaintsPolicy).toBe("Honor");
        }
    });
});

describe("Deployment, budget and Service specs", () => {
    const labels = fhirPodLabels("hapi");

    it("roll out one extra pod at a time and never go below the replica count", () => {
        const spec = deploymentSpec(3, labels, { containers: [] });
        expect(spec.replicas).toBe(3);
        expect(spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
        expect(spec.selector).toEqual({ matchLabels: labels });
        expect((spec.template as any).metadata.labels).toEqual(labels);
    });

    it("allow one voluntary eviction at a time from two replicas up, and no budget for one", () => {
        expect(disruptionBudgetSpec(2, labels)).toMatchObject({ maxUnavailable: 1, selector: { matchLabels: labels } });
        expect(disruptionBudgetSpec(1, labels)).toBeUndefined();
    });

    it("keep the Service in the cluster, selecting exactly the pods, on the pods' named port", () => {
        const spec = serviceSpec(labels);
        expect(spec.type).toBe("ClusterIP");
        expect(spec.selector).toEqual(labels);
        expect(spec.ports).toEqual([{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }]);
    });
});

describe("endpoint", () => {
    it("is the Service's cluster DNS name with the FHIR base path", () => {
        expect(inClusterUrl("fhir-server", "fhir", "/fhir")).toBe("http://fhir-server.fhir.svc.cluster.local/fhir");
    });

});
