import { zoneCount } from "../zone-count";
import { Rule } from "../types";
import { fail, pass } from "./result";

/**
 * Three zones keep a majority after a zone loss (etcd, CNPG's failover quorum, the PDB). Two
 * zones still survive a zone outage for stateless pods, so falling short is advisory only.
 */
export const zonesThree: Rule = {
    id: "zones-three",
    item: "zones",
    severity: "advisory",
    description: "Nodes for the workloads in at least 3 distinct zones",
    check(ctx) {
        const z = zoneCount(ctx);
        if (z.count !== undefined && z.count >= 3) return pass(z.evidence);
        return fail(`${z.evidence}; 3 zones keep a quorum after losing one. Fix: set fhir-ha:zones to 3`);
    },
};
