/** PLACEHOLDER until the azure implementation lands. */
import * as pulumi from "@pulumi/pulumi";
import { CloudClusterArgs, ClusterTarget } from "../../cloud/types";
import { FhirHaConfig } from "../../config/types";

export declare class AzureCluster extends pulumi.ComponentResource implements ClusterTarget {
    constructor(name: string, args: CloudClusterArgs, opts?: pulumi.ComponentResourceOptions);
    provider: ClusterTarget["provider"];
    zones: ClusterTarget["zones"];
    storageClassName: ClusterTarget["storageClassName"];
    volumeSnapshotClassName?: ClusterTarget["volumeSnapshotClassName"];
    backupStore: ClusterTarget["backupStore"];
    clusterReady: ClusterTarget["clusterReady"];
    clusterName: ClusterTarget["clusterName"];
    kubeconfig?: ClusterTarget["kubeconfig"];
    backupBucket: ClusterTarget["backupBucket"];
}

export declare function resolveZones(config: FhirHaConfig): Promise<string[]>;
export { AzureCluster as Cluster };
