/**
 * PLACEHOLDER until the database tier lands (issue 3): the component's public shape only.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClusterTarget } from "../cloud/types";
import { FhirHaConfig } from "../config/types";

export interface FhirDatabaseArgs {
    config: FhirHaConfig;
    target: ClusterTarget;
    namespace: pulumi.Input<string>;
}

export class FhirDatabase extends pulumi.ComponentResource {
    constructor(name: string, args: FhirDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fhir-ha:database:FhirDatabase", name, {}, opts);
        void args;
        this.registerOutputs({});
    }
}
