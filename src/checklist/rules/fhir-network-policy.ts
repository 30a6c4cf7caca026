import { fhirDeployments, objectName, objectNamespace, ofType, podLabels, selects, T } from "../resources";
import { Rule } from "../types";
import { fail, judge } from "./result";

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
    description: "The FHIR pods are isolated: an ingress NetworkPolicy selects them and admits only named namespaces or address ranges",
    check: (ctx) => {
        const deployments = fhirDeployments(ctx);
        if (deployments.length === 0) return fail("no FHIR server Deployment (pods labelled app.kubernetes.io/name=fhir-server) in the plan");
        const policies = ofType(ctx, T.networkPolicy);
        const problems: string[] = [];
        const found: string[] = [];
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
            const rules = mine.flatMap((p) => (p.inputs?.spec?.ingress ?? []).map((r: Record<string, any>) => ({ policy: objectName(p), why: openRule(r) })));
            const open = rules.find((r) => r.why);
            if (open) problems.push(`Deployment ${objectName(d)}: NetworkPolicy ${open.policy}: ${open.why}`);
            else found.push(`Deployment ${objectName(d)}: NetworkPolicy ${mine.map(objectName).join(", ")} with ${rules.length} ingress rule(s), each naming its peers`);
        }
        return judge(problems, found, "keep the FHIR tier's NetworkPolicy; list callers in fhir-ha:fhir.clientNamespaces (and the gateway in fhir-ha:fhir.gateway.sourceNamespaces)");
    },
};
