/** The delayed replica clusters and the archive each reads, shared by the delayed-replica rules. */
import { archivePath, BARMAN_PLUGIN, objectName, objectNamespace, replicaClusters, walArchiver, writableClusters } from "./resources";
import { CheckContext, CheckedResource } from "./types";

/** Replica clusters that apply WAL late (spec.replica.minApplyDelay set). */
export function delayedClusters(ctx: CheckContext): CheckedResource[] {
    return replicaClusters(ctx).filter((c) => c.inputs?.spec?.replica?.minApplyDelay !== undefined);
}

/** The external cluster a replica cluster follows (spec.replica.source). */
export function replicaSource(c: CheckedResource): Record<string, any> | undefined {
    const source = c.inputs?.spec?.replica?.source;
    const externals = c.inputs?.spec?.externalClusters;
    return Array.isArray(externals) ? externals.find((e) => e?.name === source) : undefined;
}

/** The archive an external cluster reads through the Barman Cloud plugin, if it does. */
export function sourceArchive(ctx: CheckContext, c: CheckedResource, source: Record<string, any>): string | undefined {
    if (source.plugin?.name !== BARMAN_PLUGIN) return undefined;
    return archivePath(ctx, source.plugin.parameters, objectNamespace(c), source.name);
}

/** The archive a cluster writes its WAL to, if it archives. */
export function ownArchive(ctx: CheckContext, c: CheckedResource): string | undefined {
    const archiver = walArchiver(c);
    return archiver ? archivePath(ctx, archiver.parameters, objectNamespace(c), objectName(c)) : undefined;
}

/** Archive path → name of the writable cluster that writes it. */
export function writtenArchives(ctx: CheckContext): Map<string, string> {
    const out = new Map<string, string>();
    for (const c of writableClusters(ctx)) {
        const path = ownArchive(ctx, c);
        if (path) out.set(path, objectName(c));
    }
    return out;
}
