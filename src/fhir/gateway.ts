/**
 * HTTPS exposure through the Gateway API (gateway.networking.k8s.io/v1): a Gateway with one
 * HTTPS listener for the host of `fhir.baseUrl`, an HTTPRoute from that listener to the FHIR
 * Service, and the certificate, from cert-manager (an ACME Issuer and a Certificate) or from a
 * Secret the user provides.
 *
 * Why the Gateway API and not an Ingress: Kubernetes SIG Network retired the ingress-nginx
 * controller (announced November 2025, best-effort maintenance ended March 2026), and the Ingress
 * API is frozen; the Gateway API is its successor, implemented by the clouds' own controllers
 * (GKE Gateway, AWS Load Balancer Controller, AKS Application Gateway for Containers) and by
 * in-cluster proxies (Envoy Gateway, Istio, Cilium, NGINX Gateway Fabric). The cluster must
 * have the Gateway API CRDs and an implementation; `fhir.gateway.className` names its class.
 *
 * With ACME, the Gateway also gets an HTTP listener on port 80 for the HTTP-01 challenge only:
 * cert-manager attaches its solver route there (gatewayHTTPRoute solver, cert-manager docs
 * "HTTP01", which needs its Gateway API support turned on: see src/database/operator-releases.ts).
 * The FHIR route attaches to the HTTPS listener alone, so no FHIR request is served in plain text.
 */
import { FHIR_SERVER_NAME } from "../names";
import { SERVICE_PORT } from "./workload";

export const GATEWAY_API_VERSION = "gateway.networking.k8s.io/v1";
export const CERT_MANAGER_API_VERSION = "cert-manager.io/v1";
export const HTTPS_LISTENER = "https";
export const ACME_LISTENER = "http";
/** Secret cert-manager writes the certificate to (issuer "acme"). */
export const ACME_TLS_SECRET = `${FHIR_SERVER_NAME}-tls`;
export const ACME_ISSUER = `${FHIR_SERVER_NAME}-acme`;

export interface GatewayInput {
    /** Host name clients use, from fhir.baseUrl. */
    hostname: string;
    className: string;
    /** acme | secret */
    issuer: string;
    /** The TLS Secret the HTTPS listener presents. */
    tlsSecretName: string;
}

export function hostOf(baseUrl: string): string {
    return new URL(baseUrl).hostname;
}

/** The Secret the listener presents: cert-manager's, or the user's. */
export function tlsSecretName(issuer: string, userSecretName: string): string {
    return issuer === "acme" ? ACME_TLS_SECRET : userSecretName;
}

export function gatewaySpec(input: GatewayInput) {
    const sameNamespace = { namespaces: { from: "Same" }, kinds: [{ kind: "HTTPRoute" }] };
    const listeners: Record<string, unknown>[] = [
        {
            name: HTTPS_LISTENER,
            protocol: "HTTPS",
            port: 443,
            hostname: input.hostname,
            tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: input.tlsSecretName }] },
            allowedRoutes: sameNamespace,
        },
    ];
    if (input.issuer === "acme") {
        listeners.push({ name: ACME_LISTENER, protocol: "HTTP", port: 80, hostname: input.hostname, allowedRoutes: sameNamespace });
    }
    return { gatewayClassName: input.className, listeners };
}

/**
 * `pathPrefix` is the engine's routed path: a Gateway API PathPrefix matches whole path
 * elements, so "/fhir" admits /fhir and /fhir/Patient but not /fhirx or /control.
 */
export function httpRouteSpec(hostname: string, gatewayName: string, serviceName: string, pathPrefix: string, authFilter = "") {
    const filter = parseAuthFilter(authFilter);
    return {
        // The HTTPS listener only: the FHIR API is never attached to a plain-HTTP listener.
        parentRefs: [{ name: gatewayName, sectionName: HTTPS_LISTENER }],
        hostnames: [hostname],
        rules: [
            {
                matches: [{ path: { type: "PathPrefix", value: pathPrefix } }],
                // Gateway API HTTPRoute filter type ExtensionRef: an implementation-specific
                // filter object in the route's namespace (gateway-api v1 HTTPRouteFilter).
                ...(filter ? { filters: [{ type: "ExtensionRef", extensionRef: filter }] } : {}),
                backendRefs: [{ name: serviceName, port: SERVICE_PORT }],
            },
        ],
    };
}

/** `group/Kind/name`, the form of fhir.gateway.authFilter (group may be empty for the core group). */
export const AUTH_FILTER = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)?\/([A-Z][A-Za-z0-9]*)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/;

export function parseAuthFilter(value: string): { group: string; kind: string; name: string } | undefined {
    const m = AUTH_FILTER.exec(value);
    return m ? { group: m[1] ?? "", kind: m[3], name: m[4] } : undefined;
}

export interface AcmeIssuerInput {
    server: string;
    email: string;
    gatewayName: string;
    namespace: string;
}

export function acmeIssuerSpec(input: AcmeIssuerInput) {
    return {
        acme: {
            server: input.server,
            email: input.email,
            privateKeySecretRef: { name: `${ACME_ISSUER}-account` },
            solvers: [
                {
                    http01: {
                        gatewayHTTPRoute: {
                            parentRefs: [{ kind: "Gateway", name: input.gatewayName, namespace: input.namespace, sectionName: ACME_LISTENER }],
                        },
                    },
                },
            ],
        },
    };
}

export function certificateSpec(hostname: string) {
    return {
        secretName: ACME_TLS_SECRET,
        dnsNames: [hostname],
        issuerRef: { kind: "Issuer", name: ACME_ISSUER },
        // A new key at every renewal: a leaked key is only good until the next one.
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
    };
}
