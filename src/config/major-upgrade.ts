/**
 * What a PostgreSQL major upgrade may be (docs/runbooks/major-upgrade.md). The program is
 * stateless: it cannot see the major a stack ran last time, only `database.createdWithMajor` (the
 * major of the first archive generation) and `database.postgresVersion` (the major it runs now).
 * Everything between is an upgrade; anything below is a downgrade.
 */
import { fullKey } from "./errors";
import { POSTGRES_IMAGES } from "./pins";

/**
 * CloudNativePG 1.30 refuses an in-place upgrade to a major below 16 (cloudnative-pg v1.30.0
 * internal/webhook/v1/cluster_webhook.go, validateImageChange: "major upgrades are only supported
 * to version 16 or higher"; pg_upgrade of 14 and 15 would need the old collation provider).
 */
export const MIN_UPGRADE_TARGET = 16;

interface MajorUpgradeInput {
    clusterName: string;
    postgresVersion: number;
    createdWithMajor: number;
    restore: { enabled: boolean; sourceCluster: string; sourceMajor: number };
}

/**
 * Problems of a major upgrade, each naming its key. `sourceMajorSet` says whether
 * `database.restore.sourceMajor` was written in the stack (its default follows postgresVersion).
 */
export function majorUpgradeProblems(db: MajorUpgradeInput, sourceMajorSet: boolean): string[] {
    const problems: string[] = [];
    const version = fullKey("database.postgresVersion");
    const created = fullKey("database.createdWithMajor");
    const upgraded = db.postgresVersion !== db.createdWithMajor;
    if (db.postgresVersion < db.createdWithMajor) {
        problems.push(
            `${version} = ${db.postgresVersion}: lower than ${created} (${db.createdWithMajor}); PostgreSQL has no in-place downgrade ` +
                "(CloudNativePG refuses it). To go back, restore the previous archive generation into a new cluster " +
                "(database.restore.sourceMajor, docs/runbooks/major-upgrade.md); if this stack was created with " +
                `${db.postgresVersion}, set ${created} = ${db.postgresVersion}`,
        );
    } else if (upgraded && db.postgresVersion < MIN_UPGRADE_TARGET) {
        problems.push(
            `${version} = ${db.postgresVersion}: CloudNativePG 1.30 upgrades in place only to ${MIN_UPGRADE_TARGET} or higher ` +
                `(from ${created} = ${db.createdWithMajor}); choose ${MIN_UPGRADE_TARGET}-${Math.max(...Object.keys(POSTGRES_IMAGES).map(Number))}`,
        );
    }
    const r = db.restore;
    if (!r.enabled) return problems;
    const sourceMajor = fullKey("database.restore.sourceMajor");
    if (upgraded && !sourceMajorSet) {
        problems.push(
            `${fullKey("database.restore.enabled")} = true with ${version} = ${db.postgresVersion} and ${created} = ${db.createdWithMajor}: ` +
                `the archive holds one generation per major, so a restore after (or together with) a major upgrade must name the one it reads: ` +
                `set ${sourceMajor} (${db.createdWithMajor} to go back to before the upgrade, ${db.postgresVersion} for the current one). ` +
                "Upgrade and restore in separate `pulumi up`s",
        );
    }
    if (!(r.sourceMajor in POSTGRES_IMAGES)) {
        problems.push(`${sourceMajor} = ${r.sourceMajor}: the restored cluster runs this major; CloudNativePG 1.30 images exist for ${Object.keys(POSTGRES_IMAGES).join(", ")}`);
    } else if (r.sourceCluster === db.clusterName && (r.sourceMajor < db.createdWithMajor || r.sourceMajor > db.postgresVersion)) {
        problems.push(
            `${sourceMajor} = ${r.sourceMajor}: ${db.clusterName} has archive generations for majors ${db.createdWithMajor} to ${db.postgresVersion} only ` +
                `(${created} to ${version})`,
        );
    }
    return problems;
}
