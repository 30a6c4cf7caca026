import { UNAUTHENTICATED_EXPOSURE_ANNOTATION } from "../../names";
import { containers, fhirDeployments, objectName, podLabels } from "../resources";
import { CheckedResource, Rule } from "../types";
import { fail, notApplicable, pass } from "./result";
import { fhirExposures } from "./fhir-exposure";

/**
 * A HAPI FHIR Deployment: its image, or the component label the package puts on HAPI pods
 * (names.ts fhirPodLabels), so a mirrored or renamed image is still recognised.
 */
function isHapi(d: CheckedResource): boolean {
    if (podLabels(d)["app.kubernetes.io/component"] === "hapi") return true;
    return containers(d).some((c) => /(^|\/)hapi(:|@|$)|hapi-fhir/.test(String(c.image ?? "")));
}

/** HAPI FHIR has no authentication of its own: exposing it beyond the cluster needs one in front. */
export const fhirHapiAuthentication: Rule = {
    id: "fhir-hapi-authentication",
    item: "security",
    severity: "mandatory",
    description: "HAPI FHIR, which authenticates nobody, is not exposed beyond the cluster unless an authentication layer is declared in front of it",
    check: (ctx) => {
        const hapi = fhirDeployments(ctx).filter(isHapi);
        if (hapi.length === 0) return notApplicable("no HAPI FHIR Deployment in the plan");
        const exposures = fhirExposures(ctx);
        if (exposures.length === 0) return pass(`Deployment ${hapi.map(objectName).join(", ")}: reachable inside the cluster only (NetworkPolicy-limited)`);
        // An authentication filter on every route in the plan is checkable: nothing else is.
        if (exposures.every((e) => e.authFilter)) {
            return pass(`HAPI exposed only through ${exposures.map((e) => `${e.what} with filter ${e.authFilter}`).join(", ")}`);
        }
        const unfiltered = exposures.filter((e) => !e.authFilter);
        const waived = hapi.filter((d) => d.inputs?.metadata?.annotations?.[UNAUTHENTICATED_EXPOSURE_ANNOTATION] === "accepted");
        const where = unfiltered.map((e) => e.what).join(", ");
        if (waived.length === hapi.length) {
            return fail(
                `HAPI exposed through ${where} with fhir-ha:fhir.hapi.allowUnauthenticated = true: the authentication in front of it is outside this plan and cannot be checked. ` +
                    `Fix: attach it to the route with fhir-ha:fhir.gateway.authFilter, or verify the policy that targets HTTPRoute fhir-server`,
                "advisory",
            );
        }
        return fail(
            `HAPI exposed through ${where} with no authentication. Fix: keep fhir-ha:fhir.expose = "clusterIP" behind an authenticating proxy, ` +
                `attach one to the gateway route with fhir-ha:fhir.gateway.authFilter, or declare one with fhir-ha:fhir.hapi.allowUnauthenticated`,
        );
    },
};
