import { probeAction, probeTiming } from "../probes";
import { probeRule } from "./probe-rule";

/**
 * Without a startup probe, a liveness probe strict enough for the seed (20 s) kills a JVM that is
 * still starting or migrating its schema, over and over.
 */
export const fhirStartupProbe = probeRule({
    id: "fhir-startup-probe",
    description: "Every FHIR container has a startup probe, so the strict liveness probe waits for the server to start",
    field: "startupProbe",
    fix: "the FHIR tier must render a startupProbe (src/fhir/probes.ts)",
    judge(probe) {
        const t = probeTiming(probe);
        return { found: `${probeAction(probe)}, up to ${t.actsAfter}s to start` };
    },
});
