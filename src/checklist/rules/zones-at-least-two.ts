import { zoneCount } from "../zone-count";
import { Rule } from "../types";
import { fail, pass } from "./result";

/** Below two zones, losing one zone stops everything: a hard failure of the checklist. */
export const zonesAtLeastTwo: Rule = {
    id: "zones-at-least-two",
    item: "zones",
    severity: "mandatory",
    description: "Nodes for the workloads in at least 2 distinct zones",
    check(ctx) {
        const z = zoneCount(ctx);
        if (z.count !== undefined && z.count >= 2) return pass(z.evidence);
        // A first preview does not know new subnet IDs yet: advise, and enforce on the next run.
        if (z.unknownUntilDeploy) return fail(`${z.evidence}; the check runs again once they are`, "advisory");
        return fail(`${z.evidence}. Fix: set fhir-ha:zones to 3 (or a list of 3 zone names of the region)`);
    },
};
