/**
 * A region pair replays the other region's archive, never its own, and its own archive is
 * replicated to the other region (docs/database.md, "Region pair (standby)"): a standby that read
 * its own store would replay nothing of the primary, and a promoted cluster whose archive stays in
 * its region leaves the returning side nothing to replay.
 */
import { ownArchive, replicaSource, sourceArchive } from "../delayed";
import { isPairStandby, pairClusters, pairPrimaryOf } from "../resources";
import { Rule } from "../types";
import { backupReplicated } from "./backup-replicated";
import { perCluster } from "./cluster-common";
import { notApplicable } from "./result";

/** `s3://bucket` of `s3://bucket/prefix/...` (the store an archive path is in). */
function storeOf(path: string): string {
    const m = /^([a-z0-9]+:\/\/[^/]+)/.exec(path);
    return m ? m[1] : path;
}

export const standbyReplaysReplicatedArchive: Rule = {
    id: "standby-replays-replicated-archive",
    item: "recovery-strategy",
    severity: "mandatory",
    description: "A region pair's cluster replays the other region's replicated archive, and its own archive is replicated there",
    check(ctx) {
        const pair = pairClusters(ctx);
        if (pair.length === 0) return notApplicable("not part of a region pair (fhir-ha:database.standbyOf.cluster is empty)");
        const replicated = backupReplicated.check(ctx);
        return perCluster(pair, "", "set fhir-ha:database.standbyOf.archiveURL to the other cluster's archive as replicated into this region, and fhir-ha:backup.replica.region to the other region", (c) => {
            const role = isPairStandby(c) ? `standby of ${pairPrimaryOf(c)}` : "primary of the pair";
            const source = replicaSource(c);
            const read = source ? sourceArchive(ctx, c, source) : undefined;
            const own = ownArchive(ctx, c);
            if (!read) return { problem: `replica.source ${c.inputs?.spec?.replica?.source ?? "unset"} reads no Barman Cloud ObjectStore of the plan`, found: "" };
            if (!own) return { problem: "archives no WAL of its own", found: "" };
            if (storeOf(read) === storeOf(own)) return { problem: `reads ${read} from its own store ${storeOf(own)}: not the other region's replicated archive`, found: "" };
            if (!replicated.passed) return { problem: `its own archive ${own} is not replicated to the other region (${replicated.evidence})`, found: "" };
            return { found: `${role}: replays ${read}, archives to ${own}; ${replicated.evidence}` };
        });
    },
};
