/**
 * How many VMs (of the node size) the subscription's regional vCPU quota must allow, so an
 * upgrade or a scale-out is not the moment the quota is discovered. Counts what the stack sets:
 * the system pool's autoscaling range, each user pool's range, and the surge node each pool adds
 * while AKS upgrades it (`upgradeSettings.maxSurge`; AKS may upgrade pools of one cluster at the
 * same time, so the worst case is every pool surging at once). Source for surge:
 * learn.microsoft.com/azure/aks/upgrade-aks-cluster (max surge adds nodes during the upgrade).
 */
import { FhirHaConfig } from "../../config/types";
import { SYSTEM_POOL_MAX_PER_ZONE, UPGRADE_SURGE_NODES } from "./node-pools";

export interface PeakNodes {
    /** Right after creation: one system node and `nodesPerZone` workload nodes per zone. */
    start: number;
    /** Every pool at its autoscaling maximum. */
    autoscaled: number;
    /** At the maximum while every pool surges during an upgrade. */
    duringUpgrade: number;
}

export function peakNodes(config: FhirHaConfig): PeakNodes {
    const zones = config.zoneNames.length || config.zoneCount;
    const pools = 1 + zones; // the system pool and one user pool per zone
    const start = zones + zones * config.cluster.nodesPerZone;
    const autoscaled = zones * SYSTEM_POOL_MAX_PER_ZONE + zones * config.cluster.maxNodesPerZone;
    return { start, autoscaled, duringUpgrade: autoscaled + pools * UPGRADE_SURGE_NODES };
}
