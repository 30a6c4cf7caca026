import { bucketRule } from "./bucket-rule";

export const backupEncrypted = bucketRule({
    id: "backup-encrypted",
    item: "security",
    description: "The backup storage is encrypted at rest",
    what: "encryption at rest",
    fix: "the cloud target must configure default encryption on the backup bucket",
    judge: (b) => b.encrypted,
});
