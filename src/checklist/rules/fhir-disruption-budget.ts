import { objectName, objectNamespace, ofType, podLabels, selects, T } from "../resources";
import { Rule } from "../types";
import { perFhirDeployment, podCount, replicasOf } from "./fhir-common";

/**
 * A budget that keeps at least one pod through voluntary disruptions (node drains, upgrades) and
 * still lets a drain proceed: one that allows no disruption blocks every node upgrade.
 */
export const fhirDisruptionBudget: Rule = {
    id: "fhir-disruption-budget",
    item: "fhir-servers",
    severity: "mandatory",
    description: "A PodDisruptionBudget keeps FHIR pods serving during drains and still lets drains finish",
    check: (ctx) =>
        perFhirDeployment(ctx, "set fhir-ha:fhir.replicas to 2 or more (the FHIR tier renders the budget, maxUnavailable 1, from 2 replicas)", (d) => {
            const replicas = replicasOf(d);
            const pdb = ofType(ctx, T.pdb).find((p) => objectNamespace(p) === objectNamespace(d) && selects(p.inputs?.spec?.selector?.matchLabels, podLabels(d)));
            if (!pdb) return { problem: "no PodDisruptionBudget selects its pods", found: "" };
            const spec = pdb.inputs?.spec ?? {};
            const maxUnavailable = spec.maxUnavailable !== undefined ? podCount(spec.maxUnavailable, replicas, "up") : undefined;
            const minAvailable = spec.minAvailable !== undefined ? podCount(spec.minAvailable, replicas, "up") : undefined;
            const allowed = maxUnavailable ?? (minAvailable !== undefined ? replicas - minAvailable : undefined);
            const what = `PodDisruptionBudget ${objectName(pdb)} (${spec.maxUnavailable !== undefined ? `maxUnavailable ${spec.maxUnavailable}` : `minAvailable ${spec.minAvailable}`}) of ${replicas} replicas`;
            if (allowed === undefined) return { problem: `${what}: neither maxUnavailable nor minAvailable can be read`, found: "" };
            if (allowed >= replicas) return { problem: `${what}: allows every pod to be evicted at once`, found: "" };
            if (allowed < 1) return { problem: `${what}: allows no eviction, so node drains and upgrades block`, found: "" };
            return { found: `${what}: ${allowed} may be evicted at a time` };
        }),
};
