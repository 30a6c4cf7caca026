import { Rule } from "../types";
import { perFhirDeployment, replicasOf } from "./fhir-common";

export const fhirReplicas: Rule = {
    id: "fhir-replicas",
    item: "fhir-servers",
    severity: "mandatory",
    description: "At least 2 FHIR server replicas",
    check: (ctx) =>
        perFhirDeployment(ctx, "set fhir-ha:fhir.replicas to 2 or more (default: the number of zones)", (d) => {
            const n = replicasOf(d);
            return { problem: n < 2 ? `${n} replica: one pod failure takes the FHIR API down` : undefined, found: `${n} replicas` };
        }),
};
