/** The runbooks the database tier ships in docs/runbooks/, by file name (other docs link to them). */
export const RUNBOOK_FILES = [
    "README.md",
    "automatic-failover.md",
    "planned-switchover.md",
    "delayed-replica-rescue.md",
    "point-in-time-restore.md",
    "zone-loss.md",
    "region-loss.md",
    "backup-failure.md",
];

/** Whether `text` names `name` as a whole word (fhir-db is not found inside fhir-db-delayed). */
export function mentions(text: string, name: string): boolean {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(^|[^A-Za-z0-9-])${escaped}($|[^A-Za-z0-9-])`).test(text);
}
