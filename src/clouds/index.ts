/**
 * Lazy loading of the cloud implementations: only the chosen cloud's module (and so its
 * provider SDK) is ever required. Importing the package root loads none of them.
 */
import { CloudClusterConstructor } from "../cloud/types";

export async function loadCloud(cloud: string): Promise<CloudClusterConstructor> {
    switch (cloud) {
        case "kubernetes":
            return (await import("./kubernetes")).KubernetesTarget;
        case "aws":
            return (await import("./aws")).AwsCluster;
        case "gcp":
            return (await import("./gcp")).GcpCluster;
        case "azure":
            return (await import("./azure")).AzureCluster;
        default:
            throw new Error(`fhir-ha:cloud = ${JSON.stringify(cloud)}: must be one of aws | gcp | azure | kubernetes`);
    }
}
