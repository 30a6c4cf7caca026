import { podLabels, selects, ZONE_KEY } from "../resources";
import { Rule } from "../types";
import { perFhirDeployment } from "./fhir-common";

/** A hard rule (DoNotSchedule or required anti-affinity): a soft preference lets all pods share a zone. */
export const fhirZoneSpread: Rule = {
    id: "fhir-zone-spread",
    item: "fhir-servers",
    severity: "mandatory",
    description: "FHIR server pods spread across zones by a hard scheduling rule",
    check: (ctx) =>
        perFhirDeployment(ctx, "the FHIR tier must render a zone topologySpreadConstraint (maxSkew 1, DoNotSchedule); set fhir-ha:zones to 2 or more", (d) => {
            const spec = d.inputs?.spec?.template?.spec ?? {};
            const labels = podLabels(d);
            const spread = (Array.isArray(spec.topologySpreadConstraints) ? spec.topologySpreadConstraints : []).find(
                (c: Record<string, any>) =>
                    c.topologyKey === ZONE_KEY && c.whenUnsatisfiable === "DoNotSchedule" && (c.maxSkew ?? 1) <= 1 && selects(c.labelSelector?.matchLabels, labels),
            );
            if (spread) return { found: `topologySpreadConstraint on ${ZONE_KEY}, maxSkew ${spread.maxSkew}, DoNotSchedule` };
            const required = spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
            const anti = (Array.isArray(required) ? required : []).find(
                (t: Record<string, any>) => t.topologyKey === ZONE_KEY && selects(t.labelSelector?.matchLabels, labels),
            );
            if (anti) return { found: `required pod anti-affinity on ${ZONE_KEY}` };
            return { problem: `no hard spread over ${ZONE_KEY} (a DoNotSchedule topologySpreadConstraint or required anti-affinity selecting its pods)`, found: "" };
        }),
};
