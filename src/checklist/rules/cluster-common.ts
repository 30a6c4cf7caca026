/** Shared by the database rules: run a check per CNPG Cluster of a role, fail when there is none. */
import { objectName, writableClusters } from "../resources";
import { CheckContext, CheckedResource, RuleResult } from "../types";
import { fail, judge } from "./result";

export interface ClusterFinding {
    problem?: string;
    found: string;
}

export function perCluster(
    clusters: CheckedResource[],
    none: string,
    fix: string,
    check: (c: CheckedResource) => ClusterFinding,
): RuleResult {
    if (clusters.length === 0) return fail(none);
    const findings = clusters.map((c) => ({ name: objectName(c), ...check(c) }));
    return judge(
        findings.filter((f) => f.problem).map((f) => `Cluster ${f.name}: ${f.problem}`),
        findings.map((f) => `Cluster ${f.name}: ${f.found}`),
        fix,
    );
}

/** Per writable Cluster (the primary, and the restore cluster when configured). */
export function perWritableCluster(ctx: CheckContext, fix: string, check: (c: CheckedResource) => ClusterFinding): RuleResult {
    return perCluster(writableClusters(ctx), "no writable CNPG Cluster (postgresql.cnpg.io/v1) in the plan", fix, check);
}

export function synchronousOf(c: CheckedResource): Record<string, any> | undefined {
    return c.inputs?.spec?.postgresql?.synchronous;
}

export function instancesOf(c: CheckedResource): number {
    const n = c.inputs?.spec?.instances;
    return typeof n === "number" ? n : 1;
}
