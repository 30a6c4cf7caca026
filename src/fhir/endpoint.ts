/**
 * The URL in-cluster clients use: the Service's DNS name.
 */
import { SERVICE_PORT } from "./workload";

function withPort(host: string): string {
    return SERVICE_PORT === 80 ? host : `${host}:${SERVICE_PORT}`;
}

export function inClusterUrl(serviceName: string, namespace: string, basePath: string): string {
    return `http://${withPort(`${serviceName}.${namespace}.svc.cluster.local`)}${basePath}`;
}
