import { cnpgClusters, objectName, objectNamespace, ofType, selects, T } from "../resources";
import { Rule } from "../types";
import { networkPolicyEnforcement } from "../network-policy-enforcement";
import { perCluster } from "./cluster-common";
import { fail } from "./result";

/** A peer that admits anything: no `from`, an empty selector, or an IP block. */
function openPeer(rule: Record<string, any>): string | undefined {
    const from = rule.from;
    if (!Array.isArray(from) || from.length === 0) return "a rule without `from` admits every source";
    for (const peer of from) {
        if (peer.ipBlock) return `ipBlock ${peer.ipBlock.cidr} admits addresses, not pods`;
        const podSel = peer.podSelector;
        const nsSel = peer.namespaceSelector;
        const empty = (s: Record<string, any> | undefined) => s !== undefined && Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
        if (nsSel !== undefined && empty(nsSel) && (podSel === undefined || empty(podSel))) return "an empty namespaceSelector admits every namespace";
        if (nsSel === undefined && podSel !== undefined && empty(podSel)) return "an empty podSelector admits every pod of the namespace";
    }
    return undefined;
}

function describePeers(rule: Record<string, any>): string {
    return (rule.from ?? [])
        .map((p: Record<string, any>) => [p.namespaceSelector ? `ns ${JSON.stringify(p.namespaceSelector.matchLabels ?? {})}` : "", p.podSelector ? `pods ${JSON.stringify(p.podSelector.matchLabels ?? {})}` : ""].filter(Boolean).join(" "))
        .join(" | ");
}

/** Postgres reachable only from the FHIR pods, the CNPG operator and the cluster's own instances. */
export const databaseNetworkPolicy: Rule = {
    id: "database-network-policy",
    item: "security",
    severity: "mandatory",
    description: "Every PostgreSQL cluster is reachable only through a NetworkPolicy that names its clients",
    check: (ctx) => {
        const policies = ofType(ctx, T.networkPolicy);
        const rendered = perCluster(cnpgClusters(ctx), "no CNPG Cluster in the plan", "the database tier must render an ingress NetworkPolicy per Cluster that admits only named peers", (c) => {
            const podLabels = { "cnpg.io/cluster": objectName(c) };
            const mine = policies.filter(
                (p) =>
                    objectNamespace(p) === objectNamespace(c) &&
                    selects(p.inputs?.spec?.podSelector?.matchLabels, podLabels) &&
                    (p.inputs?.spec?.policyTypes ?? ["Ingress"]).includes("Ingress"),
            );
            if (mine.length === 0) return { problem: "no ingress NetworkPolicy selects its pods (cnpg.io/cluster), so every pod of the cluster network reaches Postgres", found: "" };
            const rules = mine.flatMap((p) => (p.inputs?.spec?.ingress ?? []).map((r: Record<string, any>) => ({ policy: objectName(p), rule: r })));
            const open = rules.map((r) => ({ ...r, why: openPeer(r.rule) })).find((r) => r.why);
            if (open) return { problem: `NetworkPolicy ${open.policy}: ${open.why}`, found: "" };
            return { found: `NetworkPolicy ${mine.map(objectName).join(", ")} admits only ${rules.map((r) => describePeers(r.rule)).join("; ")}` };
        });
        if (!rendered.passed) return rendered;
        // A policy nobody enforces protects nothing: the cluster's network plugin must enforce it.
        const enforcement = networkPolicyEnforcement(ctx);
        if (enforcement.enforced === undefined) {
            return fail(`${rendered.evidence}; ${enforcement.evidence}. Verify that your CNI enforces NetworkPolicies (Calico, Cilium, ...)`, "advisory");
        }
        if (!enforcement.enforced) return fail(`${rendered.evidence}; but ${enforcement.evidence}. Fix: the cloud target must turn on NetworkPolicy enforcement`);
        return { ...rendered, evidence: `${rendered.evidence}; enforced by ${enforcement.evidence}` };
    },
};
