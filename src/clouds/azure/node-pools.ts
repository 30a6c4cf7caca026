/**
 * Node pools. The system pool (CoreDNS, CSI drivers, metrics) spans every zone and is tainted so
 * only critical add-ons run there. Workloads get one user pool PER ZONE: Postgres volumes are
 * zonal Azure disks, and the cluster autoscaler can only add a node in the zone a pending pod's
 * disk lives in when that zone has its own pool (a pool spanning zones scales wherever it likes).
 */
import * as pulumi from "@pulumi/pulumi";
import type { containerservice } from "@pulumi/azure-native/types/input";
import { ClusterConfig } from "../../config/types";

export const SYSTEM_POOL_NAME = "system";

/** The system pool autoscales from one to this many nodes per zone. */
export const SYSTEM_POOL_MAX_PER_ZONE = 2;

/** Extra nodes each pool adds while it is upgraded (`upgradeSettings.maxSurge`). */
export const UPGRADE_SURGE_NODES = 1;

/** Label on every workload node, for node selectors that must avoid the system pool. */
export const WORKLOAD_NODE_LABEL = { "fhir-ha.io/pool": "workload" };

export interface UserPoolSpec {
    /** AKS pool name: lowercase alphanumeric, at most 12 characters. */
    poolName: string;
    zone: string;
    minCount: number;
    maxCount: number;
}

/** One autoscaling user pool per zone, `nodesPerZone`..`maxNodesPerZone` nodes each. */
export function userPoolSpecs(zones: string[], cluster: ClusterConfig): UserPoolSpec[] {
    return zones.map((zone) => ({
        poolName: `user${zone}`,
        zone,
        minCount: cluster.nodesPerZone,
        maxCount: cluster.maxNodesPerZone,
    }));
}

/** Upgrade channels under which AKS itself moves the cluster and its pools to newer minor versions. */
export const MINOR_UPGRADING_CHANNELS = ["stable", "rapid"];

/**
 * The Kubernetes version a user pool asks for. A value read from the cluster's state
 * (`currentKubernetesVersion`) goes stale as soon as AKS upgrades the cluster itself, and the next
 * pool change would then ask for a downgrade; so the pools never send one:
 * - under `stable`/`rapid` AKS moves the minor of the control plane and every pool itself
 *   (learn.microsoft.com/azure/aks/auto-upgrade-cluster): the pools send nothing, as Azure's own
 *   AKS module requires (Azure/terraform-azurerm-aks `locals.tf` `automatic_channel_upgrade_check`:
 *   under rapid/stable/node-image "the kubernetes_version and the orchestrator_version must be
 *   null"). That an agent-pool PUT without it keeps the pool's version is what that module relies on
 *   (and the managed-cluster API accepts every pool's version unspecified: Azure/ARO-HCP#662,
 *   error NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged); not verified against AKS here;
 * - under `patch` (and `node-image`, which moves no version) the pools send the pinned minor (`"1.35"`), never a patch number: "Updating the
 *   agent pool with the same <major.minor> once it has been created will not trigger an upgrade"
 *   (AKS REST API, AgentPool `orchestratorVersion`; Azure/azure-rest-api-specs#18814), so AKS's
 *   patch upgrades are never undone, and a pin bump upgrades the pools in the same `pulumi up`.
 *   With no pin, nothing.
 */
export function poolOrchestratorVersion(config: { cluster: ClusterConfig; azure: { upgradeChannel: string } }): string | undefined {
    if (MINOR_UPGRADING_CHANNELS.includes(config.azure.upgradeChannel)) return undefined;
    return config.cluster.kubernetesVersion || undefined;
}

/** The system pool's VM size: `fhir-ha:azure.systemNodeSize`, or the workload size when empty. */
export function systemNodeSize(config: { azure: { systemNodeSize: string }; cluster: ClusterConfig }): string {
    return config.azure.systemNodeSize || config.cluster.nodeSize;
}

/**
 * The system pool, declared inline because AKS cannot create a cluster without one (and
 * azure-native refuses to create an AgentPool that already exists, so it cannot be adopted by a
 * separate resource later). One node per zone keeps the add-ons up through a zone outage; the
 * autoscaler may double that. Read at creation only: creation-settings.ts refuses later changes
 * of its size or zones with the procedure.
 */
export function systemPoolProfile(
    zones: string[],
    vmSize: string,
    subnetId: pulumi.Input<string>,
): containerservice.ManagedClusterAgentPoolProfileArgs {
    return {
        name: SYSTEM_POOL_NAME,
        mode: "System",
        type: "VirtualMachineScaleSets",
        vmSize,
        availabilityZones: zones,
        enableAutoScaling: true,
        count: zones.length,
        minCount: zones.length,
        maxCount: zones.length * SYSTEM_POOL_MAX_PER_ZONE,
        osType: "Linux",
        vnetSubnetID: subnetId,
        nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"],
        upgradeSettings: { maxSurge: String(UPGRADE_SURGE_NODES) },
    };
}

/**
 * Under a channel where the stack owns the minor (`patch`, `node-image`), a pin bump reaches the
 * control plane and the user pools, but the inline system pool is reported to stay behind
 * (Azure/terraform-azurerm-aks#301: the default node pool is not upgraded with the cluster under
 * `patch`). A warning with the command, not a refusal: right after the bump, in the same run,
 * the pool lags by design until upgraded. `deployed` is the live pool list (live-cluster.ts).
 */
export function systemPoolLag(
    config: { cluster: ClusterConfig; azure: { upgradeChannel: string } },
    deployed: { name?: string; currentOrchestratorVersion?: string }[] | undefined,
    resourceGroup: string,
    clusterName: string,
): string | undefined {
    const pin = config.cluster.kubernetesVersion;
    if (!pin || MINOR_UPGRADING_CHANNELS.includes(config.azure.upgradeChannel)) return undefined;
    const running = (deployed ?? []).find((p) => p.name === SYSTEM_POOL_NAME)?.currentOrchestratorVersion;
    const minor = running?.split(".").slice(0, 2).join(".");
    if (!minor || minor === pin) return undefined;
    return (
        `AKS system pool "${SYSTEM_POOL_NAME}" runs ${running}, fhir-ha:cluster.kubernetesVersion is "${pin}": AKS does not move the ` +
        `inline system pool with a pinned upgrade; run az aks nodepool upgrade -g ${resourceGroup} --cluster-name ${clusterName} ` +
        `-n ${SYSTEM_POOL_NAME} --kubernetes-version ${pin} (docs/clouds/azure.md, "Upgrades")`
    );
}
