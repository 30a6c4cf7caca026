/**
 * Shared shapes and helpers for the per-engine environment builders.
 */
import * as k8sInput from "@pulumi/kubernetes/types/input";

export type EnvVar = k8sInput.core.v1.EnvVar;

/** Postgres the FHIR server connects to: CNPG's read-write service and its generated app-user Secret. */
export interface DatabaseEndpoint {
    /** Secret CNPG generates for the app user; the builders read its `username` and `password` keys. */
    secretName: string;
    /** Read-write service of the active cluster: it always points at the current primary. */
    host: string;
    port: number;
    dbname: string;
}

/** Keys of CNPG's `<cluster>-app` Secret (basic-auth type plus connection details). */
export const APP_SECRET_KEYS = { username: "username", password: "password" } as const;

export interface EngineEnvContext {
    database: DatabaseEndpoint;
    /** Port the server listens on inside the pod. */
    containerPort: number;
    /** Public base URL (Aidbox puts it in links it returns). */
    baseUrl: string;
    /** Whether a license was configured (Aidbox). */
    hasLicense: boolean;
}

export function plain(name: string, value: string | number | boolean): EnvVar {
    return { name, value: String(value) };
}

export function fromSecret(name: string, secretName: string, key: string): EnvVar {
    return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}
