import { nodeZones } from "../node-groups";
import { ZONE_KEY } from "../resources";
import { Rule } from "../types";
import { requiredDistinctZones } from "../zone-count";
import { instancesOf, perWritableCluster } from "./cluster-common";

/**
 * Instances in distinct zones, so a zone loss costs at most one of them, and no more instances
 * than zones: with required anti-affinity the extra ones would never be scheduled.
 */
export const syncOnePerZone: Rule = {
    id: "sync-one-per-zone",
    item: "synchronous-replica",
    severity: "mandatory",
    description: "One PostgreSQL instance per zone (required anti-affinity on the zone label)",
    check: (ctx) => {
        const zones = nodeZones(ctx);
        return perWritableCluster(ctx, "keep fhir-ha:database.instances at most the number of zones (fhir-ha:zones)", (c) => {
            const n = instancesOf(c);
            const a = c.inputs?.spec?.affinity ?? {};
            if (requiredDistinctZones(c.inputs?.spec) !== n || n < 2) {
                const found = `affinity topologyKey ${a.topologyKey ?? "unset"}, podAntiAffinityType ${a.podAntiAffinityType ?? "preferred (default)"}`;
                return n < 2 ? { found: `${n} instance` } : { problem: `${found}: instances may share a zone`, found };
            }
            const found = `${n} instances, required anti-affinity on ${ZONE_KEY}${zones ? ` over ${zones.length} zones` : ""}`;
            if (zones && zones.length < n) return { problem: `${found}: ${n - zones.length} instance(s) can never be scheduled`, found };
            return { found };
        });
    },
};
