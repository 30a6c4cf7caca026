import { probeAction, probeTiming } from "../probes";
import { probeRule } from "./probe-rule";

/** The seed: checked every 5 s, out of traffic after 10 s. */
export const fhirReadinessProbe = probeRule({
    id: "fhir-readiness-probe",
    description: "Every FHIR container has a readiness probe, checked every 5 s or less, out of traffic within 10 s",
    field: "readinessProbe",
    fix: "the FHIR tier's readiness timing (src/fhir/probes.ts: periodSeconds 5, failureThreshold 2)",
    judge(probe) {
        const t = probeTiming(probe);
        const found = `${probeAction(probe)} every ${t.period}s, out of traffic after ${t.actsAfter}s`;
        const problem = t.period > 5 ? `checked every ${t.period}s (at most 5s)` : t.actsAfter > 10 ? `out of traffic after ${t.actsAfter}s (at most 10s)` : undefined;
        return { problem, found };
    },
});
