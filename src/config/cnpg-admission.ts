/**
 * The admission rules of CloudNativePG 1.30.0 (internal/webhook/v1/cluster_webhook.go) that a
 * `fhir-ha:` value can reach, checked at config time so a value validation accepts is never
 * refused by the operator's webhook in the middle of a `pulumi up`. Rules on values the tier
 * derives (synchronous number vs instances, shared_buffers vs memory, CPU request vs limit) are
 * kept true by construction and tested on the rendered objects; CRD CEL rules are evaluated by
 * tests/database-cel.test.ts. The schedule rule (robfig/cron v1.2) is honoured by
 * `toCnpgSchedule`, which writes day-of-week 7 as 0.
 */
import { delayedClusterName } from "../names";

/** validateName: a Cluster name is a DNS-1035 label (starts with a letter) of at most 50 characters. */
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const MAX_CLUSTER_NAME = 50;
/**
 * Not CNPG's but the API server's: a CronJob name has at most 52 characters, and the snapshot
 * pruner is `<cluster>-snapshot-pruner`.
 */
export const MAX_CRONJOB_NAME = 52;
export const PRUNER_SUFFIX = "-snapshot-pruner";

/** machinery pkg/image/reference: a digest, then a tag; neither means the tag "latest". */
export function imageTag(image: string): string {
    let name = image.includes("/") ? image : `docker.io/library/${image}`;
    const digest = /@sha256:[a-fA-F0-9]{64}$/.exec(name);
    if (digest) name = name.slice(0, -digest[0].length);
    const tag = /:([\w][\w.-]{0,127})$/.exec(name);
    if (tag) return tag[1];
    return digest ? "" : "latest";
}

/** validateImageName + the major check of validateConfiguration (machinery version.FromTag). */
export function imageProblem(image: string): string | undefined {
    const tag = imageTag(image);
    if (tag === "latest") return "CloudNativePG refuses the tag 'latest' (it cannot detect upgrades); use a version tag such as 17.6-standard-trixie";
    if (tag === "") return "CloudNativePG refuses an image given by digest only (it cannot detect upgrades); add the version tag before the digest";
    const version = /^(\d\.?)+/.exec(tag)?.[0];
    if (!version) return `CloudNativePG reads the PostgreSQL version from the tag, and "${tag}" does not start with one`;
    const major = Number(version.split(".")[0]);
    if (major < 13) return `CloudNativePG supports PostgreSQL 13 or newer (the tag says ${major})`;
    return undefined;
}

interface DbLike {
    clusterName?: unknown;
    image?: unknown;
    delayedReplica?: { enabled?: unknown };
    restore?: { enabled?: unknown; clusterName?: unknown };
}

/** Problems, each naming the key and what is allowed; empty when CNPG will admit the clusters. */
export function cnpgAdmissionProblems(db: DbLike | undefined): string[] {
    if (!db || typeof db.clusterName !== "string") return [];
    const problems: string[] = [];
    const restoreOn = db.restore?.enabled === true && typeof db.restore.clusterName === "string";
    const checkName = (key: string, value: string, cluster: string, writable: boolean) => {
        const what = cluster === value ? "" : ` (the Cluster ${JSON.stringify(cluster)} is derived from it)`;
        if (!DNS_1035.test(cluster)) {
            problems.push(`fhir-ha:${key} = ${JSON.stringify(value)}: a CloudNativePG Cluster name must start with a letter (DNS-1035 label)${what}`);
        } else if (cluster.length > MAX_CLUSTER_NAME) {
            problems.push(`fhir-ha:${key} = ${JSON.stringify(value)}: CloudNativePG allows at most ${MAX_CLUSTER_NAME} characters in a Cluster name${what}`);
        } else if (writable && cluster.length + PRUNER_SUFFIX.length > MAX_CRONJOB_NAME) {
            problems.push(
                `fhir-ha:${key} = ${JSON.stringify(value)}: at most ${MAX_CRONJOB_NAME - PRUNER_SUFFIX.length} characters, ` +
                    `so that the CronJob ${cluster}${PRUNER_SUFFIX} stays within Kubernetes' ${MAX_CRONJOB_NAME}`,
            );
        }
    };
    checkName("database.clusterName", db.clusterName, db.clusterName, true);
    if (restoreOn) checkName("database.restore.clusterName", db.restore!.clusterName as string, db.restore!.clusterName as string, true);
    if (db.delayedReplica?.enabled === true) {
        const [key, followed] = restoreOn
            ? ["database.restore.clusterName", db.restore!.clusterName as string]
            : ["database.clusterName", db.clusterName];
        checkName(key, followed, delayedClusterName(followed), false);
    }
    if (typeof db.image === "string" && db.image !== "") {
        const p = imageProblem(db.image);
        if (p) problems.push(`fhir-ha:database.image = ${JSON.stringify(db.image)}: ${p}`);
    }
    return problems;
}
