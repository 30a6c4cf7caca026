/**
 * Every pinned version in one place: container images and Helm charts. A bump is a one-line
 * change here that shows up in the preview diff of every stack.
 */

/** PostgreSQL majors CloudNativePG 1.30 supports, with the pinned operand image for each. */
export const POSTGRES_IMAGES: Record<number, string> = {
    14: "ghcr.io/cloudnative-pg/postgresql:14.19-standard-bookworm",
    15: "ghcr.io/cloudnative-pg/postgresql:15.14-standard-bookworm",
    16: "ghcr.io/cloudnative-pg/postgresql:16.10-standard-bookworm",
    17: "ghcr.io/cloudnative-pg/postgresql:17.6-standard-bookworm",
    18: "ghcr.io/cloudnative-pg/postgresql:18.0-standard-bookworm",
};

export const DEFAULT_POSTGRES_VERSION = 17;

/** FHIR server images, pinned per engine. */
export const FHIR_IMAGES: Record<string, string> = {
    aidbox: "healthsamurai/aidboxone:2510",
    hapi: "hapiproject/hapi:v8.4.0-1",
};

export const CHARTS = {
    certManager: { repository: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.19.1" },
    cloudnativePg: { repository: "https://cloudnative-pg.github.io/charts", chart: "cloudnative-pg", version: "0.29.0" },
    barmanCloud: { repository: "https://cloudnative-pg.github.io/charts", chart: "plugin-barman-cloud", version: "0.7.0" },
};

/** Default node machine types per cloud: 4 vCPU / 16 GiB, enough for a Postgres and two FHIR pods. */
export const DEFAULT_NODE_SIZES: Record<string, string> = {
    aws: "m6i.xlarge",
    gcp: "e2-standard-4",
    azure: "Standard_D4s_v5",
    kubernetes: "",
};

export const DEFAULT_KUBERNETES_VERSION = "1.33";
