/**
 * Drill 5: retention. Several real base backups are taken; their recorded times are then moved
 * into the past (see retention-plan.ts) so that some fall outside the recovery window the config
 * renders ("RECOVERY WINDOW OF 30 DAYS"). barman-cloud-backup-delete with that exact string must
 * remove only backups older than the one needed for the window's start, and that backup must
 * still restore, with the WAL after it, to every committed row.
 */
import { backupArgs, backupListArgs, ClusterArchive, ObjectStoreTarget, parseBackupList, restoreArgs, retentionDeleteArgs, walRestoreCommand } from "../barman";
import { DrillContext } from "../context";
import { baseSettings } from "../pg-conf";
import { DrillResult, missingIds, parseIds } from "../report";
import { daysAgo, expectedRetention, fakeBackupAges, rewriteBackupInfo } from "../retention-plan";
import { BACKUP_FAILURE } from "../runbook";
import { clusterArchive } from "../settings";
import { sleep } from "../wait";
import { archiveCurrentWal, archivingSettings, insertEach } from "./pitr";

export const RETENTION = "retention-keeps-the-window";
const TABLE = "drill_encounters";
const BACKUPS = 3;
const ROWS_PER_STEP = 50;

/** Bucket and key prefix of an s3:// destination ("s3://fhir-backups/fhir-db" -> fhir-backups, "fhir-db/"). */
export function s3Location(destinationPath: string): { bucket: string; prefix: string } {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(destinationPath);
    if (!m) throw new Error(`not an s3:// destination: ${destinationPath}`);
    const prefix = m[2].replace(/\/+$/, "");
    return { bucket: m[1], prefix: prefix ? `${prefix}/` : "" };
}

/** Plain HTTP to s3rver, which serves unsigned requests: used only to move backup.info times. */
function objectUrl(archive: ClusterArchive, key: string): string {
    const { bucket, prefix } = s3Location(archive.store.destinationPath);
    return `${archive.store.endpointUrl}/${bucket}/${prefix}${archive.serverName}/${key}`;
}

async function getObject(archive: ClusterArchive, key: string): Promise<string> {
    const res = await fetch(objectUrl(archive, key));
    if (!res.ok) throw new Error(`GET ${key}: HTTP ${res.status}`);
    return res.text();
}

async function putObject(archive: ClusterArchive, key: string, body: string): Promise<void> {
    const res = await fetch(objectUrl(archive, key), { method: "PUT", body });
    if (!res.ok) throw new Error(`PUT ${key}: HTTP ${res.status}`);
}

/** How many WAL objects the archive holds. */
async function countWals(archive: ClusterArchive): Promise<number> {
    const { bucket, prefix } = s3Location(archive.store.destinationPath);
    const walPrefix = `${prefix}${archive.serverName}/wals/`;
    const res = await fetch(`${archive.store.endpointUrl}/${bucket}?list-type=2&max-keys=1000&prefix=${encodeURIComponent(walPrefix)}`);
    if (!res.ok) throw new Error(`LIST ${walPrefix}: HTTP ${res.status}`);
    return ((await res.text()).match(/<Key>/g) ?? []).length;
}

export async function retentionDrill(ctx: DrillContext, store: ObjectStoreTarget): Promise<DrillResult> {
    if (store.kind !== "s3" || !store.endpointUrl) throw new Error("the retention drill edits backup.info through s3rver's HTTP API");
    const s = ctx.settings;
    const policy = s.policy;
    const archive = clusterArchive(s, store, s.names.primaryCluster);
    const primary = await ctx.node(s.instances[0]);
    await primary.initdb();
    primary.configure(archivingSettings(ctx, primary, archive));
    await primary.start(store.env);
    await primary.sql(`CREATE TABLE ${TABLE} (id bigint PRIMARY KEY)`);

    const written: number[] = [];
    for (let i = 0; i < BACKUPS; i++) {
        written.push(...(await insertEach(primary, TABLE, written.length + 1, written.length + ROWS_PER_STEP)));
        ctx.step(BACKUP_FAILURE, "baseBackup", `barman-cloud-backup ${i + 1}/${BACKUPS} of ${archive.serverName}`);
        await ctx.barman("backup", backupArgs(archive, policy.dataCompression, primary.port), store);
        // Backup ids are timestamps to the second: keep them distinct.
        await sleep(1100);
    }
    written.push(...(await insertEach(primary, TABLE, written.length + 1, written.length + ROWS_PER_STEP)));
    ctx.step(BACKUP_FAILURE, "archiving", "pg_switch_wal(), then pg_stat_archiver.last_archived_wal");
    await archiveCurrentWal(primary);
    await primary.stop();

    const listed = parseBackupList(await ctx.barman("backup-list", backupListArgs(archive), store))
        .map((b) => b.backup_id)
        .sort();
    if (listed.length !== BACKUPS) throw new Error(`expected ${BACKUPS} backups, listed ${listed.length}`);
    const now = Date.now();
    const ages = fakeBackupAges(BACKUPS, policy.retentionDays);
    const dated = listed.map((id, i) => ({ id, endMs: daysAgo(now, ages[i]) }));
    for (const b of dated) {
        const key = `base/${b.id}/backup.info`;
        await putObject(archive, key, rewriteBackupInfo(await getObject(archive, key), b.endMs - 60_000, b.endMs));
    }
    const expected = expectedRetention(dated, policy.retentionDays, now);
    ctx.log(`backup.info times moved back (days): ${dated.map((b, i) => `${b.id}=${ages[i]}`).join(", ")}; recovery window ${policy.retentionDays} days`);
    const walsBefore = await countWals(archive);

    // What the plugin runs for the ObjectStore's retentionPolicy; no runbook step, it is automatic.
    ctx.log(`retention as the plugin applies it: barman-cloud-backup-delete --retention-policy "${policy.barmanRetentionPolicy}"`);
    await ctx.barman("backup-delete", retentionDeleteArgs(archive, policy.barmanRetentionPolicy), store);
    const remaining = parseBackupList(await ctx.barman("backup-list", backupListArgs(archive), store))
        .map((b) => b.backup_id)
        .sort();
    const walsAfter = await countWals(archive);
    ctx.log(`kept ${remaining.join(", ")}; WAL objects ${walsBefore} -> ${walsAfter}`);

    const needed = expected.neededForWindowStart!;
    ctx.log(`the window's oldest base backup ${needed} must still restore, with every archived WAL after it`);
    const restored = await ctx.node(`${s.config.database.restore.clusterName}-1`);
    await ctx.barman("restore", restoreArgs(archive, needed, restored.dataDir), store);
    restored.prepareRestoredDataDir();
    restored.configure({ ...baseSettings(restored.port), restore_command: walRestoreCommand(archive) });
    restored.markRecovery();
    await restored.start(store.env);
    await restored.waitFor("SELECT pg_is_in_recovery()", "f", 120_000, "replay of the archive to its end");
    const present = parseIds(await restored.sql(`SELECT id FROM ${TABLE} ORDER BY id`));
    await restored.stop();
    const lost = missingIds(written, present);

    const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
    const keptAsExpected = sameSet(remaining, expected.keep);
    return {
        name: RETENTION,
        passed: keptAsExpected && remaining.includes(needed) && lost.length === 0,
        rowsWritten: written.length,
        rowsLost: lost.length,
        seconds: 0,
        details: {
            retentionPolicy: policy.retentionPolicy,
            barmanRetentionPolicy: policy.barmanRetentionPolicy,
            backups: dated.map((b, i) => ({ id: b.id, fakedAgeDays: ages[i] })),
            neededForWindowStart: needed,
            expectedKept: expected.keep,
            expectedRemoved: expected.remove,
            remainingAfterDelete: remaining,
            archive: `${archive.store.destinationPath} (server ${archive.serverName})`,
            walObjectsBefore: walsBefore,
            walObjectsAfter: walsAfter,
            rowsRestoredFromNeededBackup: present.length,
            lostIds: lost.slice(0, 20),
            differsFromCnpg: [
                `The backups are real but their begin/end times in backup.info are moved ${ages.join(", ")} days into the past; WAL records keep their real times, so the drill proves which backups the policy keeps and that the kept one still restores, not a recovery to a time 30 days ago.`,
                "The retention string is the one backupPolicy() renders; in the cluster the plugin runs the same barman-cloud-backup-delete from the ObjectStore's retentionPolicy.",
                "Bucket lifecycle rules and Object Lock (fhir-ha:backup.immutable) are cloud features s3rver does not emulate.",
            ],
        },
    };
}
