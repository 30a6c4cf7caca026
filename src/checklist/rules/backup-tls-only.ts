import { bucketRule } from "./bucket-rule";

export const backupTlsOnly = bucketRule({
    id: "backup-tls-only",
    item: "security",
    description: "The backup storage refuses requests without TLS",
    what: "that only TLS requests are accepted",
    fix: "the cloud target must deny non-TLS requests to the backup bucket",
    judge: (b) => b.tlsOnly,
});
