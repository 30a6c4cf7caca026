/**
 * How many zones a stack is proven to span. Managed clouds: the distinct zones of the node groups
 * that run the workloads. The kubernetes target brings its own nodes, which the plan cannot see;
 * there the proof is what the database demands: CNPG instances with required anti-affinity on the
 * zone label cannot all run on fewer zones than there are instances.
 */
import { nodeZones, workloadNodeGroups } from "./node-groups";
import { objectName, writableClusters, ZONE_KEY } from "./resources";
import { CheckContext } from "./types";

export interface ZoneCount {
    /** Undefined when it cannot be told from the plan. */
    count: number | undefined;
    evidence: string;
    /** True when the zones depend on values a preview does not know yet (IDs of new subnets). */
    unknownUntilDeploy?: boolean;
}

/** Instances of a CNPG Cluster that must each be in their own zone (1 when not enforced). */
export function requiredDistinctZones(spec: Record<string, any> | undefined): number {
    const a = spec?.affinity ?? {};
    const enforced = a.enablePodAntiAffinity !== false && a.podAntiAffinityType === "required" && a.topologyKey === ZONE_KEY;
    return enforced && typeof spec?.instances === "number" ? spec.instances : 1;
}

export function zoneCount(ctx: CheckContext): ZoneCount {
    if (ctx.cloud === "kubernetes" || ctx.cloud === "") {
        const clusters = writableClusters(ctx).map((c) => ({ name: objectName(c), zones: requiredDistinctZones(c.inputs?.spec) }));
        const most = clusters.sort((a, b) => b.zones - a.zones)[0];
        if (!most) return { count: undefined, evidence: "no node groups and no CNPG Cluster in the plan" };
        return {
            count: most.zones,
            evidence:
                `the cluster is brought by you, its nodes are not in the plan; Cluster ${most.name} requires ${most.zones} distinct zone(s) ` +
                `(required anti-affinity on ${ZONE_KEY}), so it cannot become healthy on fewer`,
        };
    }
    const groups = workloadNodeGroups(ctx);
    const zones = nodeZones(ctx);
    if (groups.length === 0) return { count: 0, evidence: `no ${ctx.cloud} node groups in the plan` };
    if (!zones) {
        const unknown = groups.filter((g) => g.zones === undefined).map((g) => g.label);
        return { count: undefined, evidence: `zones of ${unknown.join(", ")} are known only after deploy`, unknownUntilDeploy: true };
    }
    return { count: zones.length, evidence: `${groups.length} node group(s) in ${zones.length} zone(s): ${zones.join(", ")}` };
}
