import { Rule } from "../types";
import { instancesOf, perWritableCluster } from "./cluster-common";

export const syncInstances: Rule = {
    id: "sync-instances",
    item: "synchronous-replica",
    severity: "mandatory",
    description: "Each writable PostgreSQL cluster has at least 2 instances (a primary and a standby)",
    check: (ctx) =>
        perWritableCluster(ctx, "set fhir-ha:database.instances to 3 (one per zone)", (c) => {
            const n = instancesOf(c);
            return { problem: n < 2 ? `${n} instance: nothing to fail over to` : undefined, found: `${n} instances` };
        }),
};
