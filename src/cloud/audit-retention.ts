/**
 * How long the audit records (Kubernetes API audit logs, backup data-access logs) are kept: at
 * least as long as the backups they account for, so every backup still restorable has the record
 * of who wrote, read or deleted it; and never less than 90 days, what EKS control-plane logs were
 * kept before this rule existed (a stack with a short backup retention keeps that).
 */
export const AUDIT_MIN_DAYS = 90;

export function auditRetentionDays(backupRetentionDays: number): number {
    return Math.max(AUDIT_MIN_DAYS, backupRetentionDays);
}

/**
 * The retention values CloudWatch Logs accepts (PutRetentionPolicy API reference, retentionInDays),
 * up to ten years.
 */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The shortest CloudWatch retention that keeps `days`; the longest one when none does. */
export function cloudWatchRetention(days: number): number {
    return CLOUDWATCH_RETENTION_DAYS.find((d) => d >= days) ?? CLOUDWATCH_RETENTION_DAYS[CLOUDWATCH_RETENTION_DAYS.length - 1];
}

/**
 * The tag on the AWS bucket that receives the backup bucket's access logs: the checklist tells it
 * from the backup bucket by it, also in a preview where the logging target is not known yet.
 */
export const ACCESS_LOG_BUCKET_TAG = { key: "fhir-ha-role", value: "backup-access-logs" };
