/**
 * `database.restore.targetTime` is RFC 3339 ("2026-01-31T12:00:00Z"). PostgreSQL's
 * recovery_target_time rejects the "Z" zone designator (its check runs before time zone
 * abbreviations are loaded), so CloudNativePG rewrites the value before it writes the setting:
 * date and time separated by a space, microseconds, and "Z" spelled "+00:00". The drill writes
 * the setting the same way, so it restores to the value an operator configures.
 */

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/;

export function toRecoveryTargetTime(rfc3339: string): string {
    const m = RFC3339.exec(rfc3339.trim());
    if (!m) throw new Error(`fhir-ha:database.restore.targetTime = ${JSON.stringify(rfc3339)}: not an RFC 3339 timestamp such as 2026-01-31T12:00:00Z`);
    const micros = (m[3] ?? "").padEnd(6, "0").slice(0, 6);
    const zone = m[4].toUpperCase() === "Z" ? "+00:00" : m[4];
    return `${m[1]} ${m[2]}.${micros}${zone}`;
}
