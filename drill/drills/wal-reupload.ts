/**
 * Drill: `backup.immutable` and a WAL segment uploaded twice. barman-cloud-wal-archive uploads a
 * segment again when an earlier attempt was interrupted after the upload but before PostgreSQL
 * recorded it as archived (archive_command is retried). What that re-upload does depends on the
 * kind of write-once store each cloud offers:
 * - AWS S3 Object Lock (on a versioned bucket) and Azure version-level immutability: an
 *   overwrite is accepted as a NEW version, the locked version stays. Plain s3rver stands in
 *   (it accepts the overwrite; it keeps no versions, which the drill does not need).
 * - GCS with a locked bucket retention policy: an overwrite is refused. A loopback proxy that
 *   answers 403 to a PUT or multipart completion onto an existing key stands in
 *   (drill/write-once-proxy.ts).
 * The drill archives one segment, archives it again, and restores it from each store.
 */
import * as fs from "fs";
import * as path from "path";
import { ObjectStoreTarget, walArchiveCommand, walRestoreCommand } from "../barman";
import { DrillContext } from "../context";
import { run } from "../exec";
import { makeOwnedDir } from "../postgres";
import { DrillResult } from "../report";
import { clusterArchive } from "../settings";
import { startWriteOnceProxy } from "../write-once-proxy";

export const WAL_REUPLOAD = "wal-reupload-on-immutable-stores";
const SEGMENT = "000000010000000000000001";
const SEGMENT_BYTES = 16 * 1024 * 1024;

/** Splits a rendered command line back into words (it is built by shellQuote of simple words). */
function words(commandLine: string, segmentPath: string, restoreTo?: string): string[] {
    const w = commandLine.split(" ").map((x) => x.replace(/^'(.*)'$/, "$1"));
    const out = w.map((x) => (x === "%p" ? (restoreTo ?? segmentPath) : x === "%f" ? SEGMENT : x));
    return out;
}

export async function walReuploadDrill(ctx: DrillContext, s3: ObjectStoreTarget, s3Port: number): Promise<DrillResult> {
    const s = ctx.settings;
    const proxy = await startWriteOnceProxy(s3Port, path.join(ctx.rt.root, "s3rver"), await ctx.ports.next());
    try {
        const writeOnce: ObjectStoreTarget = { ...s3, endpointUrl: `http://127.0.0.1:${proxy.port}`, destinationPath: `${s3.destinationPath}/write-once` };
        const versioned: ObjectStoreTarget = { ...s3, destinationPath: `${s3.destinationPath}/versioned` };
        const dir = path.join(ctx.rt.root, "wal");
        makeOwnedDir(dir, ctx.rt.user);
        const segmentPath = path.join(dir, SEGMENT);
        // A segment-sized file with a WAL segment's name (barman checks the name, not the content).
        const content = Buffer.alloc(SEGMENT_BYTES);
        content.write(`fhir-ha drill segment ${new Date().toISOString()}`);
        fs.writeFileSync(segmentPath, content);
        if (ctx.rt.user) fs.chownSync(segmentPath, ctx.rt.user.uid, ctx.rt.user.gid);

        const attempt = async (store: ObjectStoreTarget) => {
            const archive = clusterArchive(s, store, s.names.primaryCluster);
            const [cmd, ...args] = words(walArchiveCommand(archive, s.policy.walCompression), segmentPath);
            const r = await run(cmd, args, { env: { ...ctx.rt.env, ...store.env }, timeoutMs: 120_000, ...(ctx.rt.user ?? {}) });
            return { code: r.code, message: (r.stderr || r.stdout).trim().split("\n").slice(-1)[0] ?? "" };
        };
        const restoreMatches = async (store: ObjectStoreTarget, name: string) => {
            const archive = clusterArchive(s, store, s.names.primaryCluster);
            const target = path.join(dir, `${name}.restored`);
            const [cmd, ...args] = words(walRestoreCommand(archive), segmentPath, target);
            const r = await run(cmd, args, { env: { ...ctx.rt.env, ...store.env }, timeoutMs: 120_000, ...(ctx.rt.user ?? {}) });
            return r.code === 0 && fs.readFileSync(target).equals(content);
        };

        const results: Record<string, { first: { code: number | null; message: string }; again: { code: number | null; message: string }; restores: boolean }> = {};
        for (const [name, store] of [["versioned (S3 Object Lock, Azure version-level immutability)", versioned], ["write-once (GCS locked retention policy)", writeOnce]] as const) {
            const first = await attempt(store);
            const again = await attempt(store);
            const restores = await restoreMatches(store, name.split(" ")[0]);
            results[name] = { first, again, restores };
            ctx.log(`${name}: first upload exit ${first.code}, re-upload exit ${again.code}${again.code ? ` (${again.message.slice(0, 160)})` : ""}; segment restores intact: ${restores}`);
        }
        const v = results["versioned (S3 Object Lock, Azure version-level immutability)"];
        const w = results["write-once (GCS locked retention policy)"];
        return {
            name: WAL_REUPLOAD,
            passed: v.first.code === 0 && v.again.code === 0 && v.restores && w.first.code === 0 && w.again.code !== 0 && w.restores && proxy.refused.length >= 1,
            rowsWritten: 0,
            rowsLost: 0,
            seconds: 0,
            details: {
                segment: SEGMENT,
                walCompression: s.policy.walCompression,
                versionedStore: v,
                writeOnceStore: w,
                refusedPuts: proxy.refused,
                conclusion:
                    "On a store that refuses overwrites a re-upload fails, so archive_command keeps failing for that segment and WAL piles up on the primary until the retention lock expires: backup.immutable must not be offered there (GCP). Where an overwrite becomes a new version (S3 Object Lock, Azure version-level immutability) the re-upload succeeds and the locked copy stays.",
                differsFromCnpg: [
                    "barman-cloud-wal-archive runs by hand on a file named like a WAL segment, standing in for PostgreSQL's archive_command retry through the plugin sidecar.",
                    "s3rver keeps no versions; it stands in for the accept-the-overwrite behaviour of a versioned, Object-Lock bucket (and of Azure version-level immutability), not for the versions themselves.",
                    "The write-once store is s3rver behind a loopback proxy that answers 403 to a PUT or a multipart completion onto an existing key, standing in for a GCS bucket with a locked retention policy (which answers 403 too).",
                ],
            },
        };
    } finally {
        await proxy.close();
    }
}
