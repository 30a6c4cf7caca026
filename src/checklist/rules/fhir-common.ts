/** Shared by the FHIR server rules: run a check per FHIR Deployment, fail when there is none. */
import { fhirDeployments, objectName } from "../resources";
import { CheckContext, CheckedResource, RuleResult, Severity } from "../types";
import { fail, judge } from "./result";

export interface DeploymentFinding {
    problem?: string;
    found: string;
}

export function perFhirDeployment(ctx: CheckContext, fix: string, check: (d: CheckedResource) => DeploymentFinding, severity?: Severity): RuleResult {
    const deployments = fhirDeployments(ctx);
    if (deployments.length === 0) return fail("no FHIR server Deployment (pods labelled app.kubernetes.io/name=fhir-server) in the plan", severity);
    const findings = deployments.map((d) => ({ name: objectName(d), ...check(d) }));
    return judge(
        findings.filter((f) => f.problem).map((f) => `Deployment ${f.name}: ${f.problem}`),
        findings.map((f) => `Deployment ${f.name}: ${f.found}`),
        fix,
        severity,
    );
}

export function replicasOf(d: CheckedResource): number {
    const r = d.inputs?.spec?.replicas;
    // Kubernetes defaults an unset replica count to 1.
    return typeof r === "number" ? r : 1;
}

/** An int-or-percent field (maxUnavailable, minAvailable) as a pod count of `total`. */
export function podCount(value: unknown, total: number, round: "up" | "down"): number | undefined {
    if (typeof value === "number") return value;
    if (typeof value === "string" && /^\d+%$/.test(value)) {
        const exact = (Number(value.slice(0, -1)) / 100) * total;
        return round === "up" ? Math.ceil(exact) : Math.floor(exact);
    }
    if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
    return undefined;
}
