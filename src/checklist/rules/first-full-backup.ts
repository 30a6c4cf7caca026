import { fullScheduledBackups, oneOffFullBackups } from "../backups";
import { activeClusters, objectName } from "../resources";
import { Rule } from "../types";
import { perCluster } from "./cluster-common";

/** Until the first base backup exists the archived WAL cannot be restored: take it at deploy time. */
export const firstFullBackup: Rule = {
    id: "first-full-backup",
    item: "weekly-full",
    severity: "mandatory",
    description: "A first full backup is taken right away (ScheduledBackup immediate: true, or a Backup)",
    check: (ctx) =>
        perCluster(activeClusters(ctx), "no writable CNPG Cluster in the plan", "the database tier must render the weekly ScheduledBackup with immediate: true", (c) => {
            const immediate = fullScheduledBackups(ctx, c).filter((b) => b.inputs?.spec?.immediate === true).map((b) => `ScheduledBackup ${objectName(b)} immediate: true`);
            const oneOff = oneOffFullBackups(ctx, c).map((b) => `Backup ${objectName(b)}`);
            const found = [...immediate, ...oneOff];
            return found.length > 0 ? { found: found.join(", ") } : { problem: "the first full backup waits for the first scheduled run", found: "" };
        }),
};
