import { delayedClusters, ownArchive, replicaSource, sourceArchive, writtenArchives } from "../delayed";
import { Rule } from "../types";
import { perCluster } from "./cluster-common";
import { notApplicable } from "./result";

/**
 * A replica cluster that archives into the archive it reads would write a second timeline into
 * the primary's archive (cloudnative-pg issue 11351): it needs its own path or no archiving.
 */
export const delayedReplicaOwnArchive: Rule = {
    id: "delayed-replica-own-archive",
    item: "delayed-replica",
    severity: "mandatory",
    description: "The delayed replica never archives into the archive it reads",
    check: (ctx) => {
        const delayed = delayedClusters(ctx);
        if (delayed.length === 0) return notApplicable("no delayed replica cluster (see delayed-replica-window)");
        const written = writtenArchives(ctx);
        return perCluster(delayed, "", "give the delayed replica its own ObjectStore and serverName (src/names.ts serverName)", (c) => {
            const own = ownArchive(ctx, c);
            const source = replicaSource(c);
            const read = source ? sourceArchive(ctx, c, source) : undefined;
            if (!own) return { found: "archives no WAL" };
            if (own === read) return { problem: `archives into ${own}, the archive it reads`, found: "" };
            const writer = written.get(own);
            if (writer) return { problem: `archives into ${own}, the archive of Cluster ${writer}`, found: "" };
            return { found: `archives to ${own}, apart from ${read ?? "its source"}` };
        });
    },
};
