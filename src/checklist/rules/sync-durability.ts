import { Rule } from "../types";
import { perWritableCluster, synchronousOf } from "./cluster-common";

/** "preferred" silently drops to asynchronous when standbys are down: commits can then be lost. */
export const syncDurability: Rule = {
    id: "sync-durability",
    item: "synchronous-replica",
    severity: "mandatory",
    description: "Synchronous durability is required (a commit waits for a standby, never silently asynchronous)",
    check: (ctx) =>
        perWritableCluster(ctx, "the database tier must render postgresql.synchronous.dataDurability: required (fhir-ha:database.synchronousReplicas >= 1)", (c) => {
            const sync = synchronousOf(c);
            if (!sync) return { problem: "no postgresql.synchronous block", found: "" };
            // CNPG's default for dataDurability is "required".
            const durability = sync.dataDurability ?? "required";
            const found = `dataDurability ${durability}${sync.dataDurability === undefined ? " (CNPG default)" : ""}`;
            return { problem: durability !== "required" ? `${found}: commits survive only while a standby is up` : undefined, found };
        }),
};
