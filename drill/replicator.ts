/**
 * The region-loss drill's stand-in for a cloud's asynchronous cross-region replication (S3
 * Cross-Region Replication, GCS dual-region, Azure GZRS): it copies every object of store A
 * (region A's s3rver) to store B once the object is at least `lag` old, polling every `poll`.
 * The clouds replicate the same way, object by object after the write completed, with a delay
 * that has a distribution and (with S3 RTC or GCS turbo replication) a stated bound; here the
 * delay is fixed and known, so the drill can check the RPO bound derived from it.
 *
 * It reads s3rver's data directory (s3rver keeps every object as files, no index in memory:
 * `<key>._S3rver_object`, written first, then `<key>._S3rver_metadata.json`), so an object
 * counts as complete when its metadata file exists and is not older than its content, and its
 * age runs from the metadata file's mtime. Copies land in B through a rename, so B never lists a
 * half-copied object (S3 replication never shows a partial object either).
 *
 * The pure parts (listing, selection by age, argument parsing) are unit-tested; the loop runs in
 * its own process (drill/replicator-main.ts), started by the drill under the PID supervisor and
 * killed with region A, or ending by itself after `maxSeconds`.
 */
import * as fs from "fs";
import * as path from "path";

const OBJECT_SUFFIX = "._S3rver_object";
const COMPANIONS = ["._S3rver_object.md5", "._S3rver_metadata.json"];
const METADATA_SUFFIX = "._S3rver_metadata.json";

export interface StoredObject {
    /** Path under the store's root, bucket first: "fhir-backups/fhir-db/fhir-db/wals/…/000000010000000000000003". */
    key: string;
    /** When the PUT completed (the metadata file's mtime), epoch ms. */
    completedAtMs: number;
}

/**
 * The objects to copy now: complete ones at least `lagMs` old whose completion has not been
 * copied yet (an object written again is copied again), oldest first, as replication drains a
 * backlog in order of writes.
 */
export function dueForReplication(objects: StoredObject[], replicated: ReadonlyMap<string, number>, nowMs: number, lagMs: number): StoredObject[] {
    return objects
        .filter((o) => nowMs - o.completedAtMs >= lagMs && replicated.get(o.key) !== o.completedAtMs)
        .sort((a, b) => a.completedAtMs - b.completedAtMs);
}

function walk(dir: string, out: string[]): void {
    let entries: fs.Dirent[];
    try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
        return; // gone between listing and reading: the next poll sees the new state
    }
    for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full, out);
        else if (e.name.endsWith(OBJECT_SUFFIX)) out.push(full);
    }
}

function mtimeMs(file: string): number | undefined {
    try {
        return fs.statSync(file).mtimeMs;
    } catch {
        return undefined;
    }
}

/** Every complete object under an s3rver data directory (all buckets). */
export function listS3rverObjects(root: string): StoredObject[] {
    const files: string[] = [];
    walk(root, files);
    const objects: StoredObject[] = [];
    for (const file of files) {
        const base = file.slice(0, -OBJECT_SUFFIX.length);
        const content = mtimeMs(file);
        const metadata = mtimeMs(base + METADATA_SUFFIX);
        // No metadata yet, or metadata from an earlier write of the key: the PUT is still running.
        if (content === undefined || metadata === undefined || metadata < content) continue;
        objects.push({ key: path.relative(root, base).split(path.sep).join("/"), completedAtMs: metadata });
    }
    return objects;
}

/** Copies one object's files from one s3rver root to another; the content appears last, by rename. */
export function copyS3rverObject(fromRoot: string, toRoot: string, key: string, tmpDir: string): void {
    const from = path.join(fromRoot, ...key.split("/"));
    const to = path.join(toRoot, ...key.split("/"));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.mkdirSync(tmpDir, { recursive: true });
    // Content to a temp file first, then the metadata (so it is not older than the content, the
    // listing's test for a finished PUT), then the content into place by rename, which keeps its mtime.
    const tmp = path.join(tmpDir, `${process.pid}-${Date.now()}-${path.basename(key)}`);
    fs.copyFileSync(from + OBJECT_SUFFIX, tmp);
    for (const suffix of COMPANIONS) {
        if (fs.existsSync(from + suffix)) fs.copyFileSync(from + suffix, to + suffix);
    }
    fs.renameSync(tmp, to + OBJECT_SUFFIX);
}

export interface ReplicatorOptions {
    from: string;
    to: string;
    tmp: string;
    lagSeconds: number;
    pollMs: number;
    /** The replicator ends by itself after this long, whatever happens to the drill. */
    maxSeconds: number;
}

function numberFlag(args: Map<string, string>, flag: string, min: number): number {
    const v = Number(args.get(flag));
    if (!args.has(flag) || !Number.isFinite(v) || v < min) throw new Error(`replicator: ${flag} must be a number >= ${min}, got ${JSON.stringify(args.get(flag))}`);
    return v;
}

/** `--from DIR --to DIR --tmp DIR --lag S --poll-ms MS --max-seconds S`, every flag required. */
export function parseReplicatorArgs(argv: string[]): ReplicatorOptions {
    const args = new Map<string, string>();
    for (let i = 0; i < argv.length; i += 2) {
        if (!argv[i].startsWith("--") || argv[i + 1] === undefined) throw new Error(`replicator: expected --flag value, got ${JSON.stringify(argv.slice(i).join(" "))}`);
        args.set(argv[i], argv[i + 1]);
    }
    for (const dir of ["--from", "--to", "--tmp"]) if (!args.get(dir)) throw new Error(`replicator: ${dir} DIR is required`);
    return {
        from: args.get("--from")!,
        to: args.get("--to")!,
        tmp: args.get("--tmp")!,
        lagSeconds: numberFlag(args, "--lag", 0),
        pollMs: numberFlag(args, "--poll-ms", 50),
        maxSeconds: numberFlag(args, "--max-seconds", 1),
    };
}

/** The argv of the replicator process for these options (the inverse of parseReplicatorArgs). */
export function replicatorArgs(o: ReplicatorOptions): string[] {
    return ["--from", o.from, "--to", o.to, "--tmp", o.tmp, "--lag", String(o.lagSeconds), "--poll-ms", String(o.pollMs), "--max-seconds", String(o.maxSeconds)];
}

/** One line per copied object: the key and how long after its PUT completed it reached B. */
export function copiedLine(key: string, delayMs: number): string {
    return `copied ${key} after ${delayMs} ms`;
}

/** The replication delays (ms) the replicator logged, in log order. */
export function parseCopiedDelays(log: string): number[] {
    return [...log.matchAll(/^copied \S+ after (\d+) ms$/gm)].map((m) => Number(m[1]));
}
