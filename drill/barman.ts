/**
 * Command lines for the barman-cloud-* tools, as pure functions. The Barman Cloud plugin's
 * sidecar runs these same tools in the cluster; the destination and server name follow the
 * database tier's archive layout (`<base>/<archivePrefix>` as the ObjectStore's destinationPath,
 * the cluster name as barman server name), and the compression is the one
 * src/config/backup-policy.ts renders into the ObjectStore.
 */

/** An object store as the barman-cloud tools see it. */
export interface ObjectStoreTarget {
    /** "s3" | "azure" */
    kind: string;
    /** Bucket or container URL (plus folder) without the server name: s3://bucket/fhir-db, http://127.0.0.1:port/account/container/fhir-db. */
    destinationPath: string;
    /** S3-compatible endpoint (s3rver); unused for Azure, whose emulator URL is the destination itself. */
    endpointUrl?: string;
    /** Credentials, passed as environment (boto3 and the Azure SDK read these variables). */
    env: Record<string, string>;
}

/** The store narrowed to a folder: the plugin's ObjectStore `destinationPath` is `<base>/<prefix>`. */
export function underPrefix(store: ObjectStoreTarget, prefix: string): ObjectStoreTarget {
    return { ...store, destinationPath: `${store.destinationPath.replace(/\/+$/, "")}/${prefix}` };
}

/** Flags that select the provider and endpoint; every barman-cloud tool takes the same ones. */
export function providerArgs(store: ObjectStoreTarget): string[] {
    switch (store.kind) {
        case "s3":
            return ["--cloud-provider", "aws-s3", ...(store.endpointUrl ? ["--endpoint-url", store.endpointUrl] : [])];
        case "azure":
            return ["--cloud-provider", "azure-blob-storage"];
        default:
            throw new Error(`object store kind ${JSON.stringify(store.kind)} is not drilled; use "s3" or "azure"`);
    }
}

/**
 * The barman-cloud flag for a compression name. Debian bookworm ships barman-cli-cloud 3.4,
 * which knows gzip, bzip2 and snappy; lz4, zstd and xz arrived in later releases (the plugin's
 * sidecar has them), so a policy using them cannot be drilled here and says so.
 */
export function compressionFlag(compression: string): string {
    const flags: Record<string, string> = { gzip: "--gzip", bzip2: "--bzip2", snappy: "--snappy" };
    const flag = flags[compression];
    if (!flag) {
        throw new Error(
            `compression ${JSON.stringify(compression)} is not supported by the barman-cloud tools installed here; ` +
                `allowed: ${Object.keys(flags).join(", ")}`,
        );
    }
    return flag;
}

/** Quotes one word for /bin/sh, which runs archive_command and restore_command. */
export function shellQuote(word: string): string {
    return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** One cluster's archive: the store narrowed to its folder, and its barman server name. */
export interface ClusterArchive {
    store: ObjectStoreTarget;
    serverName: string;
}

function location(a: ClusterArchive): string[] {
    return [a.store.destinationPath, a.serverName];
}

/** barman-cloud's compression flag, none for "none" (uncompressed: barman's default). */
export function compressionArgs(compression: string): string[] {
    return compression === "none" ? [] : [compressionFlag(compression)];
}

/** PostgreSQL `archive_command`: one WAL segment (%p) into the cluster's archive. */
export function walArchiveCommand(a: ClusterArchive, compression: string): string {
    const words = ["barman-cloud-wal-archive", ...providerArgs(a.store), ...compressionArgs(compression), ...location(a)];
    return `${words.map(shellQuote).join(" ")} %p`;
}

/** PostgreSQL `restore_command`: fetch segment %f into %p (barman decompresses by the stored suffix). */
export function walRestoreCommand(a: ClusterArchive): string {
    const words = ["barman-cloud-wal-restore", ...providerArgs(a.store), ...location(a)];
    return `${words.map(shellQuote).join(" ")} %f %p`;
}

/** barman-cloud-backup of a server listening on 127.0.0.1:port. */
export function backupArgs(a: ClusterArchive, compression: string, port: number): string[] {
    return [...providerArgs(a.store), ...compressionArgs(compression), "--immediate-checkpoint", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", ...location(a)];
}

export function backupListArgs(a: ClusterArchive): string[] {
    return [...providerArgs(a.store), "--format", "json", ...location(a)];
}

export function restoreArgs(a: ClusterArchive, backupId: string, dataDir: string): string[] {
    return [...providerArgs(a.store), ...location(a), backupId, dataDir];
}

export function retentionDeleteArgs(a: ClusterArchive, retentionPolicy: string): string[] {
    return [...providerArgs(a.store), "--retention-policy", retentionPolicy, ...location(a)];
}

/** One entry of `barman-cloud-backup-list --format json`. */
export interface BackupListEntry {
    backup_id: string;
    end_time: string;
    begin_time?: string;
    status?: string;
}

/** Parses the JSON listing: `{ "backups_list": [ ... ] }`. */
export function parseBackupList(json: string): BackupListEntry[] {
    const parsed = JSON.parse(json) as { backups_list?: BackupListEntry[] };
    if (!parsed || !Array.isArray(parsed.backups_list)) throw new Error("barman-cloud-backup-list printed no backups_list");
    return parsed.backups_list;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Barman's JSON listing prints times in Python's ctime form, "Fri Nov 27 08:57:20 2026", without
 * a zone. The drill runs every tool with TZ=UTC, so these are read as UTC.
 */
export function parseCtimeUtc(text: string): number {
    const m = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(text.trim());
    const month = m ? MONTHS.indexOf(m[1]) : -1;
    if (!m || month < 0) throw new Error(`not a ctime timestamp: ${JSON.stringify(text)}`);
    return Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

/**
 * The base backup to restore for a target time: the newest finished backup that ended before the
 * target (a backup that ends after it cannot be rolled back to it). The listing is truncated to
 * whole seconds, so a backup counts as ended one second after its printed end. Undefined when none did.
 */
export function backupForTarget(backups: BackupListEntry[], targetMs: number): BackupListEntry | undefined {
    return backups
        .filter((b) => (b.status ?? "DONE") === "DONE" && parseCtimeUtc(b.end_time) + 1000 <= targetMs)
        .sort((a, b) => parseCtimeUtc(a.end_time) - parseCtimeUtc(b.end_time))
        .pop();
}
