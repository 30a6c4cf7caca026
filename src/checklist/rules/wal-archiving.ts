import { postgresSeconds, showSeconds } from "../durations";
import { archivePath, objectName, objectNamespace, walArchiver } from "../resources";
import { Rule } from "../types";
import { perWritableCluster } from "./cluster-common";

const MAX_TIMEOUT = 300;

/**
 * Continuous WAL archiving is the incremental backup: with archive_timeout at most 5 minutes, a
 * quiet database still ships a segment every 5 minutes, so at most 5 minutes are ever un-archived.
 */
export const walArchiving: Rule = {
    id: "wal-archiving",
    item: "daily-incremental",
    severity: "mandatory",
    description: "Every writable cluster archives WAL to the object store with archive_timeout at most 5 min",
    check: (ctx) =>
        perWritableCluster(ctx, "set fhir-ha:backup.walArchiveTimeout to 5min or less; the database tier must render the barman-cloud plugin with isWALArchiver", (c) => {
            const archiver = walArchiver(c);
            const legacy = c.inputs?.spec?.backup?.barmanObjectStore?.destinationPath;
            const path = archiver ? archivePath(ctx, archiver.parameters, objectNamespace(c), objectName(c)) : legacy;
            if (archiver && !path) return { problem: `its WAL archiver names ObjectStore ${archiver.parameters?.barmanObjectName ?? "(none)"}, which is not in the plan`, found: "" };
            if (!path) return { problem: "no WAL archiving (no barman-cloud plugin with isWALArchiver)", found: "" };
            const raw = c.inputs?.spec?.postgresql?.parameters?.archive_timeout;
            // CNPG sets archive_timeout to 5min when the Cluster does not.
            const seconds = raw === undefined ? MAX_TIMEOUT : postgresSeconds(raw);
            const found = `archives WAL to ${path}, archive_timeout ${raw ?? "5min (CNPG default)"}`;
            if (seconds === undefined) return { problem: `archive_timeout ${raw} is not a duration`, found };
            if (seconds === 0) return { problem: "archive_timeout 0 (off): a quiet database may not archive for hours", found };
            if (seconds > MAX_TIMEOUT) return { problem: `archive_timeout ${showSeconds(seconds)}: more than 5min of commits may exist only on the cluster`, found };
            return { found };
        }),
};
