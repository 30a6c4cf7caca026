/**
 * Every pinned version in one place: container images and Helm charts. A bump is a one-line
 * change here that shows up in the preview diff of every stack.
 */

/**
 * PostgreSQL majors CloudNativePG 1.30 supports, with the pinned operand image for each: the
 * `standard` flavour (PostgreSQL plus pgaudit/pgvector, no Barman tools: with the Barman Cloud
 * plugin those run in the plugin's sidecar) on Debian trixie, the base CNPG 1.30 itself uses.
 * Tags are `<major>.<minor>-<flavour>-<distro>`, minors as built by cloudnative-pg/postgres-containers
 * (August 2026 minor releases).
 */
export const POSTGRES_IMAGES: Record<number, string> = {
    14: "ghcr.io/cloudnative-pg/postgresql:14.24-standard-trixie",
    15: "ghcr.io/cloudnative-pg/postgresql:15.19-standard-trixie",
    16: "ghcr.io/cloudnative-pg/postgresql:16.15-standard-trixie",
    17: "ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie",
    18: "ghcr.io/cloudnative-pg/postgresql:18.6-standard-trixie",
};

export const DEFAULT_POSTGRES_VERSION = 17;

/**
 * FHIR server images, pinned per engine to immutable tags. Aidbox: the 2512 LTS line (security
 * fixes until 2027-12; 2509.3+ also fixed concurrent startup of several instances), at its newest
 * patch with a published SBOM (Aidbox docs, overview/supply-chain-security.md). HAPI: the
 * distroless default image of hapi-fhir-jpaserver-starter 8.10.0, image revision 3.
 */
export const FHIR_IMAGES: Record<string, string> = {
    aidbox: "healthsamurai/aidboxone:2512.4",
    hapi: "hapiproject/hapi:v8.10.0-3",
};

export const CHARTS = {
    certManager: { repository: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.21.1" },
    // Chart 0.29.0 ships operator 1.30.0.
    cloudnativePg: { repository: "https://cloudnative-pg.github.io/charts", chart: "cloudnative-pg", version: "0.29.0" },
    // Chart 0.7.0 ships plugin v0.13.0; plugin v0.14.0 has the same CRD and RBAC manifests and
    // fixes WAL restore for replica clusters (which the delayed replica is), so the chart's
    // operator and sidecar images are pinned to it while the chart is at this version.
    barmanCloud: {
        repository: "https://cloudnative-pg.github.io/charts",
        chart: "plugin-barman-cloud",
        version: "0.7.0",
        imageTag: "v0.14.0",
    },
    // The Prometheus Operator stack (Prometheus, Alertmanager, Grafana, kube-state-metrics,
    // node-exporter, the monitoring.coreos.com CRDs); 88.5.3 ships Prometheus Operator v0.93.1.
    kubePrometheusStack: {
        repository: "https://prometheus-community.github.io/helm-charts",
        chart: "kube-prometheus-stack",
        version: "88.5.3",
    },
    // The official CloudNativePG Grafana dashboard as a ConfigMap for Grafana's sidecar
    // (cloudnative-pg/grafana-dashboards, chart "cluster").
    cnpgDashboard: { repository: "https://cloudnative-pg.github.io/grafana-dashboards", chart: "cluster", version: "0.0.5" },
};

/**
 * kubectl for the tier's Jobs (cert-manager check, first-backup wait, snapshot pruner): the
 * official image, built on debian-base with bash, jq and GNU coreutils installed
 * (kubernetes/kubernetes build/server-image/kubectl/Dockerfile, PR #119592).
 */
export const KUBECTL_IMAGE = "registry.k8s.io/kubectl:v1.34.3";

/** Every full image reference above: what renovate.json keeps current (tests/renovate-config.test.ts). */
export const PINNED_IMAGES: string[] = [...Object.values(FHIR_IMAGES), ...Object.values(POSTGRES_IMAGES), KUBECTL_IMAGE];

/** Default node machine types per cloud: 4 vCPU / 16 GiB, enough for a Postgres and two FHIR pods. */
export const DEFAULT_NODE_SIZES: Record<string, string> = {
    aws: "m6i.xlarge",
    gcp: "e2-standard-4",
    azure: "Standard_D4s_v5",
    kubernetes: "",
};
