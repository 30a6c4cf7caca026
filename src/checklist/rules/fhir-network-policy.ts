import { containers, fhirDeployments, objectName, objectNamespace, ofType, podLabels, selects, T } from "../resources";
import { CheckedResource, Rule } from "../types";
import { fail, judge } from "./result";

/** The port that serves the API, by name and number: the one the readiness probe checks (the port traffic is routed to). */
interface ServingPort {
    name?: string;
    number?: number;
}

function servingPort(d: CheckedResource): ServingPort {
    const container = containers(d)[0] ?? {};
    const probe = container.readinessProbe ?? {};
    const port: unknown = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port ?? "http";
    const declared = (container.ports ?? []).find((p: Record<string, any>) => p.name === port || p.containerPort === port);
    return {
        name: typeof port === "string" ? port : declared?.name,
        number: typeof port === "number" ? port : declared?.containerPort,
    };
}

const showPort = (p: ServingPort) => p.name ?? String(p.number ?? "?");

/**
 * Whether a policy decides who reaches the serving port: it admits no one at all (no ingress
 * rules, deny by default), or one of its rules names that port (or every port). A policy whose
 * rules all name other ports (the monitoring tier's `metrics` policy) isolates the pods too, but
 * says nothing about the API; NetworkPolicies add up, so the FHIR tier's own policy must be there.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
function governsServingPort(policy: CheckedResource, port: ServingPort): boolean {
    const rules: Record<string, any>[] = policy.inputs?.spec?.ingress ?? [];
    if (rules.length === 0) return true;
    return rules.some((r) => {
        const ports: Record<string, any>[] | undefined = r.ports;
        if (!Array.isArray(ports) || ports.length === 0) return true;
        return ports.some((p) => {
            if ((p.protocol ?? "TCP") !== "TCP") return false;
            if (p.port === undefined) return true;
            if (typeof p.port === "string") return p.port === port.name;
            if (port.number === undefined) return false;
            return typeof p.endPort === "number" ? port.number >= p.port && port.number <= p.endPort : p.port === port.number;
        });
    });
}

/** The ports a policy's rules name, for evidence. */
function portsOf(policy: CheckedResource): string {
    const rules: Record<string, any>[] = policy.inputs?.spec?.ingress ?? [];
    const ports = rules.flatMap((r) => (Array.isArray(r.ports) ? r.ports.map((p: Record<string, any>) => String(p.port ?? "all")) : ["all"]));
    return [...new Set(ports)].join(", ");
}

/** Why one ingress rule admits more than named peers, or undefined. */
function openRule(rule: Record<string, any>): string | undefined {
    const from = rule.from;
    if (!Array.isArray(from) || from.length === 0) return "a rule without `from` admits every source";
    for (const peer of from) {
        if (peer.ipBlock && /\/0$/.test(String(peer.ipBlock.cidr))) return `ipBlock ${peer.ipBlock.cidr} admits every address, pods included`;
        const empty = (s: Record<string, any> | undefined) => s !== undefined && Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
        if (peer.namespaceSelector !== undefined && empty(peer.namespaceSelector) && (peer.podSelector === undefined || empty(peer.podSelector))) {
            return "an empty namespaceSelector admits every namespace";
        }
        if (peer.namespaceSelector === undefined && peer.podSelector !== undefined && empty(peer.podSelector)) return "an empty podSelector admits every pod of the namespace";
    }
    return undefined;
}

/** Patient data is read and written through the FHIR pods: nothing in the cluster reaches them unless named. */
export const fhirNetworkPolicy: Rule = {
    id: "fhir-network-policy",
    item: "security",
    severity: "mandatory",
    description: "The FHIR pods are isolated: an ingress NetworkPolicy selects them for their serving port and admits only named namespaces or address ranges",
    check: (ctx) => {
        const deployments = fhirDeployments(ctx);
        if (deployments.length === 0) return fail("no FHIR server Deployment (pods labelled app.kubernetes.io/name=fhir-server) in the plan");
        const policies = ofType(ctx, T.networkPolicy);
        const problems: string[] = [];
        const found: string[] = [];
        const closed: string[] = [];
        for (const d of deployments) {
            const mine = policies.filter(
                (p) =>
                    objectNamespace(p) === objectNamespace(d) &&
                    selects(p.inputs?.spec?.podSelector?.matchLabels, podLabels(d)) &&
                    (p.inputs?.spec?.policyTypes ?? ["Ingress"]).includes("Ingress"),
            );
            if (mine.length === 0) {
                problems.push(`Deployment ${objectName(d)}: no ingress NetworkPolicy selects its pods, so every pod of the cluster reads and writes patient data`);
                continue;
            }
            const port = servingPort(d);
            const serving = mine.filter((p) => governsServingPort(p, port));
            const others = mine.filter((p) => !serving.includes(p));
            const othersNote = others.length > 0 ? `; ${others.map((p) => `${objectName(p)} (port ${portsOf(p)} only)`).join(", ")} also select(s) them` : "";
            if (serving.length === 0) {
                problems.push(
                    `Deployment ${objectName(d)}: no ingress NetworkPolicy selects its pods for the serving port ${showPort(port)}` +
                        `${othersNote}; the FHIR tier's own policy, which names who may call the API, is missing`,
                );
                continue;
            }
            const rules = mine.flatMap((p) => (p.inputs?.spec?.ingress ?? []).map((r: Record<string, any>) => ({ policy: objectName(p), why: openRule(r) })));
            const open = rules.find((r) => r.why);
            if (open) problems.push(`Deployment ${objectName(d)}: NetworkPolicy ${open.policy}: ${open.why}`);
            else {
                const servingRules = serving.reduce((n, p) => n + (p.inputs?.spec?.ingress ?? []).length, 0);
                if (servingRules === 0) closed.push(objectName(d));
                found.push(
                    `Deployment ${objectName(d)}: serving port ${showPort(port)} under NetworkPolicy ${serving.map(objectName).join(", ")} ` +
                        `with ${servingRules} ingress rule(s)${servingRules === 0 ? " (admits no one)" : ""}${othersNote}; every rule names its peers`,
                );
            }
        }
        const fix = "keep the FHIR tier's NetworkPolicy; list callers in fhir-ha:fhir.clientNamespaces (and the gateway in fhir-ha:fhir.gateway.sourceNamespaces)";
        // Isolated, but isolated from everyone: secure, and a deploy whose first client test
        // fails with a timeout. Say so, without failing the mandatory check.
        if (problems.length === 0 && closed.length === deployments.length) {
            return fail(
                `${found.join("; ")}. No pod can call the FHIR API (only kubectl port-forward reaches it). ` +
                    `Fix: name the callers' namespaces in fhir-ha:fhir.clientNamespaces, or expose it with fhir-ha:fhir.expose = "gateway"`,
                "advisory",
            );
        }
        return judge(problems, found, fix);
    },
};
