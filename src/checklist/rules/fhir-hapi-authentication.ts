import { UNAUTHENTICATED_EXPOSURE_ANNOTATION } from "../../names";
import { containers, fhirDeployments, objectName } from "../resources";
import { Rule } from "../types";
import { fail, notApplicable, pass } from "./result";
import { fhirExposures } from "./fhir-exposure";


const isHapi = (image: unknown) => /(^|\/)hapi(:|@|$)|hapi-fhir/.test(String(image ?? ""));

/** HAPI FHIR has no authentication of its own: exposing it beyond the cluster needs one in front. */
export const fhirHapiAuthentication: Rule = {
    id: "fhir-hapi-authentication",
    item: "security",
    severity: "mandatory",
    description: "HAPI FHIR, which authenticates nobody, is not exposed beyond the cluster unless an authentication layer is declared in front of it",
    check: (ctx) => {
        const hapi = fhirDeployments(ctx).filter((d) => containers(d).some((c) => isHapi(c.image)));
        if (hapi.length === 0) return notApplicable("no HAPI FHIR Deployment in the plan");
        const exposures = fhirExposures(ctx);
        if (exposures.length === 0) return pass(`Deployment ${hapi.map(objectName).join(", ")}: reachable inside the cluster only (NetworkPolicy-limited)`);
        const waived = hapi.filter((d) => d.inputs?.metadata?.annotations?.[UNAUTHENTICATED_EXPOSURE_ANNOTATION] === "accepted");
        const where = exposures.map((e) => e.what).join(", ");
        if (waived.length === hapi.length) {
            return fail(
                `HAPI exposed through ${where} with fhir-ha:fhir.hapi.allowUnauthenticated = true: the authentication in front of it is outside this plan and cannot be checked`,
                "advisory",
            );
        }
        return fail(`HAPI exposed through ${where} with no authentication. Fix: keep fhir-ha:fhir.expose = "clusterIP" behind an authenticating proxy, or declare one with fhir-ha:fhir.hapi.allowUnauthenticated`);
    },
};
