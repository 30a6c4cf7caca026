import { delayedClusters, replicaSource, sourceArchive, writtenArchives } from "../delayed";
import { isPairStandby, objectName, pairClusters, pairPrimaryOf } from "../resources";
import { CheckContext, Rule } from "../types";
import { perCluster } from "./cluster-common";
import { notApplicable } from "./result";

/**
 * Fed from the object store, never by streaming: a streaming replica holds a replication slot on
 * the primary, and 12-24 h of WAL kept for it can fill the primary's disk.
 */

/**
 * Archive path → the standby of a region pair that replays it: the other region's archive, which
 * no cluster of this plan writes (docs/database.md, "Region pair (standby)").
 */
function pairArchives(ctx: CheckContext): Map<string, string> {
    const out = new Map<string, string>();
    for (const c of pairClusters(ctx).filter(isPairStandby)) {
        const source = replicaSource(c);
        const read = source ? sourceArchive(ctx, c, source) : undefined;
        if (read) out.set(read, `${objectName(c)} (standby of ${pairPrimaryOf(c)})`);
    }
    return out;
}

export const delayedReplicaFromArchive: Rule = {
    id: "delayed-replica-from-archive",
    item: "delayed-replica",
    severity: "mandatory",
    description: "The delayed replica reads the primary's WAL archive in the object store, with no streaming connection",
    check: (ctx) => {
        const delayed = delayedClusters(ctx);
        if (delayed.length === 0) return notApplicable("no delayed replica cluster (see delayed-replica-window)");
        const written = writtenArchives(ctx);
        const replayed = pairArchives(ctx);
        return perCluster(delayed, "", "the database tier must bootstrap the delayed replica from the source's ObjectStore (externalClusters with the barman-cloud plugin, no connectionParameters)", (c) => {
            const source = replicaSource(c);
            if (!source) return { problem: `replica.source ${c.inputs?.spec?.replica?.source ?? "unset"} is not one of its externalClusters`, found: "" };
            if (source.connectionParameters) return { problem: `external cluster ${source.name} streams from ${source.connectionParameters.host ?? "a host"} (a slot on the primary)`, found: "" };
            const archive = sourceArchive(ctx, c, source);
            if (!archive) return { problem: `external cluster ${source.name} reads no Barman Cloud ObjectStore of the plan`, found: "" };
            const writer = written.get(archive);
            const standby = replayed.get(archive);
            if (!writer && standby) return { found: `reads ${archive}, the other region's archive that Cluster ${standby} replays, through external cluster ${source.name}` };
            if (!writer) return { problem: `it reads ${archive}, which no writable cluster archives to`, found: "" };
            return { found: `reads ${archive}, the archive of Cluster ${writer}, through external cluster ${source.name}` };
        });
    },
};
