import * as pulumi from "@pulumi/pulumi";
import { FhirPlatform } from "fhir-ha";

const config = new pulumi.Config();

const platform = new FhirPlatform("fhir", {
    config: {
        cloud: "aws",
        fhir: { engine: "hapi" },
        cluster: { apiAccess: { allowedCidrs: config.requireObject<string[]>("allowedCidrs") } },
    },
});

export const fhirEndpoint = platform.fhirEndpoint;
export const kubeconfig = platform.kubeconfig;
