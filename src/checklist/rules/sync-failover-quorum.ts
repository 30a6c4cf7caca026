import { Rule } from "../types";
import { perWritableCluster, synchronousOf } from "./cluster-common";

/**
 * CNPG's failover quorum promotes a standby only when it is sure to hold every synchronously
 * committed transaction; without it a partition can promote a standby that is behind.
 */
export const syncFailoverQuorum: Rule = {
    id: "sync-failover-quorum",
    item: "synchronous-replica",
    severity: "mandatory",
    description: "Quorum-based failover is on (postgresql.synchronous.failoverQuorum)",
    check: (ctx) =>
        perWritableCluster(ctx, "the database tier must render postgresql.synchronous.failoverQuorum: true (CNPG 1.28+)", (c) => {
            const sync = synchronousOf(c);
            const legacy = c.inputs?.metadata?.annotations?.["alpha.cnpg.io/failoverQuorum"] === "true";
            if (sync?.failoverQuorum === true) return { found: "failoverQuorum true" };
            if (legacy) return { found: "alpha.cnpg.io/failoverQuorum annotation" };
            return { problem: `failoverQuorum is ${sync?.failoverQuorum ?? "unset"}`, found: "" };
        }),
};
