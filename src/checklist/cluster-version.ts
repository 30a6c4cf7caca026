/**
 * The Kubernetes version a stack pins, read from its cloud's cluster resource: EKS `version`, GKE
 * `minMasterVersion`, AKS `kubernetesVersion`. Absent = the stack follows the cloud's default
 * (`fhir-ha:cluster.kubernetesVersion: ""`). Only the minor version is compared with calendars.
 */
import { ofType } from "./resources";
import { CheckContext } from "./types";

export const CLUSTER_VERSION_INPUTS: Record<string, { type: string; input: string }> = {
    aws: { type: "aws:eks/cluster:Cluster", input: "version" },
    gcp: { type: "gcp:container/cluster:Cluster", input: "minMasterVersion" },
    azure: { type: "azure-native:containerservice:ManagedCluster", input: "kubernetesVersion" },
};

export interface PinnedVersion {
    /** The cluster resource's name, for evidence. */
    cluster: string;
    /** Minor version ("1.34"), or "" when the stack follows the cloud's default. */
    minor: string;
}

/** The cluster resources of the stack's cloud with their pinned minor versions; undefined when the cloud creates none. */
export function pinnedVersions(ctx: CheckContext): PinnedVersion[] | undefined {
    const where = CLUSTER_VERSION_INPUTS[ctx.cloud];
    if (!where) return undefined;
    return ofType(ctx, where.type).map((c) => {
        const v = c.inputs?.[where.input];
        const m = typeof v === "string" ? /^(1\.\d{1,2})(\.|$|-)/.exec(v) : null;
        return { cluster: c.name, minor: m ? m[1] : "" };
    });
}
