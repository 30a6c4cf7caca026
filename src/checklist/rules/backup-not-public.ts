import { bucketRule } from "./bucket-rule";

export const backupNotPublic = bucketRule({
    id: "backup-not-public",
    item: "security",
    description: "The backup storage cannot be made public",
    what: "that the bucket is private",
    fix: "the cloud target must block public access on the backup bucket",
    judge: (b) => b.notPublic,
});
