/**
 * PLACEHOLDER until the FHIR tier lands: the component's public shape only.
 */
import * as pulumi from "@pulumi/pulumi";
import { FhirConfig } from "../config/types";

export interface FhirDatabaseConnection {
    /** Secret CNPG generated for the app user (keys username, password, ...). */
    secretName: string;
    /** Read-write service of the active cluster. */
    host: string;
    dbname: string;
}

export interface FhirServerArgs {
    namespace: pulumi.Input<string>;
    fhir: FhirConfig;
    /** Zones to spread over (topology spread; replicas default to this). */
    zoneCount: number;
    database: FhirDatabaseConnection;
    /** Aidbox license (secret). */
    aidboxLicense?: pulumi.Input<string>;
}

export class FhirServer extends pulumi.ComponentResource {
    public readonly endpoint: pulumi.Output<string>;

    constructor(name: string, args: FhirServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fhir-ha:fhir:FhirServer", name, {}, opts);
        this.endpoint = pulumi.output(`http://fhir-server.${args.fhir.engine}`);
        this.registerOutputs({ endpoint: this.endpoint });
    }
}
