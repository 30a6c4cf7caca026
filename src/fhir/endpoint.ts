/**
 * The URL clients use: the Service's in-cluster DNS name, or the load balancer's address once
 * the cloud has assigned one.
 */
import { SERVICE_PORT } from "./workload";

export interface LoadBalancerIngress {
    hostname?: string;
    ip?: string;
}

function withPort(host: string): string {
    return SERVICE_PORT === 80 ? host : `${host}:${SERVICE_PORT}`;
}

export function inClusterUrl(serviceName: string, namespace: string, basePath: string): string {
    return `http://${withPort(`${serviceName}.${namespace}.svc.cluster.local`)}${basePath}`;
}

/**
 * For a LoadBalancer Service: its hostname (AWS) or IP (GCP, Azure). Before an address exists
 * (a plan has none) the in-cluster URL is the one that works.
 */
export function endpointUrl(
    serviceName: string,
    namespace: string,
    basePath: string,
    ingress: LoadBalancerIngress[] | undefined,
): string {
    const first = ingress?.find((i) => i.hostname || i.ip);
    const host = first?.hostname || first?.ip;
    return host ? `http://${withPort(host)}${basePath}` : inClusterUrl(serviceName, namespace, basePath);
}
