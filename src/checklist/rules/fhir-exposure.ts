/**
 * Shared by the FHIR exposure rules: how the plan exposes the FHIR pods beyond the cluster.
 * A LoadBalancer or NodePort Service that selects them, an Ingress or an HTTPRoute that sends
 * traffic to a Service that selects them.
 */
import { fhirDeployments, objectName, objectNamespace, ofType, podLabels, selects, T } from "../resources";
import { CheckContext, CheckedResource } from "../types";

/** Annotations that make a LoadBalancer Service internal, per cloud controller (Kubernetes docs, Service). */
export const INTERNAL_LB_ANNOTATIONS: Record<string, string> = {
    "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    "networking.gke.io/load-balancer-type": "Internal",
    "cloud.google.com/load-balancer-type": "Internal",
    "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
};

export function isInternalLoadBalancer(service: CheckedResource): boolean {
    const a: Record<string, unknown> = service.inputs?.metadata?.annotations ?? {};
    return Object.entries(INTERNAL_LB_ANNOTATIONS).some(([k, v]) => String(a[k] ?? "").toLowerCase() === v.toLowerCase());
}

/** Services in the FHIR Deployments' namespaces whose selector picks their pods. */
export function fhirServices(ctx: CheckContext): CheckedResource[] {
    const deployments = fhirDeployments(ctx);
    return ofType(ctx, T.service).filter((s) =>
        deployments.some((d) => objectNamespace(s) === objectNamespace(d) && selects(s.inputs?.spec?.selector, podLabels(d))),
    );
}

export interface Exposure {
    /** How it reads in evidence: `Service fhir-server (LoadBalancer)`. */
    what: string;
    /** Why it is plain text reachable from outside, or undefined when it is not. */
    plaintext?: string;
    /**
     * HTTPRoutes: the ExtensionRef filter (`group/Kind/name`) every rule to the FHIR Service
     * carries, the Gateway API's hook for an implementation's authentication; else undefined.
     */
    authFilter?: string;
}

/** The ExtensionRef filter every FHIR rule of a route carries, as `group/Kind/name`, or undefined. */
function routeAuthFilter(rules: Record<string, any>[]): string | undefined {
    const refs = rules.map((r) => (r.filters ?? []).find((f: Record<string, any>) => f.type === "ExtensionRef")?.extensionRef);
    if (refs.length === 0 || refs.some((x) => !x?.kind || !x?.name)) return undefined;
    const shown = refs.map((x) => `${x.group ?? ""}/${x.kind}/${x.name}`);
    return [...new Set(shown)].join(", ");
}

/** Every path from outside the cluster to the FHIR pods in the plan. */
export function fhirExposures(ctx: CheckContext): Exposure[] {
    const services = fhirServices(ctx);
    const serviceNames = new Set(services.map(objectName));
    const out: Exposure[] = [];
    for (const s of services) {
        const type = s.inputs?.spec?.type ?? "ClusterIP";
        if (type === "NodePort") out.push({ what: `Service ${objectName(s)} (NodePort)`, plaintext: "a NodePort serves plain HTTP on every node's address" });
        if (type === "LoadBalancer") {
            const ranges: string[] = s.inputs?.spec?.loadBalancerSourceRanges ?? [];
            // A LoadBalancer Service passes TCP to the pods, which serve plain HTTP: private or
            // not, patient data and tokens would cross the network in clear text.
            const problem = !isInternalLoadBalancer(s)
                ? "a LoadBalancer without an internal-load-balancer annotation is internet-facing, and it serves plain HTTP"
                : ranges.length === 0 || ranges.some((r) => /\/0$/.test(r))
                  ? "an internal LoadBalancer without narrow loadBalancerSourceRanges admits the whole network, in plain HTTP"
                  : "an internal LoadBalancer passes the pods' plain HTTP through: patient data and tokens cross the private network in clear text";
            out.push({ what: `Service ${objectName(s)} (internal LoadBalancer, ${ranges.join(", ") || "no source ranges"})`, plaintext: problem });
        }
    }
    for (const ing of ofType(ctx, T.ingress)) {
        const backends = JSON.stringify(ing.inputs?.spec ?? {});
        if (![...serviceNames].some((n) => backends.includes(`"name":"${n}"`))) continue;
        const tls = ing.inputs?.spec?.tls;
        out.push({ what: `Ingress ${objectName(ing)}`, plaintext: Array.isArray(tls) && tls.length > 0 ? undefined : "an Ingress without tls serves plain HTTP" });
    }
    const gateways = ofType(ctx, T.gateway);
    for (const route of ofType(ctx, T.httpRoute)) {
        const fhirRules = (route.inputs?.spec?.rules ?? []).filter((r: Record<string, any>) => (r.backendRefs ?? []).some((b: Record<string, any>) => serviceNames.has(b.name)));
        if (fhirRules.length === 0) continue;
        const authFilter = routeAuthFilter(fhirRules);
        for (const ref of route.inputs?.spec?.parentRefs ?? []) {
            const gw = gateways.find((g) => objectName(g) === ref.name);
            const listeners: Record<string, any>[] = gw?.inputs?.spec?.listeners ?? [];
            const attached = ref.sectionName ? listeners.filter((l) => l.name === ref.sectionName) : listeners;
            const plain = attached.filter((l) => l.protocol !== "HTTPS");
            out.push({
                what: `HTTPRoute ${objectName(route)} on Gateway ${ref.name}${ref.sectionName ? ` listener ${ref.sectionName}` : ""}`,
                plaintext: !gw
                    ? "its Gateway is not in the plan, so its listeners cannot be shown to be HTTPS"
                    : plain.length > 0
                      ? `it attaches to ${plain.map((l) => `${l.name} (${l.protocol})`).join(", ")}`
                      : attached.length === 0
                        ? `the Gateway has no listener ${ref.sectionName}`
                        : undefined,
                ...(authFilter ? { authFilter } : {}),
            });
        }
    }
    return out;
}
