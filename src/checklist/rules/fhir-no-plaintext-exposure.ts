import { Rule } from "../types";
import { judge, pass } from "./result";
import { fhirExposures } from "./fhir-exposure";

/** Tokens and patient data never cross a network outside the cluster in clear text. */
export const fhirNoPlaintextExposure: Rule = {
    id: "fhir-no-plaintext-exposure",
    item: "security",
    severity: "mandatory",
    description: "The FHIR server is reachable from outside the cluster only over HTTPS: every exposure terminates TLS",
    check: (ctx) => {
        const exposures = fhirExposures(ctx);
        if (exposures.length === 0) return pass("not exposed beyond the cluster (ClusterIP Service only)");
        return judge(
            exposures.filter((e) => e.plaintext).map((e) => `${e.what}: ${e.plaintext}`),
            exposures.map((e) => e.what),
            'expose through fhir-ha:fhir.expose = "gateway" (HTTPS; a GatewayClass with an internal address keeps it private)',
        );
    },
};
