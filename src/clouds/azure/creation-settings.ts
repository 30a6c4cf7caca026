/**
 * Settings Azure fixes when a resource is created. The program never sends a change of them
 * (they are in `ignoreChanges`), so without these checks an edit would be silently ignored; with
 * them it is refused, naming the key and the procedure, on the first `pulumi preview`/`up` that
 * can see the deployed value: the cluster's read live from Azure (live-cluster.ts, so a pool
 * replaced by hand is seen without a refresh), the container's from its state. Pure functions;
 * cluster.ts and backup-storage.ts gate the dependent resources on them, so nothing further is changed.
 *
 * - The AKS system pool (inline in the cluster): its VM size and zones.
 * - Private cluster mode (see aks.ts `apiServerAccess`).
 * - Version-level immutability of the backup container: set at creation; an existing container
 *   must be migrated, which Azure does only from a container-level policy (REST API "Blob
 *   Containers - Object Level Worm": a container-level policy, account versioning, no legal hold;
 *   learn.microsoft.com/rest/api/storagerp/blob-containers/object-level-worm). A legacy
 *   container-level WORM policy on a container without it would block Barman's rewrites of
 *   `backup.info`, so the policy is only created once the container has it.
 */
import { SYSTEM_POOL_NAME } from "./node-pools";

export interface PoolProfile {
    name?: string;
    vmSize?: string;
    availabilityZones?: string[];
}

export function systemPoolProblems(desired: { vmSize: string; zones: string[] }, deployed: PoolProfile[] | undefined, clusterName: string): string[] {
    const pool = (deployed ?? []).find((p) => p.name === SYSTEM_POOL_NAME);
    if (!pool) return [];
    const sameSize = (pool.vmSize ?? "").toLowerCase() === desired.vmSize.toLowerCase();
    const zones = [...(pool.availabilityZones ?? [])].sort();
    const sameZones = JSON.stringify(zones) === JSON.stringify([...desired.zones].sort());
    if (sameSize && sameZones) return [];
    const what = [
        sameSize ? undefined : `VM size ${pool.vmSize} → ${desired.vmSize} (fhir-ha:azure.systemNodeSize, or fhir-ha:cluster.nodeSize when that is empty)`,
        sameZones ? undefined : `zones ${zones.join(",")} → ${desired.zones.join(",")} (fhir-ha:zones)`,
    ].filter(Boolean);
    return [
        `AKS system pool "${SYSTEM_POOL_NAME}" of ${clusterName}: ${what.join("; ")}. AKS cannot change this pool in place and the ` +
            `stack does not replace it. Either keep the deployed value (e.g. set fhir-ha:azure.systemNodeSize to "${pool.vmSize}"), ` +
            `or replace the pool by hand and run \`pulumi up\` again: az aks nodepool add --mode System --name systemtmp ...; ` +
            `az aks nodepool delete --name ${SYSTEM_POOL_NAME}; az aks nodepool add --mode System --name ${SYSTEM_POOL_NAME} ` +
            `--node-vm-size <size> --zones <zones> --node-taints CriticalAddonsOnly=true:NoSchedule --enable-cluster-autoscaler ...; ` +
            `az aks nodepool delete --name systemtmp (docs/clouds/azure.md, "Changing the system pool")`,
    ];
}

export function privateModeProblems(wantPrivate: boolean, deployed: { enablePrivateCluster?: boolean } | undefined, clusterName: string): string[] {
    const isPrivate = deployed?.enablePrivateCluster === true;
    if (isPrivate === wantPrivate) return [];
    return [
        `fhir-ha:cluster.apiAccess.mode = "${wantPrivate ? "private" : "public"}": ${clusterName} was created ${isPrivate ? "private" : "public"}, ` +
            `and AKS does not convert a cluster between private and public (learn.microsoft.com/azure/aks/private-clusters); ` +
            `keep the mode, or build a new stack in the other mode and move the data with the restore runbook (docs/clouds/azure.md)`,
    ];
}

export function immutabilityProblems(immutable: boolean, deployed: { enabled?: boolean } | undefined, containerName: string): string[] {
    if (!immutable || deployed?.enabled === true) return [];
    return [
        `fhir-ha:backup.immutable = true: the existing container ${containerName} has no version-level immutability, which Azure sets ` +
            `when a container is created. Azure migrates an existing container only from a container-level policy ` +
            `(REST Blob Containers - Object Level Worm), so, with no backup running (suspend the ScheduledBackups): ` +
            `az storage container immutability-policy create --account-name <account> -c ${containerName} --period <retention days>; ` +
            `az storage container-rm migrate-vlw --storage-account <account> -n ${containerName}; wait until ` +
            `\`az storage container-rm show --storage-account <account> -n ${containerName} --query immutableStorageWithVersioning\` ` +
            `reports migrationState Completed; delete that (unlocked) policy: az storage container immutability-policy delete ...; ` +
            `then \`pulumi up\`, which creates the version-level default policy. ` +
            `The stack never falls back to a container-level WORM policy: it would block Barman's rewrites of backup.info (docs/clouds/azure.md)`,
    ];
}

/** Throws one error listing every refused change; returns true otherwise (a value to gate on). */
export function refuseCreationTimeChanges(problems: string[]): true {
    if (problems.length > 0) {
        throw new Error(`fhir-ha: settings fixed at creation were changed (${problems.length}):\n  - ${problems.join("\n  - ")}`);
    }
    return true;
}
