/**
 * Probe timings for the FHIR server, in one place. The seed's checklist states them as outcomes
 * (checked every 5 s, out of traffic after 10 s, restarted after 20 s); the Kubernetes fields
 * that produce those outcomes are derived here and tested directly.
 */
import * as k8sInput from "@pulumi/kubernetes/types/input";

type Probe = k8sInput.core.v1.Probe;

export interface ProbeTiming {
    periodSeconds: number;
    /** Consecutive failures before Kubernetes acts. */
    failureThreshold: number;
    /** Below the period, so a hung request counts as a failure before the next check starts. */
    timeoutSeconds: number;
}

export interface ProbeTimings {
    /** Failing readiness takes the pod out of the Service's endpoints. */
    readiness: ProbeTiming;
    /** Failing liveness restarts the container. */
    liveness: ProbeTiming;
    /** Holds liveness and readiness off until the JVM has started. */
    startup: ProbeTiming;
}

/** How often every probe checks the server. */
export const PROBE_PERIOD_SECONDS = 5;

/** Seconds of continuous failure before Kubernetes acts on a probe. */
export function secondsUntilAction(t: ProbeTiming): number {
    return t.periodSeconds * t.failureThreshold;
}

/** The startup budget when `fhir.startupTimeout` is not set: 5 minutes. */
export const DEFAULT_STARTUP_SECONDS = 300;

/**
 * Readiness: 5 s x 2 = out of traffic after 10 s. Liveness: 5 s x 4 = restarted after 20 s.
 * Startup: `startupSeconds` (fhir.startupTimeout, default 5 minutes) for a cold JVM that also
 * creates or migrates its schema and loads FHIR packages on first boot, rounded up to whole
 * periods; liveness only starts counting after that.
 */
export function probeTimings(startupSeconds: number = DEFAULT_STARTUP_SECONDS): ProbeTimings {
    const every = (failureThreshold: number): ProbeTiming => ({
        periodSeconds: PROBE_PERIOD_SECONDS,
        failureThreshold,
        timeoutSeconds: 3,
    });
    return { readiness: every(2), liveness: every(4), startup: every(Math.max(1, Math.ceil(startupSeconds / PROBE_PERIOD_SECONDS))) };
}

/** The request each probe makes: an HTTP GET on a path, or just a TCP connect, on a named port. */
export interface ProbeCheck {
    httpGetPath?: string;
    /** Container port name; the server's "http" port when omitted. */
    port?: string;
}

export interface EngineChecks {
    readiness: ProbeCheck;
    liveness: ProbeCheck;
    startup: ProbeCheck;
}

function handler(check: ProbeCheck, port: string): Pick<Probe, "httpGet" | "tcpSocket"> {
    return check.httpGetPath !== undefined ? { httpGet: { path: check.httpGetPath, port } } : { tcpSocket: { port } };
}

function probe(check: ProbeCheck, timing: ProbeTiming, port: string): Probe {
    return { ...handler(check, check.port ?? port), ...timing, successThreshold: 1 };
}

/** The three container probes for an engine's checks, all with the timings above. */
export function containerProbes(
    checks: EngineChecks,
    port: string,
    timings: ProbeTimings = probeTimings(),
): { readinessProbe: Probe; livenessProbe: Probe; startupProbe: Probe } {
    return {
        readinessProbe: probe(checks.readiness, timings.readiness, port),
        livenessProbe: probe(checks.liveness, timings.liveness, port),
        startupProbe: probe(checks.startup, timings.startup, port),
    };
}
