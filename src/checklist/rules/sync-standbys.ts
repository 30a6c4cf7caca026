import { Rule } from "../types";
import { instancesOf, perWritableCluster, synchronousOf } from "./cluster-common";

/**
 * At least one standby confirms every commit, and no more than there are standbys: with
 * durability required, asking for more than exist blocks every write.
 */
export const syncStandbys: Rule = {
    id: "sync-standbys",
    item: "synchronous-replica",
    severity: "mandatory",
    description: "Synchronous replication with at least 1 and at most instances-1 standbys confirming each commit",
    check: (ctx) =>
        perWritableCluster(ctx, "set fhir-ha:database.synchronousReplicas to 1 (at most fhir-ha:database.instances - 1)", (c) => {
            const sync = synchronousOf(c);
            const legacy = c.inputs?.spec?.minSyncReplicas;
            const number = typeof sync?.number === "number" ? sync.number : typeof legacy === "number" ? legacy : 0;
            const standbys = instancesOf(c) - 1;
            const found = sync ? `postgresql.synchronous method ${sync.method ?? "?"}, number ${number} of ${standbys} standby(s)` : `minSyncReplicas ${number}`;
            if (number < 1) return { problem: "no synchronous standby: a failover can lose committed transactions", found };
            if (number > standbys) return { problem: `${found}: more than there are standbys, writes would block`, found };
            return { found };
        }),
};
