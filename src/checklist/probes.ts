/**
 * Probe arithmetic as Kubernetes applies it: a probe acts after `periodSeconds x failureThreshold`
 * seconds of continuous failure, with the API defaults (10 s, 3) where a field is unset.
 */
export interface ProbeTiming {
    period: number;
    failures: number;
    /** Seconds of continuous failure before Kubernetes acts. */
    actsAfter: number;
}

export function probeTiming(probe: Record<string, any>): ProbeTiming {
    const period = typeof probe.periodSeconds === "number" ? probe.periodSeconds : 10;
    const failures = typeof probe.failureThreshold === "number" ? probe.failureThreshold : 3;
    return { period, failures, actsAfter: period * failures };
}

/** "GET /health on http", "TCP http", "exec ...": what a probe does, as evidence. */
export function probeAction(probe: Record<string, any>): string {
    if (probe.httpGet) return `GET ${probe.httpGet.path ?? "/"} on ${probe.httpGet.port}`;
    if (probe.tcpSocket) return `TCP connect to ${probe.tcpSocket.port}`;
    if (probe.grpc) return `gRPC health on ${probe.grpc.port}`;
    if (probe.exec) return `exec ${JSON.stringify(probe.exec.command ?? [])}`;
    return "no action";
}

/** The value of a plain env var of a container, as text; undefined when unset or from a secret. */
export function envValue(container: Record<string, any>, name: string): string | undefined {
    const e = (Array.isArray(container.env) ? container.env : []).find((v: Record<string, any>) => v?.name === name);
    return e && e.value !== undefined ? String(e.value) : undefined;
}
