/**
 * The Pulumi program of this repository (Pulumi.yaml `main`): one FhirPlatform per stack, its
 * cloud and policy chosen by `stacks/Pulumi.<stack>.yaml`.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError } from "./config/errors";
import { loadStackConfig } from "./validation/load";
import { FhirPlatform } from "./platform/fhir-platform";

function main() {
    let stack;
    try {
        stack = loadStackConfig();
    } catch (e) {
        if (e instanceof ConfigValidationError) {
            // A RunError is printed as its message alone: a config mistake needs the list, not a stack trace.
            throw new pulumi.RunError(e.message);
        }
        throw e;
    }
    const platform = new FhirPlatform("fhir", stack);
    return {
        cloud: stack.config.cloud,
        clusterName: platform.clusterName,
        kubeconfig: platform.kubeconfig,
        backupBucket: platform.backupBucket,
        replicaArchiveURL: platform.replicaArchiveURL,
        fhirEndpoint: platform.fhirEndpoint,
        databaseCluster: platform.databaseCluster,
    };
}

export = main();
