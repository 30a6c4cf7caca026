import { byObjectName, containers, objectNamespace, ofType, T } from "../resources";
import { Rule } from "../types";
import { perFhirDeployment } from "./fhir-common";

const ALLOWED_SECCOMP = ["RuntimeDefault", "Localhost"];

/** The Pod Security "restricted" profile's requirements that a Deployment spec shows. */
function restrictedViolations(pod: Record<string, any>): string[] {
    const out: string[] = [];
    const podSc = pod.securityContext ?? {};
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) out.push("shares host namespaces");
    for (const v of pod.volumes ?? []) if (v.hostPath) out.push(`hostPath volume ${v.name}`);
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
        const sc = c.securityContext ?? {};
        const name = `container ${c.name}`;
        if (sc.privileged) out.push(`${name} is privileged`);
        if (sc.allowPrivilegeEscalation !== false) out.push(`${name} allows privilege escalation`);
        if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) out.push(`${name} may run as root`);
        if ((sc.runAsUser ?? podSc.runAsUser) === 0) out.push(`${name} runs as UID 0`);
        const drop: string[] = sc.capabilities?.drop ?? [];
        if (!drop.includes("ALL")) out.push(`${name} does not drop ALL capabilities`);
        const add: string[] = (sc.capabilities?.add ?? []).filter((a: string) => a !== "NET_BIND_SERVICE");
        if (add.length > 0) out.push(`${name} adds ${add.join(", ")}`);
        const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
        if (!ALLOWED_SECCOMP.includes(seccomp)) out.push(`${name} seccomp ${seccomp ?? "unset"}`);
    }
    return out;
}

export const fhirRestrictedPods: Rule = {
    id: "fhir-restricted-pods",
    item: "security",
    severity: "mandatory",
    description: "FHIR server pods meet the Pod Security restricted profile",
    check: (ctx) => {
        const namespaces = ofType(ctx, T.namespace);
        return perFhirDeployment(ctx, "the FHIR tier's security context (src/fhir/security.ts) must meet the restricted profile", (d) => {
            const problems = restrictedViolations(d.inputs?.spec?.template?.spec ?? {});
            const ns = byObjectName(namespaces, objectNamespace(d));
            const enforced = ns?.inputs?.metadata?.labels?.["pod-security.kubernetes.io/enforce"];
            const found = `${containers(d).length} container(s) non-root, no privilege escalation, ALL capabilities dropped, seccomp set${enforced ? `; namespace ${objectNamespace(d)} enforces ${enforced}` : ""}`;
            return { problem: problems.length > 0 ? problems.join(", ") : undefined, found };
        });
    },
};
