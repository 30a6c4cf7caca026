/**
 * The FHIR tier's exposure rules on small hand-made plans: what a mirrored HAPI image, a route
 * with an authentication filter, an internal plain-HTTP load balancer and a NetworkPolicy that
 * admits no one each make of them. (The shipped stacks' plans are checked in checklist-rules.)
 */
import { describe, expect, it } from "vitest";
import { contextFromPlan, evaluateRule, PlanLike, RULES } from "../src/checklist";

const LABELS = { "app.kubernetes.io/name": "fhir-server", "app.kubernetes.io/component": "hapi", "app.kubernetes.io/part-of": "fhir-ha" };
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: "fhir", ...extra });

function plan(extra: PlanLike["resources"], opts: { image?: string; ingress?: unknown[]; waiver?: boolean } = {}): PlanLike {
    const resources: PlanLike["resources"] = [
        {
            urn: "urn:deployment",
            type: "kubernetes:apps/v1:Deployment",
            name: "fhir-server",
            parent: null,
            inputs: {
                metadata: meta("fhir-server", opts.waiver ? { annotations: { "fhir-ha.io/unauthenticated-exposure": "accepted" } } : {}),
                spec: {
                    replicas: 3,
                    selector: { matchLabels: LABELS },
                    template: {
                        metadata: { labels: LABELS },
                        spec: {
                            containers: [
                                {
                                    name: "fhir-server",
                                    image: opts.image ?? "registry.corp.example/fhir/server:8.10.0",
                                    ports: [{ name: "http", containerPort: 8080 }],
                                    readinessProbe: { httpGet: { path: "/readyz", port: "http" } },
                                },
                            ],
                        },
                    },
                },
            },
        },
        {
            urn: "urn:service",
            type: "kubernetes:core/v1:Service",
            name: "fhir-server",
            parent: null,
            inputs: { metadata: meta("fhir-server"), spec: { type: "ClusterIP", selector: LABELS, ports: [{ name: "http", port: 80, targetPort: "http" }] } },
        },
        {
            urn: "urn:netpol",
            type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            name: "fhir-server",
            parent: null,
            inputs: { metadata: meta("fhir-server"), spec: { podSelector: { matchLabels: LABELS }, policyTypes: ["Ingress"], ingress: opts.ingress ?? [] } },
        },
        ...extra,
    ];
    return { cloud: "kubernetes", resources };
}

const GATEWAY = {
    urn: "urn:gw",
    type: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
    name: "fhir-server",
    parent: null,
    inputs: { metadata: meta("fhir-server"), spec: { gatewayClassName: "kong", listeners: [{ name: "https", protocol: "HTTPS", port: 443 }] } },
};
const route = (filters?: unknown[]) => ({
    urn: "urn:route",
    type: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    name: "fhir-server",
    parent: null,
    inputs: {
        metadata: meta("fhir-server"),
        spec: { parentRefs: [{ name: "fhir-server", sectionName: "https" }], rules: [{ ...(filters ? { filters } : {}), backendRefs: [{ name: "fhir-server", port: 80 }] }] },
    },
});
const KONG_OIDC = [{ type: "ExtensionRef", extensionRef: { group: "configuration.konghq.com", kind: "KongPlugin", name: "fhir-oidc" } }];
const CLIENTS = [{ from: [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["fhir-clients"] }] } }], ports: [{ port: "http" }] }];

function check(id: string, doc: PlanLike) {
    return evaluateRule(RULES.find((r) => r.id === id)!, contextFromPlan(doc));
}

describe("fhir-hapi-authentication", () => {
    it("recognises HAPI by its pod label when the image is mirrored under another name", () => {
        const entry = check("fhir-hapi-authentication", plan([GATEWAY, route()]));
        expect(entry.passed).toBe(false);
        expect(entry.severity).toBe("mandatory");
        expect(entry.evidence).toMatch(/^HAPI exposed through HTTPRoute fhir-server on Gateway fhir-server listener https with no authentication/);
    });

    it("passes HAPI exposed only through a route that carries an authentication filter", () => {
        const entry = check("fhir-hapi-authentication", plan([GATEWAY, route(KONG_OIDC)]));
        expect(entry.passed).toBe(true);
        expect(entry.evidence).toContain("with filter configuration.konghq.com/KongPlugin/fhir-oidc");
    });

    it("advises, naming the route a policy must target, when the waiver is all there is", () => {
        const entry = check("fhir-hapi-authentication", plan([GATEWAY, route()], { waiver: true }));
        expect(entry.passed).toBe(false);
        expect(entry.severity).toBe("advisory");
        expect(entry.evidence).toContain("fhir-ha:fhir.gateway.authFilter, or verify the policy that targets HTTPRoute fhir-server");
    });
});

describe("fhir-no-plaintext-exposure", () => {
    it("fails an internal load balancer limited to narrow ranges: it still carries plain HTTP", () => {
        const doc = plan([], { image: "aidbox" });
        const svc = doc.resources.find((r) => r.urn === "urn:service")!.inputs as any;
        svc.metadata.annotations = { "networking.gke.io/load-balancer-type": "Internal" };
        svc.spec = { ...svc.spec, type: "LoadBalancer", loadBalancerSourceRanges: ["192.168.0.0/24"] };
        const entry = check("fhir-no-plaintext-exposure", doc);
        expect(entry.passed).toBe(false);
        expect(entry.severity).toBe("mandatory");
        expect(entry.evidence).toContain("Service fhir-server (internal LoadBalancer, 192.168.0.0/24): an internal LoadBalancer passes the pods' plain HTTP through");
    });

    it("passes a route attached to an HTTPS listener only", () => {
        expect(check("fhir-no-plaintext-exposure", plan([GATEWAY, route(KONG_OIDC)])).passed).toBe(true);
    });
});

describe("fhir-network-policy", () => {
    it("advises when the FHIR pods are isolated from everyone: nothing can call the API", () => {
        const entry = check("fhir-network-policy", plan([]));
        expect(entry.passed).toBe(false);
        expect(entry.severity).toBe("advisory");
        expect(entry.evidence).toMatch(/0 ingress rule\(s\) \(admits no one\).*No pod can call the FHIR API.*fhir-ha:fhir\.clientNamespaces/);
    });

    it("passes when a client namespace is named", () => {
        const entry = check("fhir-network-policy", plan([], { ingress: CLIENTS }));
        expect(entry.passed).toBe(true);
        expect(entry.evidence).toContain("with 1 ingress rule(s); every rule names its peers");
    });
});

describe("fhir-liveness-without-database", () => {
    const aidbox = (pgMetrics: string | undefined) => {
        const doc = plan([], { image: "healthsamurai/aidboxone:2512.4" });
        const d = doc.resources.find((r) => r.urn === "urn:deployment")!.inputs as any;
        const c = d.spec.template.spec.containers[0];
        c.ports.push({ name: "metrics", containerPort: 8765 });
        c.livenessProbe = { httpGet: { path: "/", port: "metrics" }, periodSeconds: 5, failureThreshold: 4 };
        c.env = [{ name: "BOX_METRICS_PORT", value: "8765" }, ...(pgMetrics === undefined ? [] : [{ name: "BOX_OBSERVABILITY_METRICS_ENABLE_POSTGRES_METRICS", value: pgMetrics }])];
        return doc;
    };

    it("fails Aidbox liveness on the metrics listener while that listener still queries Postgres per scrape", () => {
        const entry = check("fhir-liveness-without-database", aidbox(undefined));
        expect(entry.passed).toBe(false);
        expect(entry.evidence).toContain("unless BOX_OBSERVABILITY_METRICS_ENABLE_POSTGRES_METRICS is false (it is unset)");
    });

    it("passes it once the listener's Postgres metrics are off", () => {
        expect(check("fhir-liveness-without-database", aidbox("false")).passed).toBe(true);
    });
});
