import { probeAction, probeTiming } from "../probes";
import { probeRule } from "./probe-rule";

/** The seed: checked every 5 s, restarted after 20 s. */
export const fhirLivenessProbe = probeRule({
    id: "fhir-liveness-probe",
    description: "Every FHIR container has a liveness probe, checked every 5 s or less, restarted within 20 s",
    field: "livenessProbe",
    fix: "the FHIR tier's liveness timing (src/fhir/probes.ts: periodSeconds 5, failureThreshold 4)",
    judge(probe) {
        const t = probeTiming(probe);
        const found = `${probeAction(probe)} every ${t.period}s, restarted after ${t.actsAfter}s`;
        const problem = t.period > 5 ? `checked every ${t.period}s (at most 5s)` : t.actsAfter > 20 ? `restarted after ${t.actsAfter}s (at most 20s)` : undefined;
        return { problem, found };
    },
});
