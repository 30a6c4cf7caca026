/** Shared by the probe rules: judge one probe kind on every container of every FHIR Deployment. */
import { containers } from "../resources";
import { Rule } from "../types";
import { perFhirDeployment } from "./fhir-common";

export interface ProbeRuleSpec {
    id: string;
    description: string;
    field: "readinessProbe" | "livenessProbe" | "startupProbe";
    fix: string;
    /** A problem with this container's probe, or undefined; `found` is its evidence. */
    judge(probe: Record<string, any>, container: Record<string, any>): { problem?: string; found: string };
}

export function probeRule(spec: ProbeRuleSpec): Rule {
    return {
        id: spec.id,
        item: "fhir-servers",
        severity: "mandatory",
        description: spec.description,
        check: (ctx) =>
            perFhirDeployment(ctx, spec.fix, (d) => {
                const findings = containers(d).map((c) => {
                    const probe = c[spec.field];
                    const result = probe ? spec.judge(probe, c) : { problem: `no ${spec.field}`, found: "" };
                    return { name: c.name ?? "?", ...result };
                });
                const problems = findings.filter((f) => f.problem).map((f) => `container ${f.name}: ${f.problem}`);
                return {
                    problem: problems.length > 0 ? problems.join(", ") : undefined,
                    found: findings.map((f) => `container ${f.name}: ${f.found}`).join(", "),
                };
            }),
    };
}
