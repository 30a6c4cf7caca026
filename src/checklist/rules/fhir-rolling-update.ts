import { Rule } from "../types";
import { perFhirDeployment, podCount, replicasOf } from "./fhir-common";

/** A rollout that starts new pods before stopping old ones never drops below the replica count. */
export const fhirRollingUpdate: Rule = {
    id: "fhir-rolling-update",
    item: "fhir-servers",
    severity: "mandatory",
    description: "Rolling updates without unavailability (maxUnavailable 0, maxSurge at least 1)",
    check: (ctx) =>
        perFhirDeployment(ctx, "the FHIR tier must render strategy RollingUpdate with maxUnavailable 0 and maxSurge 1", (d) => {
            const strategy = d.inputs?.spec?.strategy ?? {};
            const type = strategy.type ?? "RollingUpdate";
            if (type !== "RollingUpdate") return { problem: `strategy ${type} stops every pod before starting new ones`, found: "" };
            const replicas = replicasOf(d);
            // Kubernetes defaults both to 25%; maxUnavailable rounds down, maxSurge up.
            const unavailable = podCount(strategy.rollingUpdate?.maxUnavailable ?? "25%", replicas, "down");
            const surge = podCount(strategy.rollingUpdate?.maxSurge ?? "25%", replicas, "up");
            const found = `RollingUpdate, maxUnavailable ${strategy.rollingUpdate?.maxUnavailable ?? "25% (default)"}, maxSurge ${strategy.rollingUpdate?.maxSurge ?? "25% (default)"}`;
            if (unavailable === undefined || unavailable > 0) return { problem: `${found}: a rollout takes serving pods away first`, found };
            if (surge === undefined || surge < 1) return { problem: `${found}: no surge pod, the rollout cannot progress`, found };
            return { found };
        }),
};
