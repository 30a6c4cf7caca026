/**
 * Where each engine serves Prometheus metrics: the contract the monitoring tier's PodMonitors
 * are built against. Every FHIR pod has a container port named `metrics`; HAPI serves
 * `/actuator/prometheus` on its management port, Aidbox `/metrics` on BOX_METRICS_PORT. Pod
 * labels are `fhirPodLabels(engine)` (src/names.ts).
 */
import { ENGINE_PROFILES, METRICS_PORT_NAME } from "./engines";

export interface MetricsEndpoint {
    /** Name of the container port ("metrics"). */
    portName: string;
    port: number;
    path: string;
}

export function metricsEndpoint(engine: string): MetricsEndpoint {
    const profile = ENGINE_PROFILES[engine];
    if (!profile) throw new Error(`fhir-ha:fhir.engine = ${JSON.stringify(engine)}: no metrics endpoint for an unknown engine`);
    return { portName: METRICS_PORT_NAME, port: profile.metricsPort, path: profile.metricsPath };
}
