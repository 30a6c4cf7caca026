/**
 * The node groups that run the workloads, per cloud, with their zones and whether the cloud
 * replaces a broken node by itself. Read from the resources each cloud target renders:
 * EKS managed node groups, GKE node pools, AKS agent pools. The kubernetes target brings its own
 * cluster, so there are none to read.
 */
import { ofType, refersTo } from "./resources";
import { CheckContext, CheckedResource } from "./types";

export interface NodeGroupView {
    /** How the evidence names it: `<type> <name>`. */
    label: string;
    /** Zones its nodes run in; undefined when the plan cannot tell (IDs known only after deploy). */
    zones: string[] | undefined;
    selfHealing: boolean;
    /** Why it heals (or not), as evidence. */
    healing: string;
}

export const NODE_GROUP_TYPES = {
    aws: "aws:eks/nodeGroup:NodeGroup",
    awsSubnet: "aws:ec2/subnet:Subnet",
    gcp: "gcp:container/nodePool:NodePool",
    gcpCluster: "gcp:container/cluster:Cluster",
    azurePool: "azure-native:containerservice:AgentPool",
    azureCluster: "azure-native:containerservice:ManagedCluster",
} as const;

/**
 * A subnet by the ID a node group holds. A real preview reports the subnet's `id`; the offline
 * plan's mocks give every resource the ID `<name>-id` (src/plan/mock-runtime.ts).
 */
function subnetZone(subnets: CheckedResource[], id: unknown): string | undefined {
    // An ID unknown until deploy matches only the subnet the plan resolved it to.
    const subnet = subnets.find((s) => refersTo(id, s));
    const zone = subnet?.inputs?.availabilityZone;
    return typeof zone === "string" ? zone : undefined;
}

function awsGroups(ctx: CheckContext): NodeGroupView[] {
    const subnets = ofType(ctx, NODE_GROUP_TYPES.awsSubnet);
    return ofType(ctx, NODE_GROUP_TYPES.aws).map((g) => {
        const ids: unknown[] = Array.isArray(g.inputs?.subnetIds) ? g.inputs.subnetIds : [];
        const zones = ids.map((id) => subnetZone(subnets, id));
        const repair = g.inputs?.nodeRepairConfig?.enabled === true;
        return {
            label: `EKS node group ${g.name}`,
            zones: ids.length > 0 && zones.every((z) => z !== undefined) ? (zones as string[]) : undefined,
            selfHealing: repair,
            healing: repair ? "nodeRepairConfig.enabled" : "nodeRepairConfig.enabled is not true (EKS node auto repair off)",
        };
    });
}

function gcpGroups(ctx: CheckContext): NodeGroupView[] {
    const clusters = ofType(ctx, NODE_GROUP_TYPES.gcpCluster);
    return ofType(ctx, NODE_GROUP_TYPES.gcp).map((p) => {
        const ref = p.inputs?.cluster;
        const cluster = clusters.find((c) => refersTo(ref, c) || (typeof ref === "string" && ref === c.inputs?.name));
        const locations = p.inputs?.nodeLocations ?? cluster?.inputs?.nodeLocations;
        const location = p.inputs?.location ?? cluster?.inputs?.location;
        // A zonal pool (location like europe-west4-a) without nodeLocations runs in that zone only.
        const zones = Array.isArray(locations) && locations.length > 0 ? locations : typeof location === "string" && /-[a-z]$/.test(location) ? [location] : undefined;
        const autoRepair = p.inputs?.management?.autoRepair;
        return {
            label: `GKE node pool ${p.name}`,
            zones,
            selfHealing: autoRepair !== false,
            healing: autoRepair === true ? "management.autoRepair" : autoRepair === false ? "management.autoRepair is false" : "management.autoRepair (GKE default on)",
        };
    });
}

const AKS_REPAIR = "AKS node auto-repair (always on for scale-set pools)";

function tainted(profile: Record<string, any>): boolean {
    return Array.isArray(profile.nodeTaints) && profile.nodeTaints.some((t: unknown) => typeof t === "string" && t.endsWith(":NoSchedule"));
}

function azureGroups(ctx: CheckContext): NodeGroupView[] {
    const view = (label: string, p: Record<string, any>): NodeGroupView => {
        const scaleSet = (p.type ?? "VirtualMachineScaleSets") === "VirtualMachineScaleSets";
        return {
            label,
            zones: Array.isArray(p.availabilityZones) && p.availabilityZones.length > 0 ? p.availabilityZones.map(String) : [],
            selfHealing: scaleSet,
            healing: scaleSet ? AKS_REPAIR : `type ${p.type} is not a scale set`,
        };
    };
    // A system pool tainted CriticalAddonsOnly runs no FHIR or database pods: it does not count.
    const inline = ofType(ctx, NODE_GROUP_TYPES.azureCluster).flatMap((c) =>
        (Array.isArray(c.inputs?.agentPoolProfiles) ? c.inputs.agentPoolProfiles : [])
            .filter((p: Record<string, any>) => !tainted(p))
            .map((p: Record<string, any>) => view(`AKS pool ${p.name} of ${c.name}`, p)),
    );
    const pools = ofType(ctx, NODE_GROUP_TYPES.azurePool)
        .filter((p) => !tainted(p.inputs ?? {}))
        .map((p) => view(`AKS agent pool ${p.name}`, p.inputs ?? {}));
    return [...inline, ...pools];
}

/** The node groups that can run the FHIR server and the database, for the stack's cloud. */
export function workloadNodeGroups(ctx: CheckContext): NodeGroupView[] {
    switch (ctx.cloud) {
        case "aws":
            return awsGroups(ctx);
        case "gcp":
            return gcpGroups(ctx);
        case "azure":
            return azureGroups(ctx);
        default:
            return [];
    }
}

/** Distinct zones across the node groups, or undefined when any group's zones are unknown. */
export function nodeZones(ctx: CheckContext): string[] | undefined {
    const groups = workloadNodeGroups(ctx);
    if (groups.length === 0 || groups.some((g) => g.zones === undefined)) return undefined;
    return [...new Set(groups.flatMap((g) => g.zones as string[]))].sort();
}
