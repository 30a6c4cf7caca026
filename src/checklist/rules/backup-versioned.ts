import { bucketRule } from "./bucket-rule";

/** Versioning turns an overwrite or a delete (by mistake or by an attacker) into a recoverable one. */
export const backupVersioned = bucketRule({
    id: "backup-versioned",
    item: "security",
    description: "The backup storage keeps object versions",
    what: "object versioning",
    fix: "the cloud target must enable versioning on the backup bucket",
    judge: (b) => b.versioned,
});
