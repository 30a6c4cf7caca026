/**
 * The FHIR tier's guarantees (issue 17): nothing reaches the pods unless allowed, exposure only
 * over TLS or an internal load balancer, HAPI never exposed unauthenticated by accident, Aidbox's
 * production security settings, liveness that survives a database stall, bounded pools, the
 * connection budget, rollouts on Secret changes, JVM sizing, the startup budget and the metrics
 * contract. Pure builders are tested directly; the component is rendered under the mock runtime.
 */
import * as corev1 from "@pulumi/kubernetes/core/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "../src/config/errors";
import { checkConfig, validateConfig } from "../src/validation";
import { FhirServer, FhirServerArgs, metricsEndpoint, SECRET_CHECKSUM_ANNOTATION, secretChecksum } from "../src/fhir";
import { connectionBudget } from "../src/fhir/connection-budget";
import { ENGINE_PROFILES } from "../src/fhir/engines";
import { acmeIssuerSpec, certificateSpec, gatewaySpec, httpRouteSpec } from "../src/fhir/gateway";
import { parseImageReference } from "../src/fhir/image";
import { fhirNetworkPolicySpec } from "../src/fhir/network-policy";
import { probeTimings, secondsUntilAction } from "../src/fhir/probes";
import { fhirServerProblems } from "../src/fhir/validate";
import { operatorReleases } from "../src/database/operator-releases";
import { KubernetesCluster } from "../src/clouds/kubernetes";
import { FhirDatabase } from "../src/database";
import { databaseNames, fhirPodLabels } from "../src/names";
import { withTestApiAccess } from "./support/config";
import { renderWithGeneratedValues as render } from "./support/generated-values";
import { Rendered } from "./support/render";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const NETPOL = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const ISSUER = "kubernetes:cert-manager.io/v1:Issuer";
const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";


const S3 = { kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "fhir-backups" } };

/**
 * Problems of a stack config (kubernetes target unless another cloud is given). These tests are
 * about the FHIR tier, so the cluster API endpoint gets a documentation CIDR (a public endpoint needs one).
 */
function problemsOf(fhir: Record<string, unknown>, cloud = "kubernetes"): string[] {
    return checkConfig(withTestApiAccess({ cloud, fhir, ...S3 }), { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"], region: cloud === "kubernetes" ? undefined : "eu-central-1" }).problems;
}

function serverArgs(fhir: Record<string, unknown>, extra: Partial<FhirServerArgs> = {}, cloud = "kubernetes"): FhirServerArgs {
    const config = validateConfig(
        withTestApiAccess({ cloud, fhir, ...S3 }),
        { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"], region: cloud === "kubernetes" ? undefined : "eu-central-1" },
    );
    return {
        namespace: "fhir",
        fhir: config.fhir,
        zoneCount: config.zoneCount,
        database: { secretName: "fhir-db-app", host: "fhir-db-rw", dbname: "fhir" },
        ...extra,
    };
}

const GATEWAY_FHIR = {
    expose: "gateway",
    baseUrl: "https://fhir.example.org",
    gateway: { className: "eg", sourceNamespaces: ["envoy-gateway-system"] },
    tls: { acmeEmail: "ops@example.org" },
};

const container = (r: Rendered) => r.inputs(DEPLOYMENT, "fhir-server-deployment").spec.template.spec.containers[0];
const envOf = (r: Rendered) => new Map<string, any>(container(r).env.map((e: any) => [e.name, e]));

describe("refusals, each naming the key to change", () => {
    it("HAPI beyond the cluster without fhir.hapi.allowUnauthenticated", () => {
        const problems = problemsOf({ engine: "hapi", ...GATEWAY_FHIR });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^fhir-ha:fhir\.expose = "gateway": HAPI FHIR authenticates nobody/);
        expect(problems[0]).toContain("fhir-ha:fhir.hapi.allowUnauthenticated");
        expect(problemsOf({ engine: "hapi", ...GATEWAY_FHIR, hapi: { allowUnauthenticated: true } })).toEqual([]);
        // In the cluster only, HAPI needs no waiver.
        expect(problemsOf({ engine: "hapi" })).toEqual([]);
    });

    it("HAPI through a gateway with an authentication filter on its route needs no waiver; a malformed filter is refused", () => {
        expect(problemsOf({ engine: "hapi", ...GATEWAY_FHIR, gateway: { ...GATEWAY_FHIR.gateway, authFilter: "configuration.konghq.com/KongPlugin/fhir-oidc" } })).toEqual([]);
        expect(problemsOf({ engine: "hapi", ...GATEWAY_FHIR, gateway: { ...GATEWAY_FHIR.gateway, authFilter: "fhir-oidc" } })).toEqual([
            expect.stringMatching(/^fhir-ha:fhir\.expose = "gateway": HAPI FHIR authenticates nobody/),
            expect.stringMatching(/^fhir-ha:fhir\.gateway\.authFilter = "fhir-oidc": must be group\/Kind\/name/),
        ]);
    });

    it("an exposed server without an https fhir.baseUrl", () => {
        for (const baseUrl of ["http://fhir.example.org", "fhir.example.org", "https://fhir.example.org/api"]) {
            const [p] = problemsOf({ ...GATEWAY_FHIR, baseUrl });
            expect(p).toMatch(/^fhir-ha:fhir\.baseUrl = /);
        }
        // The in-cluster default is http, and fine while nothing is exposed; a non-URL is not.
        expect(problemsOf({})).toEqual([]);
        expect(problemsOf({ baseUrl: "fhir" })).toEqual([expect.stringMatching(/^fhir-ha:fhir\.baseUrl = "fhir": must be an http\(s\) URL/)]);
    });

    it("a load balancer on every cloud, internal or not: it would serve plain HTTP", () => {
        const lb = { expose: "loadBalancer", baseUrl: "https://fhir.example.org", loadBalancer: { sourceRanges: ["172.16.0.0/16"] } };
        for (const cloud of ["aws", "gcp", "azure", "kubernetes"]) {
            expect(problemsOf(lb, cloud)).toEqual([
                'fhir-ha:fhir.expose = "loadBalancer": its listener is plain HTTP, so patient data and tokens would cross the network in clear text ' +
                    'even when the load balancer is internal; use fhir.expose = "gateway" (HTTPS; a GatewayClass with an internal address, such as ' +
                    "GKE's gke-l7-rilb, keeps it private)",
            ]);
        }
        // The component used directly refuses it too.
        const base = serverArgs({}, {}, "aws");
        expect(fhirServerProblems({ ...base, fhir: { ...base.fhir, ...lb } })[0]).toMatch(/^fhir-ha:fhir\.expose = "loadBalancer": its listener is plain HTTP/);
    });

    it("gateway source ranges that admit everything", () => {
        expect(problemsOf({ ...GATEWAY_FHIR, gateway: { className: "eg", sourceCidrs: ["0.0.0.0/0"] } }, "aws")).toEqual([
            expect.stringMatching(/^fhir-ha:fhir\.gateway\.sourceCidrs: "0\.0\.0\.0\/0" admits every address/),
        ]);
    });

    it("exposure ranges that overlap the cluster's node or pod ranges, naming both keys", () => {
        const lb = (sourceCidrs: string[]) => ({ ...GATEWAY_FHIR, gateway: { className: "eg", sourceCidrs } });
        // AWS: the VPC CIDR itself (the default 10.0.0.0/16) holds the private subnets of nodes and pods.
        expect(problemsOf(lb(["10.0.0.0/16"]), "aws")).toEqual([
            expect.stringMatching(/^fhir-ha:fhir\.gateway\.sourceCidrs: "10\.0\.0\.0\/16" overlaps 10\.0\.0\.0\/19 of fhir-ha:aws\.vpcCidr, where the cluster's nodes and pods/),
        ]);
        // The VPC's public subnets (its last eighth) hold no node or pod.
        expect(problemsOf(lb(["10.0.224.0/22"]), "aws")).toEqual([]);
        // GCP: the pod secondary range and the node subnet, each under its own key.
        expect(problemsOf(lb(["10.21.0.0/16"]), "gcp")[0]).toMatch(/overlaps 10\.20\.0\.0\/14 of fhir-ha:gcp\.podsCidr/);
        expect(problemsOf(lb(["10.10.1.0/24"]), "gcp")[0]).toMatch(/overlaps 10\.10\.0\.0\/20 of fhir-ha:gcp\.subnetCidr/);
        expect(problemsOf(lb(["192.168.0.0/24"]), "gcp")).toEqual([]);
        // Azure: the node subnet of the VNet, and the overlay pod range.
        expect(problemsOf(lb(["10.224.5.0/24"]), "azure")[0]).toMatch(/overlaps 10\.224\.0\.0\/16 of fhir-ha:azure\.vnetCidr/);
        expect(problemsOf(lb(["10.244.0.0/24"]), "azure")[0]).toMatch(/overlaps 10\.244\.0\.0\/16 of the AKS overlay pod range/);
    });

    it("a gateway without its class, without sources, or without what its certificate needs", () => {
        const p = problemsOf({ expose: "gateway", baseUrl: "https://fhir.example.org" });
        expect(p).toEqual([
            expect.stringMatching(/^fhir-ha:fhir\.gateway\.className: required/),
            expect.stringMatching(/^fhir-ha:fhir\.gateway\.sourceNamespaces: with fhir-ha:fhir\.gateway\.sourceCidrs also empty/),
            expect.stringMatching(/^fhir-ha:fhir\.tls\.acmeEmail = "": required with fhir-ha:fhir\.tls\.issuer = "acme"/),
        ]);
        expect(problemsOf({ ...GATEWAY_FHIR, tls: { issuer: "secret" } })).toEqual([expect.stringMatching(/^fhir-ha:fhir\.tls\.secretName = "": required/)]);
        expect(problemsOf({ ...GATEWAY_FHIR, tls: { issuer: "secret", secretName: "fhir-example-org-tls" } })).toEqual([]);
    });

    it("a pool that would exhaust Postgres' ordinary connections at the peak of a rollout, terminating pods and CNPG's superuser connections counted", () => {
        const [p] = problemsOf({ replicas: 3, poolSize: 18 });
        expect(p).toContain("fhir-ha:fhir.poolSize = 18: (fhir-ha:fhir.replicas 3 + 1 rollout surge pod + 1 terminating pod) x 18 = 90 connections");
        expect(p).toContain("87 = max_connections 100 - superuser_reserved_connections 3 - reserved_connections 0 - 10 for CNPG's superuser connections");
        // 5 pods x 17 = 85 fits.
        expect(problemsOf({ replicas: 3, poolSize: 17 })).toEqual([]);
        // A cluster that sets its own limits changes the budget the same way.
        expect(connectionBudget({ max_connections: "200", superuser_reserved_connections: "5", reserved_connections: "2" }).available).toBe(183);
    });

    it("the database tier leaves max_connections and the reserved slots at PostgreSQL's defaults, which the budget assumes", async () => {
        const config = validateConfig({ cloud: "kubernetes", ...S3 }, { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] });
        const r = await render(() => {
            const target = new KubernetesCluster("k8s", { config, backupServiceAccounts: databaseNames(config).backupServiceAccounts, secrets: { s3AccessKeyId: "a", s3SecretAccessKey: "b" } });
            return new FhirDatabase("db", { config, target, namespace: config.namespace });
        });
        const clusters = r.kind("Cluster");
        expect(clusters.length).toBeGreaterThan(0);
        for (const c of clusters) {
            const keys = Object.keys(c.spec.postgresql?.parameters ?? {});
            expect(keys).not.toContain("max_connections");
            expect(keys).not.toContain("superuser_reserved_connections");
            expect(keys).not.toContain("reserved_connections");
        }
    });

    it("a memory request below the limit", () => {
        const [p] = problemsOf({ resources: { requests: { memory: "2Gi" }, limits: { memory: "4Gi" } } });
        expect(p).toMatch(/^fhir-ha:fhir\.resources\.requests\.memory = "2Gi": must equal fhir-ha:fhir\.resources\.limits\.memory \(4Gi\)/);
    });

    it("an unpinned image, a latest tag or a malformed digest", () => {
        expect(problemsOf({ image: "hapiproject/hapi" })[0]).toMatch(/^fhir-ha:fhir\.image = "hapiproject\/hapi": must be pinned/);
        expect(problemsOf({ image: "hapiproject/hapi:latest" })[0]).toMatch(/"latest" moves/);
        expect(problemsOf({ image: "hapiproject/hapi:v8.10.0-3@sha256:abc" })[0]).toMatch(/digest must be sha256: followed by 64/);
        const digest = `sha256:${"a".repeat(64)}`;
        expect(parseImageReference(`hapiproject/hapi:v8.10.0-3@${digest}`)).toEqual({ repository: "hapiproject/hapi", tag: "v8.10.0-3", digest });
        expect(parseImageReference(`registry.local:5000/aidbox/aidboxone@${digest}`)).toEqual({ repository: "registry.local:5000/aidbox/aidboxone", tag: undefined, digest });
        expect(problemsOf({ image: `healthsamurai/aidboxone:2512.3@${digest}` })).toEqual([]);
    });

    it("CORS wildcards and malformed origins, client namespaces that are not names", () => {
        expect(problemsOf({ corsOrigins: ["*"] })[0]).toMatch(/^fhir-ha:fhir\.corsOrigins: "\*" must be an origin/);
        expect(problemsOf({ corsOrigins: ["https://app.example.org/path"] })[0]).toMatch(/no path/);
        expect(problemsOf({ clientNamespaces: ["Bad_NS"] })[0]).toMatch(/^fhir-ha:fhir\.clientNamespaces: "Bad_NS" is not a namespace name/);
    });

    it("malformed fhir.extraEnv entries, and entries that would shadow the package's own variables", () => {
        expect(problemsOf({ extraEnv: [{ name: "X" }] })[0]).toMatch(/^fhir-ha:fhir\.extraEnv = .*entry 0 \(X\): give either value, or secretName and secretKey/);
        expect(problemsOf({ extraEnv: [{ name: "X", value: "1" }, { name: "X", value: "2" }] })[0]).toMatch(/entry 1: X is set twice/);
        expect(problemsOf({ extraEnv: [{ name: "X", value: 1 }] })[0]).toMatch(/value must be a string/);
        // The component used directly (FhirServerArgs built by hand) checks it too.
        const base = serverArgs({ engine: "aidbox" });
        const args = { ...base, fhir: { ...base.fhir, extraEnv: [{ name: "BOX_SECURITY_AUDIT_LOG_ENABLED", value: "false" }] } };
        expect(fhirServerProblems(args)).toEqual([expect.stringMatching(/^fhir-ha:fhir\.extraEnv: BOX_SECURITY_AUDIT_LOG_ENABLED is set by the package \(aidbox\)/)]);
    });

    it("a startup budget outside 30s..6h", () => {
        expect(problemsOf({ startupTimeout: "10s" })[0]).toMatch(/^fhir-ha:fhir\.startupTimeout = "10s": must be from 30s to 6h/);
    });

    it("a database socket timeout outside 30s..6h", () => {
        expect(problemsOf({ dbSocketTimeout: "5s" })[0]).toMatch(/^fhir-ha:fhir\.dbSocketTimeout = "5s": must be from 30s to 6h/);
        expect(problemsOf({ dbSocketTimeout: "7h" })[0]).toMatch(/^fhir-ha:fhir\.dbSocketTimeout = "7h": must be from 30s to 6h/);
        expect(problemsOf({ dbSocketTimeout: "30s" })).toEqual([]);
    });

    it("refuses before registering anything when the component is used directly", async () => {
        const args = serverArgs({ engine: "hapi" });
        let error: unknown;
        const r = await render(() => {
            try {
                new FhirServer("fhir-server", { ...args, fhir: { ...args.fhir, ...GATEWAY_FHIR, gateway: { ...args.fhir.gateway, ...GATEWAY_FHIR.gateway }, tls: { ...args.fhir.tls, acmeEmail: "a@b.org" } } });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(ConfigValidationError);
        expect((error as ConfigValidationError).problems).toEqual([expect.stringMatching(/fhir-ha:fhir\.hapi\.allowUnauthenticated/)]);
        expect(r.resources).toHaveLength(0);
    });

});

describe("the FHIR NetworkPolicy", () => {
    const labels = fhirPodLabels("aidbox");

    it("with nothing configured selects the pods and admits no one (deny by default)", () => {
        const spec = fhirNetworkPolicySpec({ podLabels: labels, clientNamespaces: [], exposureNamespaces: [], exposureCidrs: [] });
        expect(spec).toEqual({ podSelector: { matchLabels: labels }, policyTypes: ["Ingress"], ingress: [] });
    });

    it("admits the client namespaces and the exposure path, on the API port only", () => {
        const spec = fhirNetworkPolicySpec({ podLabels: labels, clientNamespaces: ["billing"], exposureNamespaces: ["envoy-gateway-system"], exposureCidrs: ["10.8.0.0/16"] });
        expect(spec.ingress).toEqual([
            {
                from: [
                    { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["billing", "envoy-gateway-system"] }] } },
                    { ipBlock: { cidr: "10.8.0.0/16" } },
                ],
                ports: [{ protocol: "TCP", port: "http" }],
            },
        ]);
    });

    for (const engine of ["aidbox", "hapi"]) {
        it(`is rendered for ${engine}, selects exactly the Deployment's pods and validates against the Kubernetes schema`, async () => {
            const r = await render(() => new FhirServer("fhir-server", serverArgs({ engine, clientNamespaces: ["apps"] })));
            const np = r.inputs(NETPOL, "fhir-server-network-policy");
            const d = r.inputs(DEPLOYMENT, "fhir-server-deployment");
            expect(np.spec.podSelector.matchLabels).toEqual(d.spec.template.metadata.labels);
            expect(np.spec.ingress[0].from).toEqual([{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["apps"] }] } }]);
            expect(() => new NetworkPolicy(np as any).validate()).not.toThrow();
        });
    }

    it("admits a cloud-managed gateway's source ranges", async () => {
        const args = serverArgs({ ...GATEWAY_FHIR, gateway: { className: "gke-l7-rilb", sourceCidrs: ["192.168.8.0/23"] } }, {}, "gcp");
        const r = await render(() => new FhirServer("fhir-server", args));
        expect(r.inputs(NETPOL, "fhir-server-network-policy").spec.ingress[0].from).toEqual([{ ipBlock: { cidr: "192.168.8.0/23" } }]);
    });
});

describe("HTTPS exposure through the Gateway API", () => {
    it("has one HTTPS listener for the base URL's host, plus port 80 only for ACME challenges", () => {
        const acme = gatewaySpec({ hostname: "fhir.example.org", className: "eg", issuer: "acme", tlsSecretName: "fhir-server-tls" });
        expect(acme.gatewayClassName).toBe("eg");
        expect(acme.listeners[0]).toMatchObject({
            name: "https",
            protocol: "HTTPS",
            port: 443,
            hostname: "fhir.example.org",
            tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "fhir-server-tls" }] },
        });
        expect(acme.listeners[1]).toMatchObject({ name: "http", protocol: "HTTP", port: 80 });
        const own = gatewaySpec({ hostname: "fhir.example.org", className: "eg", issuer: "secret", tlsSecretName: "mine" });
        expect(own.listeners.map((l) => l.protocol)).toEqual(["HTTPS"]);
    });

    it("routes the FHIR API from the HTTPS listener only", () => {
        const route = httpRouteSpec("fhir.example.org", "fhir-server", "fhir-server", "/fhir");
        expect(route.parentRefs).toEqual([{ name: "fhir-server", sectionName: "https" }]);
        expect(route.rules[0].backendRefs).toEqual([{ name: "fhir-server", port: 80 }]);
    });

    it("puts the configured authentication filter on the FHIR route as an ExtensionRef", async () => {
        const fhir = { engine: "hapi", ...GATEWAY_FHIR, gateway: { ...GATEWAY_FHIR.gateway, authFilter: "configuration.konghq.com/KongPlugin/fhir-oidc" } };
        const r = await render(() => new FhirServer("fhir-server", serverArgs(fhir)));
        expect(r.inputs(ROUTE, "fhir-server-route").spec.rules).toEqual([
            {
                matches: [{ path: { type: "PathPrefix", value: "/fhir" } }],
                filters: [{ type: "ExtensionRef", extensionRef: { group: "configuration.konghq.com", kind: "KongPlugin", name: "fhir-oidc" } }],
                backendRefs: [{ name: "fhir-server", port: 80 }],
            },
        ]);
    });

    it("routes only /fhir to HAPI (not its Tester at / nor /control/jobs), and every path to Aidbox", async () => {
        const routed = async (engine: string) => {
            const r = await render(() => new FhirServer("fhir-server", serverArgs({ engine, ...GATEWAY_FHIR, hapi: { allowUnauthenticated: true } })));
            return r.inputs(ROUTE, "fhir-server-route").spec.rules.flatMap((rule: any) => rule.matches.map((m: any) => m.path));
        };
        expect(await routed("hapi")).toEqual([{ type: "PathPrefix", value: "/fhir" }]);
        expect(await routed("aidbox")).toEqual([{ type: "PathPrefix", value: "/" }]);
    });

    it("solves ACME HTTP-01 on the gateway's HTTP listener and rotates the key at renewal", () => {
        const issuer = acmeIssuerSpec({ server: "https://acme.example/directory", email: "ops@example.org", gatewayName: "fhir-server", namespace: "fhir" });
        expect(issuer.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs).toEqual([{ kind: "Gateway", name: "fhir-server", namespace: "fhir", sectionName: "http" }]);
        expect(certificateSpec("fhir.example.org")).toMatchObject({ dnsNames: ["fhir.example.org"], secretName: "fhir-server-tls", privateKey: { rotationPolicy: "Always" } });
    });

    it("renders Gateway, HTTPRoute, Issuer and Certificate; the cert-manager objects wait for cert-manager", async () => {
        let readyUrn = "";
        const r = await render(() => {
            const ready = new corev1.Namespace("cert-manager-ready", { metadata: { name: "cert-manager" } });
            ready.urn.apply((u) => (readyUrn = u));
            return new FhirServer("fhir-server", serverArgs({ engine: "aidbox", ...GATEWAY_FHIR }, { certManagerReady: [ready] }));
        });
        const issuer = r.get(ISSUER, "fhir-server-acme-issuer");
        const cert = r.get(CERTIFICATE, "fhir-server-certificate");
        expect(issuer.dependencies).toContain(readyUrn);
        expect(cert.dependencies).toContain(readyUrn);
        expect(cert.dependencies).toContain(issuer.urn);
        const route = r.get(ROUTE, "fhir-server-route");
        expect(route.dependencies).toContain(r.get(GATEWAY, "fhir-server-gateway").urn);
        expect(r.inputs(ISSUER, "fhir-server-acme-issuer").spec.acme.email).toBe("ops@example.org");
        expect(r.inputs(GATEWAY, "fhir-server-gateway").spec.listeners[0].hostname).toBe("fhir.example.org");
        expect(r.inputs("kubernetes:core/v1:Service", "fhir-server-service").spec.type).toBe("ClusterIP");
        expect(r.inputs(NETPOL, "fhir-server-network-policy").spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values).toEqual(["envoy-gateway-system"]);
    });

    it("renders no Issuer or Certificate for a certificate the user provides", async () => {
        const r = await render(() => new FhirServer("fhir-server", serverArgs({ ...GATEWAY_FHIR, tls: { issuer: "secret", secretName: "fhir-tls" } })));
        expect(r.ofType(ISSUER)).toHaveLength(0);
        expect(r.ofType(CERTIFICATE)).toHaveLength(0);
        expect(r.inputs(GATEWAY, "fhir-server-gateway").spec.listeners).toEqual([expect.objectContaining({ protocol: "HTTPS", tls: expect.objectContaining({ certificateRefs: [{ kind: "Secret", name: "fhir-tls" }] }) })]);
    });

    it("turns on cert-manager's Gateway API support only when an ACME gateway needs it", () => {
        const charts = validateConfig({ cloud: "kubernetes", ...S3 }, { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] }).charts;
        const cm = (on: boolean) => operatorReleases(charts, { gatewayApi: on }).find((r) => r.key === "certManager")!.values;
        expect(cm(true).config).toEqual({ apiVersion: "controller.config.cert-manager.io/v1alpha1", kind: "ControllerConfiguration", enableGatewayAPI: true });
        expect(cm(false).config).toBeUndefined();
    });
});

describe("HAPI hardening", () => {
    it("turns off $expunge, multiple and cascading deletes, the MCP endpoint and the Tester's third-party fetches, and restricts CORS to the base URL's origin", async () => {
        const env = envOf(await render(() => new FhirServer("fhir-server", serverArgs({ engine: "hapi", baseUrl: "https://fhir.example.org" }))));
        for (const k of ["hapi.fhir.expunge_enabled", "hapi.fhir.delete_expunge_enabled", "hapi.fhir.allow_multiple_delete", "hapi.fhir.allow_cascading_deletes", "SPRING_AI_MCP_SERVER_ENABLED"]) {
            expect(env.get(k)?.value).toBe("false");
        }
        expect(env.get("hapi.fhir.cors.allowed_origin")?.value).toBe("https://fhir.example.org");
        expect(env.get("hapi.fhir.server_address")?.value).toBe("https://fhir.example.org/fhir");
        // The web Tester (always on in the starter) loads no URL outside the server's own base.
        expect(env.get("hapi.fhir.tester.home.refuse_to_fetch_third_party_urls")?.value).toBe("true");
    });

    it("allows the configured CORS origins", async () => {
        const env = envOf(await render(() => new FhirServer("fhir-server", serverArgs({ engine: "hapi", corsOrigins: ["https://a.example.org", "https://b.example.org"] }))));
        expect(env.get("hapi.fhir.cors.allowed_origin")?.value).toBe("https://a.example.org,https://b.example.org");
    });
});

describe("Aidbox production security settings", () => {
    it("authorizes inline _include/_revinclude requests, writes the audit log, and keeps settings in code", async () => {
        const env = envOf(await render(() => new FhirServer("fhir-server", serverArgs({ engine: "aidbox", baseUrl: "https://fhir.example.org" }))));
        expect(env.get("BOX_FHIR_SEARCH_AUTHORIZE_INLINE_REQUESTS")?.value).toBe("true");
        expect(env.get("BOX_SECURITY_AUDIT_LOG_ENABLED")?.value).toBe("true");
        expect(env.get("BOX_MODULE_SDC_STRICT_ACCESS_CONTROL")?.value).toBe("true");
        expect(env.get("BOX_EXPORT_SETTINGS_ENDPOINT")?.value).toBe("false");
        expect(env.get("BOX_SECURITY_DEV_MODE")?.value).toBe("false");
        expect(env.get("BOX_SETTINGS_MODE")?.value).toBe("read-only");
        expect(env.get("BOX_SECURITY_CORS_ORIGINS")?.value).toBe("https://fhir.example.org");
    });
});

describe("liveness through a database stall", () => {
    for (const engine of ["aidbox", "hapi"]) {
        it(`${engine}: liveness on the metrics listener, a pool timeout of seconds, the pool set explicitly`, async () => {
            const r = await render(() => new FhirServer("fhir-server", serverArgs({ engine, poolSize: 12 })));
            const c = container(r);
            expect(c.livenessProbe.httpGet.port).toBe("metrics");
            expect(c.readinessProbe.httpGet.port).toBe("http");
            const env = envOf(r);
            const [pool, timeout] = engine === "hapi" ? ["SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", "SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT"] : ["BOX_DB_POOL_MAXIMUM_POOL_SIZE", "BOX_DB_POOL_CONNECTION_TIMEOUT"];
            expect(env.get(pool)?.value).toBe("12");
            expect(Number(env.get(timeout)?.value)).toBeLessThanOrEqual(5000);
        });
    }

    it("aidbox: the listener liveness asks serves no metric that queries Postgres", async () => {
        const r = await render(() => new FhirServer("fhir-server", serverArgs({ engine: "aidbox" })));
        const port = container(r).ports.find((p: any) => p.name === container(r).livenessProbe.httpGet.port);
        const env = envOf(r);
        expect(env.get("BOX_METRICS_PORT")?.value).toBe(String(port.containerPort));
        expect(env.get("BOX_OBSERVABILITY_METRICS_ENABLE_POSTGRES_METRICS")?.value).toBe("false");
    });

    for (const engine of ["aidbox", "hapi"]) {
        it(`${engine}: verifies the database server's certificate and host name against CNPG's CA, and sees only the CA's certificate`, async () => {
            const args = serverArgs({ engine });
            const r = await render(() => new FhirServer("fhir-server", { ...args, database: { ...args.database, caSecretName: "fhir-db-ca" } }));
            const pod = r.inputs(DEPLOYMENT, "fhir-server-deployment").spec.template.spec;
            const volume = pod.volumes.find((v: any) => v.secret?.secretName === "fhir-db-ca");
            // Only ca.crt: the Secret's ca.key (the CA's private key) is not projected.
            expect(volume.secret.items).toEqual([{ key: "ca.crt", path: "ca.crt" }]);
            expect(pod.containers[0].volumeMounts).toContainEqual({ name: volume.name, mountPath: "/etc/fhir-ha/db-ca", readOnly: true });
            const env = envOf(r);
            if (engine === "hapi") {
                expect(env.get("SPRING_DATASOURCE_URL")?.value).toBe(
                    "jdbc:postgresql://fhir-db-rw:5432/fhir?connectTimeout=5&socketTimeout=120&tcpKeepAlive=true&sslmode=verify-full&sslrootcert=/etc/fhir-ha/db-ca/ca.crt",
                );
            } else {
                expect(env.get("AIDBOX_DB_PARAM_SSLMODE")?.value).toBe("verify-full");
                expect(env.get("AIDBOX_DB_PARAM_SSLROOTCERT")?.value).toBe("/etc/fhir-ha/db-ca/ca.crt");
            }
        });
    }

    it("fhir.extraEnv cannot weaken the database TLS verification", () => {
        expect(problemsOf({ engine: "aidbox", extraEnv: [{ name: "AIDBOX_DB_PARAM_SSLMODE", value: "disable" }] })[0]).toMatch(/^fhir-ha:fhir\.extraEnv: AIDBOX_DB_PARAM_SSLMODE is set by the package/);
    });

    it("a FhirServer given no dbSocketTimeout (a program building the tier itself) still bounds reads at 2 minutes", async () => {
        const args = serverArgs({ engine: "hapi" });
        const { dbSocketTimeout, ...fhir } = args.fhir as typeof args.fhir & { dbSocketTimeout?: string };
        expect(dbSocketTimeout).toBe("2min");
        const env = envOf(await render(() => new FhirServer("fhir-server", { ...args, fhir: fhir as typeof args.fhir })));
        expect(env.get("SPRING_DATASOURCE_URL")?.value).toContain("&socketTimeout=120&");
    });

    it("hapi: the JDBC URL bounds reads and connects, and the liveness group holds no database check", async () => {
        const env = envOf(await render(() => new FhirServer("fhir-server", serverArgs({ engine: "hapi" }))));
        expect(env.get("SPRING_DATASOURCE_URL")?.value).toBe("jdbc:postgresql://fhir-db-rw:5432/fhir?connectTimeout=5&socketTimeout=120&tcpKeepAlive=true");
        expect(env.get("MANAGEMENT_ENDPOINT_HEALTH_GROUP_LIVENESS_INCLUDE")?.value).toBe("livenessState");
        expect(env.get("MANAGEMENT_SERVER_PORT")?.value).toBe("8081");
    });

    it("aidbox: the same pgjdbc read, connect and keepalive bounds, through AIDBOX_DB_PARAM_<UPPER_SNAKE>", async () => {
        const env = envOf(await render(() => new FhirServer("fhir-server", serverArgs({ engine: "aidbox" }))));
        expect(env.get("AIDBOX_DB_PARAM_SOCKET_TIMEOUT")?.value).toBe("120");
        expect(env.get("AIDBOX_DB_PARAM_CONNECT_TIMEOUT")?.value).toBe("5");
        expect(env.get("AIDBOX_DB_PARAM_TCP_KEEP_ALIVE")?.value).toBe("true");
    });

    it("fhir.dbSocketTimeout sets both engines' socket timeout in seconds", async () => {
        const hapi = envOf(await render(() => new FhirServer("fhir-server", serverArgs({ engine: "hapi", dbSocketTimeout: "1h" }))));
        expect(hapi.get("SPRING_DATASOURCE_URL")?.value).toContain("&socketTimeout=3600&");
        const aidbox = envOf(await render(() => new FhirServer("fhir-server", serverArgs({ engine: "aidbox", dbSocketTimeout: "45min" }))));
        expect(aidbox.get("AIDBOX_DB_PARAM_SOCKET_TIMEOUT")?.value).toBe("2700");
    });

    it("a stack whose fhir.extraEnv shadows a package variable stops at config validation, before any resource", () => {
        expect(problemsOf({ engine: "aidbox", extraEnv: [{ name: "BOX_WEB_PORT", value: "1" }] })).toEqual([
            expect.stringMatching(/^fhir-ha:fhir\.extraEnv: BOX_WEB_PORT is set by the package \(aidbox\)/),
        ]);
        expect(problemsOf({ engine: "hapi", extraEnv: [{ name: "BOX_WEB_PORT", value: "1" }] })).toEqual([]);
    });

    it("fhir.extraEnv cannot reach a HAPI property through Spring's other spellings of its name", () => {
        const refused = (name: string) => problemsOf({ engine: "hapi", extraEnv: [{ name, value: "true" }] });
        expect(refused("HAPI_FHIR_EXPUNGE_ENABLED")).toEqual([
            "fhir-ha:fhir.extraEnv: HAPI_FHIR_EXPUNGE_ENABLED is set by the package (hapi) (it reaches hapi.fhir.expunge_enabled); change it through its own fhir-ha key, or open an issue if none exists",
        ]);
        expect(refused("HAPI_FHIR_CORS_ALLOWED_ORIGIN")[0]).toContain("(it reaches hapi.fhir.cors.allowed_origin)");
        expect(refused("spring.datasource.hikari.maximum-pool-size")[0]).toContain("(it reaches SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE)");
        expect(refused("Hapi.Fhir.Tester.Home.Refuse_To_Fetch_Third_Party_Urls")[0]).toContain("(it reaches hapi.fhir.tester.home.refuse_to_fetch_third_party_urls)");
        // Sources that outrank every environment variable are refused by name.
        expect(refused("SPRING_APPLICATION_JSON")[0]).toMatch(/^fhir-ha:fhir\.extraEnv: SPRING_APPLICATION_JSON is set by the package \(hapi\);/);
        expect(refused("JDK_JAVA_OPTIONS")).toHaveLength(1);
        // A setting the package leaves alone stays available.
        expect(refused("HAPI_FHIR_BULK_EXPORT_ENABLED")).toEqual([]);
    });

    it("fhir.extraEnv cannot reach an Aidbox setting through its deprecated alias; Aidbox's names compare exactly", () => {
        const refused = (name: string) => problemsOf({ engine: "aidbox", extraEnv: [{ name, value: "x" }] });
        expect(refused("BOX_WEB_CORS_ORIGINS")).toEqual([
            "fhir-ha:fhir.extraEnv: BOX_WEB_CORS_ORIGINS is set by the package (aidbox) (it reaches BOX_SECURITY_CORS_ORIGINS); change it through its own fhir-ha key, or open an issue if none exists",
        ]);
        for (const [alias, target] of [["PGHOST", "BOX_DB_HOST"], ["AIDBOX_DEV_MODE", "BOX_SECURITY_DEV_MODE"], ["BOX_METRICS_POSTGRES_ON", "BOX_OBSERVABILITY_METRICS_ENABLE_POSTGRES_METRICS"], ["AIDBOX_COMPLIANCE", "BOX_FHIR_COMPLIANT_MODE"]]) {
            expect(refused(alias)[0]).toContain(`(it reaches ${target})`);
        }
        // The process environment is case-sensitive: a lower-case name is another variable.
        expect(refused("box_web_port")).toEqual([]);
        expect(refused("BOX_WEB_THREAD")).toEqual([]);
    });

    it("fhir.extraEnv cannot override the socket timeout behind the config key's back", () => {
        expect(problemsOf({ engine: "aidbox", extraEnv: [{ name: "AIDBOX_DB_PARAM_SOCKET_TIMEOUT", value: "0" }] })).toEqual([
            expect.stringMatching(/^fhir-ha:fhir\.extraEnv: AIDBOX_DB_PARAM_SOCKET_TIMEOUT is set by the package \(aidbox\)/),
        ]);
    });
});

describe("rollouts, JVM memory and the startup budget", () => {
    it("puts a checksum of the shared Secret's data in the pod template, which changes with the data", async () => {
        const checksumWith = async (license: string) => {
            const r = await render(() => new FhirServer("fhir-server", serverArgs({ engine: "aidbox" }, { aidboxLicense: license })));
            return r.inputs(DEPLOYMENT, "fhir-server-deployment").spec.template.metadata.annotations[SECRET_CHECKSUM_ANNOTATION];
        };
        const first = await checksumWith("license-a");
        // A hex SHA-256: it reveals nothing about the values.
        expect(first).toMatch(/^[0-9a-f]{64}$/);
        // The same data renders the same pod template (no rollout); a new license rolls the pods.
        expect(await checksumWith("license-a")).toBe(first);
        expect(await checksumWith("license-b")).not.toBe(first);
        expect(secretChecksum({ b: "2", a: "1" })).toBe(secretChecksum({ a: "1", b: "2" }));
    });

    for (const engine of ["aidbox", "hapi"]) {
        it(`${engine}: grace period covers preStop and shutdown; the heap leaves room for the JVM's other memory under a limit equal to the request`, async () => {
            const r = await render(() => new FhirServer("fhir-server", serverArgs({ engine })));
            const pod = r.inputs(DEPLOYMENT, "fhir-server-deployment").spec.template.spec;
            const c = pod.containers[0];
            const profile = ENGINE_PROFILES[engine];
            // 5 s preStop + 30 s shutdown + 5 s margin for both engines.
            expect(pod.terminationGracePeriodSeconds).toBe(40);
            expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(c.lifecycle.preStop.sleep.seconds + profile.shutdownSeconds);
            expect(c.resources.requests.memory).toBe(c.resources.limits.memory);
            const jvm = envOf(r).get(profile.jvmOptionsVariable)?.value;
            // 70 % of the container: metaspace, thread stacks, the code cache and direct buffers live
            // outside the heap, and a JVM at 100 % is killed by the kernel, not by its own OOM error.
            const heap = Number(/-XX:MaxRAMPercentage=([\d.]+)/.exec(jvm ?? "")?.[1]);
            expect(heap).toBe(70);
            expect(heap).toBeLessThanOrEqual(75);
            expect(jvm).toContain("-XX:+ExitOnOutOfMemoryError");
            expect(profile.jvmOptionsVariable).toBe(engine === "aidbox" ? "JAVA_OPTS" : "JAVA_TOOL_OPTIONS");
            expect(() => new Deployment(r.inputs(DEPLOYMENT, "fhir-server-deployment") as any).validate()).not.toThrow();
        });
    }

    it("sizes the startup probe from fhir.startupTimeout", async () => {
        expect(secondsUntilAction(probeTimings(1800).startup)).toBe(1800);
        expect(secondsUntilAction(probeTimings(62).startup)).toBe(65);
        const c = container(await render(() => new FhirServer("fhir-server", serverArgs({ startupTimeout: "30min" }))));
        expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBe(1800);
    });
});

describe("metrics contract", () => {
    it("names the port `metrics`: HAPI /actuator/prometheus on the management port, Aidbox /metrics on BOX_METRICS_PORT", async () => {
        expect(metricsEndpoint("hapi")).toEqual({ portName: "metrics", port: 8081, path: "/actuator/prometheus" });
        expect(metricsEndpoint("aidbox")).toEqual({ portName: "metrics", port: 8765, path: "/metrics" });
        for (const engine of ["aidbox", "hapi"]) {
            const r = await render(() => new FhirServer("fhir-server", serverArgs({ engine })));
            const m = metricsEndpoint(engine);
            expect(container(r).ports).toContainEqual({ name: m.portName, containerPort: m.port, protocol: "TCP" });
            expect(r.inputs(DEPLOYMENT, "fhir-server-deployment").spec.template.metadata.labels).toEqual(fhirPodLabels(engine));
        }
        const env = envOf(await render(() => new FhirServer("fhir-server", serverArgs({ engine: "hapi" }))));
        expect(env.get("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE")?.value).toBe("health,prometheus");
    });
});

describe("fhir.extraEnv", () => {
    it("adds plain values and Secret references after the package's own variables", async () => {
        const extraEnv = [
            { name: "BOX_WEB_THREAD", value: "16" },
            { name: "BOX_SECURITY_AUDIT_LOG_REPOSITORY_URL", secretName: "audit", secretKey: "url" },
        ];
        const c = container(await render(() => new FhirServer("fhir-server", serverArgs({ engine: "aidbox", extraEnv }))));
        expect(c.env.slice(-2)).toEqual([
            { name: "BOX_WEB_THREAD", value: "16" },
            { name: "BOX_SECURITY_AUDIT_LOG_REPOSITORY_URL", valueFrom: { secretKeyRef: { name: "audit", key: "url" } } },
        ]);
    });
});
