/**
 * The region pair (`database.standbyOf`, docs/database.md "Region pair (standby)"): which side of
 * the pair a stack is, and the refusals that keep the pair to one primary whose archive the other
 * side replays. Pure functions of resolved config; reading the other stack's file belongs to
 * src/validation/pair.ts, above the tiers.
 */
import { standbyArchiveProblems } from "../cloud/standby-archive";
import { show } from "./errors";
import { delayedClusterName } from "../names";

/** The config values the pair's rules read (a resolved config satisfies it). */
export interface PairConfig {
    cloud: string;
    /** The provider region of the stack (aws:region, gcp:region, azure-native:location). */
    region: string;
    database: {
        clusterName: string;
        standbyOf: { cluster: string; stack: string; region: string; archiveURL: string; promoted: boolean; promotionToken: string; serverName?: string };
        restore: { enabled: boolean };
    };
    backup: { replica: { region: string } };
    kubernetes?: { s3Bucket?: string };
}

const KEY = "fhir-ha:database.standbyOf";

/** Whether a stack belongs to a region pair at all. */
export function inPair(c: { database: { standbyOf: { cluster: string } } }): boolean {
    return c.database.standbyOf.cluster !== "";
}

/**
 * The stack's cluster is a standby of the other region's (a CNPG replica cluster): in a pair and
 * not promoted. The one place the tiers and the plan derive "standby" from.
 */
export function isStandby(c: { database: { standbyOf: { cluster: string; promoted: boolean } } }): boolean {
    return inPair(c) && !c.database.standbyOf.promoted;
}

/** Primary of its pair, or of no pair at all (a stack without standbyOf writes its own archive). */
export function isPairPrimary(c: { database: { standbyOf: { cluster: string; promoted: boolean } } }): boolean {
    return !isStandby(c);
}

const trimSlash = (u: string) => u.replace(/\/+$/, "");

/**
 * Refusals 2 to 5 of the pair, on this stack's config alone: a standby in its own region, a pair
 * whose archive is not replicated to the other region, a standby that could write into the other
 * cluster's archive, and incomplete or mismatched keys.
 */
export function standbyProblems(c: PairConfig): string[] {
    const s = c.database.standbyOf;
    if (!inPair(c)) {
        return s.promoted || s.promotionToken
            ? [`${KEY}.cluster: required when ${KEY}.promoted or ${KEY}.promotionToken is set (the other region's cluster; "" = not part of a region pair)`]
            : [];
    }
    const problems: string[] = [];
    if (!s.region) problems.push(`${KEY}.region: required with ${KEY}.cluster (the other region, where ${s.cluster} runs)`);
    // Empty, or not the form the cloud's store is read in: the one parser the clouds' read grants use.
    problems.push(...standbyArchiveProblems(c.cloud, s.cluster, s.archiveURL));
    // Pulumi stack names are letters, digits, "-", "_" and "."; the name becomes a file name.
    if (!/^[A-Za-z0-9_.-]*$/.test(s.stack) || s.stack.startsWith(".")) {
        problems.push(`${KEY}.stack = ${show(s.stack)}: not a stack name (letters, digits, "-", "_", "."); its file stacks/Pulumi.<stack>.yaml is read`);
    }
    if (s.promotionToken && !s.promoted) {
        // CNPG refuses a promotion token on a replica cluster (cloudnative-pg v1.30.0
        // internal/webhook/v1/cluster_webhook.go, validatePromotionToken): it is read only when promoting.
        problems.push(`${KEY}.promotionToken: only with ${KEY}.promoted = true (a planned switchover promotes with the old primary's demotion token)`);
    }
    if (s.region && c.region && s.region.toLowerCase() === c.region.toLowerCase()) {
        problems.push(`${KEY}.region = ${show(s.region)}: must differ from this stack's region (${c.region}); a standby in the same region is lost with it`);
    }
    const replica = c.backup.replica.region;
    // The kubernetes target's store is yours and so is its replication (src/cloud/replica refuses
    // backup.replica.region there): nothing in config says where it replicates to.
    if (c.cloud !== "kubernetes" && !replica) {
        problems.push(
            `fhir-ha:backup.replica.region: required in a region pair (set it to ${KEY}.region${s.region ? `, ${s.region}` : ""}): ` +
                `once this cluster is primary, ${s.cluster} replays its archive as replicated into that region`,
        );
    } else if (c.cloud !== "kubernetes" && s.region && replica.toLowerCase() !== s.region.toLowerCase()) {
        problems.push(
            `fhir-ha:backup.replica.region = ${show(replica)}: must be ${KEY}.region (${s.region}); the other region replays this cluster's archive from its replica there`,
        );
    }
    if (s.cluster === c.database.clusterName) {
        problems.push(
            `${KEY}.cluster = ${show(s.cluster)}: must differ from fhir-ha:database.clusterName; each region's cluster archives under its own name, ` +
                "never into the other's archive",
        );
    }
    // A new standby's delayed replica is `<the other's server name>-delayed` (src/names.ts).
    const otherDelayed = delayedClusterName(s.serverName || s.cluster);
    if (c.database.clusterName === otherDelayed) {
        problems.push(
            `fhir-ha:database.clusterName = ${show(c.database.clusterName)}: must differ from ${show(otherDelayed)}, the name of the delayed replica ` +
                `a standby runs on ${s.cluster}'s archive`,
        );
    }
    const ownBucket = c.cloud === "kubernetes" && c.kubernetes?.s3Bucket ? `s3://${c.kubernetes.s3Bucket}` : undefined;
    if (ownBucket && s.archiveURL && trimSlash(s.archiveURL) === ownBucket) {
        problems.push(
            `${KEY}.archiveURL = ${show(s.archiveURL)}: is this stack's own backup store (fhir-ha:kubernetes.s3Bucket); ` +
                "give the other cluster's archive as replicated into this region",
        );
    }
    if (c.database.restore.enabled) {
        problems.push(`fhir-ha:database.restore.enabled: not together with ${KEY}.cluster; run one flow at a time (a restore, or the region pair)`);
    }
    return problems;
}

/** The other stack of the pair, as read from its stack file and validated. */
export interface OtherStack {
    /** Its stack name (`database.standbyOf.stack`). */
    stack: string;
    config: PairConfig;
}

/**
 * Refusal 1 (both primary) and the other half of refusal 3 (the other stack's archive must be
 * replicated into this region), given the other stack's resolved config.
 */
export function pairProblems(self: PairConfig, other: OtherStack): string[] {
    if (!inPair(self)) return [];
    const problems: string[] = [];
    const o = other.config;
    const file = `stacks/Pulumi.${other.stack}.yaml`;
    if (isPairPrimary(self) && isPairPrimary(o)) {
        const why = inPair(o) ? `${KEY}.promoted = true` : `no ${KEY}.cluster (a primary of its own)`;
        problems.push(
            `${KEY}.promoted = true in this stack and ${file} is primary too (${why}): two primaries would both write; ` +
                `name this stack's cluster in ${file} (${KEY}.cluster = ${show(self.database.clusterName)}, ${KEY}.promoted = false) ` +
                "in the same commit, or set this stack's fhir-ha:database.standbyOf.promoted = false",
        );
    }
    const otherReplica = o.backup.replica.region;
    if (o.cloud !== "kubernetes" && self.region && otherReplica.toLowerCase() !== self.region.toLowerCase()) {
        problems.push(
            `${file}: fhir-ha:backup.replica.region = ${show(otherReplica)}: must be this stack's region (${self.region}); ` +
                `this stack replays ${self.database.standbyOf.cluster}'s archive as replicated here`,
        );
    }
    return problems;
}
