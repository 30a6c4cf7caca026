/**
 * Lazy loading of the cloud implementations: only the chosen cloud's module (and so its
 * provider SDK) is ever required. Importing the package root loads none of them.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloudClusterConstructor } from "./types";
import { FhirHaConfig } from "../config/types";

/** What each cloud folder's index exports. */
export interface CloudModule {
    /** The component that builds (or adopts) the cluster and the backup store. */
    Cluster: CloudClusterConstructor;
    /**
     * The zone names to use: explicit `fhir-ha:zones` checked against the region (throws
     * ConfigValidationError naming `fhir-ha:zones`), or `zoneCount` zones the region offers.
     * Runs before any of the cloud's resources is registered; `parent` is the component the
     * cloud's cluster is built under (its providers apply to the cloud's lookups too).
     */
    resolveZones(config: FhirHaConfig, opts?: { parent?: pulumi.Resource }): Promise<string[]>;
}

export async function loadCloud(cloud: string): Promise<CloudModule> {
    switch (cloud) {
        case "kubernetes":
            return import("./kubernetes");
        case "aws":
            return import("./aws");
        case "gcp":
            return import("./gcp");
        case "azure":
            return import("./azure");
        default:
            throw new Error(`fhir-ha:cloud = ${JSON.stringify(cloud)}: must be one of aws | gcp | azure | kubernetes`);
    }
}
