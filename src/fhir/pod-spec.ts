/**
 * The FHIR server pod: one container with the engine's image, environment, probes and
 * resources, the restricted security contexts and the spread constraints.
 */
import * as k8sInput from "@pulumi/kubernetes/types/input";
import { FhirEnvVarConfig, FhirResources } from "../config/types";
import { EngineProfile, HTTP_PORT_NAME, METRICS_PORT_NAME } from "./engines";
import { DatabaseEndpoint, DB_CA_DIR, DB_CA_KEY, EnvVar, fromSecret, plain } from "./env";
import { containerProbes, probeTimings } from "./probes";
import { spreadConstraints } from "./scheduling";
import { containerSecurityContext, podSecurityContext } from "./security";

export { HTTP_PORT_NAME, METRICS_PORT_NAME } from "./engines";

type PodSpec = k8sInput.core.v1.PodSpec;
type Container = k8sInput.core.v1.Container;

export const CONTAINER_NAME = "fhir-server";
const TMP_VOLUME = "tmp";
const DB_CA_VOLUME = "db-ca";

/**
 * Seconds the pod keeps serving after it is told to stop: endpoint removal reaches every
 * node's proxy and the load balancer a moment after the pod is marked terminating.
 */
export const PRE_STOP_SLEEP_SECONDS = 5;

/** Slack on top of preStop + shutdown, so the kubelet's SIGKILL never cuts a finishing shutdown short. */
export const SHUTDOWN_MARGIN_SECONDS = 5;

/**
 * Share of the container's memory limit the heap may take. The rest is metaspace, thread
 * stacks, code cache, direct buffers and the JVM's own overhead; 70 % leaves room for them.
 */
export const HEAP_PERCENT = 70;

export interface PodSpecInput {
    profile: EngineProfile;
    image: string;
    resources: FhirResources;
    podLabels: Record<string, string>;
    database: DatabaseEndpoint;
    /** Public base URL of the server root. */
    baseUrl: string;
    hasLicense: boolean;
    corsOrigins: string[];
    poolSize: number;
    /** fhir.dbSocketTimeout in seconds. */
    dbSocketTimeoutSeconds: number;
    /** fhir.startupTimeout in seconds. */
    startupSeconds: number;
    extraEnv: FhirEnvVarConfig[];
}

/**
 * JVM options both engines need in a container: the heap sized from the memory limit, and exit
 * on OutOfMemoryError (a JVM that keeps running after one is in an unknown state, and an exit
 * is what makes Kubernetes restart it).
 */
export function jvmEnv(profile: EngineProfile): EnvVar[] {
    const options = [`-XX:InitialRAMPercentage=${HEAP_PERCENT}.0`, `-XX:MaxRAMPercentage=${HEAP_PERCENT}.0`, "-XX:+ExitOnOutOfMemoryError"];
    return [plain(profile.jvmOptionsVariable, options.join(" "))];
}

/** `fhir.extraEnv` entries as container variables. */
export function extraEnvVars(extra: FhirEnvVarConfig[]): EnvVar[] {
    return extra.map((e) =>
        e.secretName !== undefined && e.secretKey !== undefined ? fromSecret(e.name, e.secretName, e.secretKey) : { name: e.name, value: e.value ?? "" },
    );
}

/** The variables the package sets for an engine, with no extras. */
export function packageEnv(input: Omit<PodSpecInput, "extraEnv" | "image" | "resources" | "podLabels" | "startupSeconds">): EnvVar[] {
    const { profile } = input;
    return [
        ...jvmEnv(profile),
        ...profile.env({
            database: input.database,
            containerPort: profile.containerPort,
            metricsPort: profile.metricsPort,
            baseUrl: input.baseUrl.replace(/\/+$/, ""),
            fhirBasePath: profile.fhirBasePath,
            hasLicense: input.hasLicense,
            corsOrigins: input.corsOrigins,
            poolSize: input.poolSize,
            dbSocketTimeoutSeconds: input.dbSocketTimeoutSeconds,
        }),
    ];
}

/** Seconds from SIGTERM to SIGKILL: the preStop sleep, the engine's graceful shutdown and a margin. */
export function terminationGracePeriodSeconds(profile: EngineProfile): number {
    return PRE_STOP_SLEEP_SECONDS + profile.shutdownSeconds + SHUTDOWN_MARGIN_SECONDS;
}

export function fhirContainer(input: PodSpecInput): Container {
    const { profile } = input;
    const mounts = [
        ...(profile.readOnlyRootFilesystem ? [{ name: TMP_VOLUME, mountPath: "/tmp" }] : []),
        ...(input.database.caSecretName ? [{ name: DB_CA_VOLUME, mountPath: DB_CA_DIR, readOnly: true }] : []),
    ];
    // Extras come last; validation has already refused any that would shadow the package's own.
    const env = [...packageEnv(input), ...extraEnvVars(input.extraEnv)];
    return {
        name: CONTAINER_NAME,
        image: input.image,
        imagePullPolicy: "IfNotPresent",
        ports: [
            { name: HTTP_PORT_NAME, containerPort: profile.containerPort, protocol: "TCP" },
            { name: METRICS_PORT_NAME, containerPort: profile.metricsPort, protocol: "TCP" },
        ],
        env,
        resources: {
            // Memory request = limit (validated): the heap is a fixed share of it.
            requests: { cpu: input.resources.requests.cpu, memory: input.resources.limits.memory },
            limits: { cpu: input.resources.limits.cpu, memory: input.resources.limits.memory },
        },
        ...containerProbes(profile.checks, HTTP_PORT_NAME, probeTimings(input.startupSeconds)),
        lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } } },
        securityContext: containerSecurityContext(profile),
        ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
    };
}

export function fhirPodSpec(input: PodSpecInput): PodSpec {
    const volumes = [
        ...(input.profile.readOnlyRootFilesystem ? [{ name: TMP_VOLUME, emptyDir: { sizeLimit: "1Gi" } }] : []),
        // Only the certificate: CNPG's CA Secret also holds the CA's private key (ca.key), which
        // the pods must never see.
        ...(input.database.caSecretName
            ? [{ name: DB_CA_VOLUME, secret: { secretName: input.database.caSecretName, items: [{ key: DB_CA_KEY, path: DB_CA_KEY }] } }]
            : []),
    ];
    return {
        // The server never calls the Kubernetes API; no token means nothing to steal.
        automountServiceAccountToken: false,
        terminationGracePeriodSeconds: terminationGracePeriodSeconds(input.profile),
        securityContext: podSecurityContext(input.profile),
        topologySpreadConstraints: spreadConstraints(input.podLabels),
        containers: [fhirContainer(input)],
        ...(volumes.length > 0 ? { volumes } : {}),
    };
}
