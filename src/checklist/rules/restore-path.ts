import { ownArchive, sourceArchive, writtenArchives } from "../delayed";
import { activeClusters, objectName, pairPrimaryOf, writableClusters } from "../resources";
import { Rule } from "../types";
import { perCluster } from "./cluster-common";
import { notApplicable } from "./result";

const RFC3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A point-in-time restore that is configured right: it reads an archive of the plan, writes its
 * own archive elsewhere (never into the one it restores from), has a readable target time, and
 * the FHIR server has been switched to it.
 */
export const restorePath: Rule = {
    id: "restore-path",
    item: "recovery-strategy",
    severity: "mandatory",
    description: "A configured restore reads an existing archive, archives elsewhere and serves the FHIR server",
    check(ctx) {
        // A region pair's cluster bootstrapped from the other region is not a restore
        // (rule standby-replays-replicated-archive).
        const restores = writableClusters(ctx).filter((c) => c.inputs?.spec?.bootstrap?.recovery && !pairPrimaryOf(c));
        if (restores.length === 0) {
            return notApplicable("no restore configured (fhir-ha:database.restore.enabled is false); the procedure is docs/runbooks/point-in-time-restore.md");
        }
        const active = new Set(activeClusters(ctx).map(objectName));
        const written = writtenArchives(ctx);
        return perCluster(restores, "", "check fhir-ha:database.restore.sourceCluster, .clusterName and .targetTime (RFC 3339)", (c) => {
            const recovery = c.inputs.spec.bootstrap.recovery;
            const externals = c.inputs?.spec?.externalClusters ?? [];
            const source = externals.find((e: Record<string, any>) => e?.name === recovery.source);
            if (!source) return { problem: `bootstrap.recovery.source ${recovery.source ?? "unset"} is not one of its externalClusters`, found: "" };
            const read = sourceArchive(ctx, c, source);
            if (!read) return { problem: `external cluster ${source.name} reads no Barman Cloud ObjectStore of the plan`, found: "" };
            const own = ownArchive(ctx, c);
            if (own === read) return { problem: `archives into ${own}, the archive it restores from`, found: "" };
            const other = own ? written.get(own) : undefined;
            if (other && other !== objectName(c)) return { problem: `archives into ${own}, the archive of Cluster ${other}`, found: "" };
            const target = recovery.recoveryTarget?.targetTime;
            if (target !== undefined && !(RFC3339.test(String(target)) && !Number.isNaN(Date.parse(String(target))))) {
                return { problem: `recoveryTarget.targetTime ${target} is not an RFC 3339 time`, found: "" };
            }
            if (!active.has(objectName(c))) return { problem: "the FHIR server still uses another cluster", found: "" };
            return { found: `restores from ${read}${target ? ` to ${target}` : " to the end of the archive"}, archives to ${own ?? "nothing"}, serves the FHIR server` };
        });
    },
};
