/**
 * The FHIR server pod: one container with the engine's image, environment, probes and
 * resources, the restricted security contexts and the spread constraints.
 */
import * as k8sInput from "@pulumi/kubernetes/types/input";
import { FhirResources } from "../config/types";
import { EngineProfile } from "./engines";
import { DatabaseEndpoint, EnvVar, plain } from "./env";
import { containerProbes } from "./probes";
import { spreadConstraints } from "./scheduling";
import { containerSecurityContext, podSecurityContext } from "./security";

type PodSpec = k8sInput.core.v1.PodSpec;
type Container = k8sInput.core.v1.Container;

export const CONTAINER_NAME = "fhir-server";
export const HTTP_PORT_NAME = "http";
const TMP_VOLUME = "tmp";

/**
 * Seconds the pod keeps serving after it is told to stop: endpoint removal reaches every
 * node's proxy and the load balancer a moment after the pod is marked terminating.
 */
export const PRE_STOP_SLEEP_SECONDS = 5;

export interface PodSpecInput {
    profile: EngineProfile;
    image: string;
    resources: FhirResources;
    podLabels: Record<string, string>;
    database: DatabaseEndpoint;
    baseUrl: string;
    hasLicense: boolean;
}

/** JVM settings both engines need in a container: size the heap from the memory limit. */
export function jvmEnv(): EnvVar[] {
    // The JVM's default is a quarter of the limit; the rest of a FHIR server pod is mostly idle.
    return [plain("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75.0")];
}

export function fhirContainer(input: PodSpecInput): Container {
    const { profile } = input;
    const env = [
        ...jvmEnv(),
        ...profile.env({
            database: input.database,
            containerPort: profile.containerPort,
            baseUrl: input.baseUrl,
            hasLicense: input.hasLicense,
        }),
    ];
    return {
        name: CONTAINER_NAME,
        image: input.image,
        imagePullPolicy: "IfNotPresent",
        ports: [{ name: HTTP_PORT_NAME, containerPort: profile.containerPort, protocol: "TCP" }],
        env,
        resources: {
            requests: { cpu: input.resources.requests.cpu, memory: input.resources.requests.memory },
            limits: { cpu: input.resources.limits.cpu, memory: input.resources.limits.memory },
        },
        ...containerProbes(profile.checks, HTTP_PORT_NAME),
        lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } } },
        securityContext: containerSecurityContext(profile),
        ...(profile.readOnlyRootFilesystem ? { volumeMounts: [{ name: TMP_VOLUME, mountPath: "/tmp" }] } : {}),
    };
}

export function fhirPodSpec(input: PodSpecInput): PodSpec {
    return {
        // The server never calls the Kubernetes API; no token means nothing to steal.
        automountServiceAccountToken: false,
        securityContext: podSecurityContext(input.profile),
        topologySpreadConstraints: spreadConstraints(input.podLabels),
        containers: [fhirContainer(input)],
        ...(input.profile.readOnlyRootFilesystem ? { volumes: [{ name: TMP_VOLUME, emptyDir: { sizeLimit: "1Gi" } }] } : {}),
    };
}
