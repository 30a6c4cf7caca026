import { describe, expect, it } from "vitest";
import {
    backupArgs,
    backupForTarget,
    ClusterArchive,
    compressionArgs,
    compressionFlag,
    ObjectStoreTarget,
    parseBackupList,
    parseCtimeUtc,
    providerArgs,
    retentionDeleteArgs,
    shellQuote,
    underPrefix,
    walArchiveCommand,
    walRestoreCommand,
} from "../drill/barman";
import { peersOf, primaryConnInfo, renderConf, synchronousStandbyNames } from "../drill/pg-conf";
import { toRecoveryTargetTime } from "../drill/target-time";
import { readWriteConnInfo } from "../drill/writer";

const s3: ObjectStoreTarget = { kind: "s3", destinationPath: "s3://fhir-backups", endpointUrl: "http://127.0.0.1:9000", env: {} };
const azure: ObjectStoreTarget = { kind: "azure", destinationPath: "http://127.0.0.1:10000/devstoreaccount1/fhir-backups", env: {} };
const s3Archive: ClusterArchive = { store: underPrefix(s3, "fhir-db"), serverName: "fhir-db" };
const azureArchive: ClusterArchive = { store: underPrefix(azure, "fhir-db"), serverName: "fhir-db" };

describe("synchronous_standby_names", () => {
    it("renders the ANY quorum over an instance's peers the way CNPG writes it", () => {
        const peers = peersOf("fhir-db-1", ["fhir-db-1", "fhir-db-2", "fhir-db-3"]);
        expect(peers).toEqual(["fhir-db-2", "fhir-db-3"]);
        expect(synchronousStandbyNames({ method: "any", number: 1 }, peers)).toBe('ANY 1 ("fhir-db-2","fhir-db-3")');
        expect(synchronousStandbyNames({ method: "first", number: 2 }, peers)).toBe('FIRST 2 ("fhir-db-2","fhir-db-3")');
    });

    it("is empty without a synchronous stanza and refuses impossible quorums", () => {
        expect(synchronousStandbyNames(undefined, ["a"])).toBe("");
        expect(() => synchronousStandbyNames({ method: "any", number: 3 }, ["a", "b"])).toThrow(/at least 3 standbys/);
        expect(() => synchronousStandbyNames({ method: "some", number: 1 }, ["a"])).toThrow(/allowed any, first/);
    });
});

describe("postgresql.conf rendering", () => {
    it("quotes strings, doubles single quotes and spells booleans as on/off", () => {
        const text = renderConf({ archive_command: "echo 'x' %p", port: 5433, hot_standby: true, fsync: false });
        expect(text.split("\n")).toEqual(["archive_command = 'echo ''x'' %p'", "port = 5433", "hot_standby = on", "fsync = off", ""]);
    });

    it("names the standby in primary_conninfo like the CNPG pod it stands for", () => {
        expect(primaryConnInfo(6001, "fhir-db-2")).toContain("application_name=fhir-db-2");
        expect(primaryConnInfo(6001, "fhir-db-2")).toContain("port=6001");
    });

    it("reaches the writable server through every instance, like the -rw service", () => {
        expect(readWriteConnInfo([1, 2, 3])).toContain("host=127.0.0.1,127.0.0.1,127.0.0.1 port=1,2,3");
        expect(readWriteConnInfo([1])).toContain("target_session_attrs=read-write");
        expect(() => readWriteConnInfo([])).toThrow();
    });
});

describe("barman-cloud command lines", () => {
    it("selects the provider and, for S3-compatible stores, the endpoint", () => {
        expect(providerArgs(s3)).toEqual(["--cloud-provider", "aws-s3", "--endpoint-url", "http://127.0.0.1:9000"]);
        expect(providerArgs(azure)).toEqual(["--cloud-provider", "azure-blob-storage"]);
        expect(() => providerArgs({ ...s3, kind: "gcs" })).toThrow(/"gcs" is not drilled/);
    });

    it("maps the policy's compression to the flag barman-cloud 3.4 knows, and refuses the ones it lacks", () => {
        expect(compressionFlag("gzip")).toBe("--gzip");
        expect(compressionFlag("snappy")).toBe("--snappy");
        expect(() => compressionFlag("zstd")).toThrow(/allowed: gzip, bzip2, snappy/);
        expect(compressionArgs("none")).toEqual([]);
        expect(compressionArgs("bzip2")).toEqual(["--bzip2"]);
    });

    it("narrows the store to the cluster's folder, as the ObjectStore's destinationPath does", () => {
        expect(underPrefix({ ...s3, destinationPath: "s3://fhir-backups/" }, "fhir-db").destinationPath).toBe("s3://fhir-backups/fhir-db");
        expect(underPrefix(s3, "fhir-db")).toMatchObject({ kind: "s3", endpointUrl: "http://127.0.0.1:9000" });
    });

    it("archives %p into the cluster's archive and restores %f into %p", () => {
        expect(walArchiveCommand(s3Archive, "gzip")).toBe(
            "barman-cloud-wal-archive --cloud-provider aws-s3 --endpoint-url http://127.0.0.1:9000 --gzip s3://fhir-backups/fhir-db fhir-db %p",
        );
        expect(walRestoreCommand(azureArchive)).toBe(
            "barman-cloud-wal-restore --cloud-provider azure-blob-storage http://127.0.0.1:10000/devstoreaccount1/fhir-backups/fhir-db fhir-db %f %p",
        );
    });

    it("quotes words the shell would split", () => {
        expect(shellQuote("s3://bucket")).toBe("s3://bucket");
        expect(shellQuote("RECOVERY WINDOW OF 30 DAYS")).toBe("'RECOVERY WINDOW OF 30 DAYS'");
        expect(shellQuote("it's")).toBe("'it'\\''s'");
    });

    it("passes the rendered retention string as one argument", () => {
        const args = retentionDeleteArgs(s3Archive, "RECOVERY WINDOW OF 30 DAYS");
        expect(args[args.indexOf("--retention-policy") + 1]).toBe("RECOVERY WINDOW OF 30 DAYS");
        expect(args.slice(-2)).toEqual(["s3://fhir-backups/fhir-db", "fhir-db"]);
    });

    it("backs up the server on its loopback port with the data compression", () => {
        const args = backupArgs(s3Archive, "gzip", 6543);
        expect(args).toContain("--gzip");
        expect(backupArgs(s3Archive, "none", 6543).filter((a) => /^--(gzip|bzip2|snappy)$/.test(a))).toEqual([]);
        expect(walArchiveCommand(s3Archive, "none")).toBe("barman-cloud-wal-archive --cloud-provider aws-s3 --endpoint-url http://127.0.0.1:9000 s3://fhir-backups/fhir-db fhir-db %p");
        expect(args[args.indexOf("-p") + 1]).toBe("6543");
        // Loopback: the drill server listens on 127.0.0.1 only.
        expect(args[args.indexOf("-h") + 1]).toBe("127.0.0.1");
        expect(args.slice(-2)).toEqual(["s3://fhir-backups/fhir-db", "fhir-db"]);
    });
});

describe("choosing the base backup for a target time", () => {
    const listing = JSON.stringify({
        backups_list: [
            { backup_id: "20260131T100000", begin_time: "Sat Jan 31 10:00:00 2026", end_time: "Sat Jan 31 10:00:09 2026", status: "DONE" },
            { backup_id: "20260131T110000", begin_time: "Sat Jan 31 11:00:00 2026", end_time: "Sat Jan 31 11:00:09 2026", status: "DONE" },
            { backup_id: "20260131T120000", begin_time: "Sat Jan 31 12:00:00 2026", end_time: "Sat Jan 31 12:00:09 2026", status: "FAILED" },
        ],
    });

    it("reads Barman's zone-less ctime times as UTC", () => {
        expect(parseCtimeUtc("Sat Jan 31 10:00:09 2026")).toBe(Date.UTC(2026, 0, 31, 10, 0, 9));
        expect(parseCtimeUtc("Sun Feb  1 01:02:03 2026")).toBe(Date.UTC(2026, 1, 1, 1, 2, 3));
        expect(() => parseCtimeUtc("2026-01-31 10:00:09")).toThrow(/not a ctime/);
    });

    it("takes the newest finished backup that ended before the target", () => {
        const backups = parseBackupList(listing);
        expect(backupForTarget(backups, Date.parse("2026-01-31T11:30:00Z"))?.backup_id).toBe("20260131T110000");
        // The failed 12:00 backup is never chosen.
        expect(backupForTarget(backups, Date.parse("2026-01-31T13:00:00Z"))?.backup_id).toBe("20260131T110000");
        expect(backupForTarget(backups, Date.parse("2026-01-31T09:00:00Z"))).toBeUndefined();
    });

    it("does not take a backup whose whole-second end may lie after the target", () => {
        const backups = parseBackupList(listing);
        expect(backupForTarget(backups, Date.parse("2026-01-31T11:00:09.500Z"))?.backup_id).toBe("20260131T100000");
        expect(backupForTarget(backups, Date.parse("2026-01-31T11:00:10Z"))?.backup_id).toBe("20260131T110000");
    });

    it("rejects a listing without backups_list", () => {
        expect(() => parseBackupList("{}")).toThrow(/backups_list/);
    });
});

describe("recovery_target_time", () => {
    it("spells an RFC 3339 target the way PostgreSQL accepts it (no Z designator)", () => {
        expect(toRecoveryTargetTime("2026-01-31T12:00:00Z")).toBe("2026-01-31 12:00:00.000000+00:00");
        expect(toRecoveryTargetTime("2026-01-31T12:00:00.123456789+02:00")).toBe("2026-01-31 12:00:00.123456+02:00");
        expect(toRecoveryTargetTime("2026-01-31 12:00:00.5z")).toBe("2026-01-31 12:00:00.500000+00:00");
    });

    it("names the config key when the value is not a timestamp", () => {
        expect(() => toRecoveryTargetTime("yesterday")).toThrow(/fhir-ha:database.restore.targetTime/);
    });
});
