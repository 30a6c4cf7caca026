import { list, T } from "../resources";
import { CheckContext, CheckedResource, Rule } from "../types";
import { fail, pass } from "./result";

/**
 * Resources whose loss loses data: the backup storage, and the CNPG Clusters (the operator
 * deletes a Cluster's volumes with it) and their ObjectStores.
 */
export const STATEFUL_TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "gcp:storage/bucket:Bucket",
    "azure-native:storage:StorageAccount",
    "azure-native:storage:BlobContainer",
    T.cnpgCluster,
    T.objectStore,
];

/** Keys are stateful only when they encrypt the backups: without the key the backups are noise. */
const KEY_TYPES = ["aws:kms/key:Key", "gcp:kms/cryptoKey:CryptoKey"];
const ENCRYPTION_CONFIG = /^(aws:s3\/bucketServerSideEncryptionConfiguration(V2)?|gcp:storage\/bucket):/;

function encryptsBackups(key: CheckedResource, ctx: CheckContext): boolean {
    const configs = JSON.stringify(ctx.resources.filter((r) => ENCRYPTION_CONFIG.test(r.type)).map((r) => r.inputs));
    // A preview names the key by ARN or ID; the offline plan by a reference to the key's URN
    // (`{ unknown, from: [{ urn, output: "arn" }] }`), rendered programs by the marker "Key <name> .arn".
    const refs = [key.inputs?.arn, key.inputs?.id, `"urn":"${key.urn}"`, `${key.type.split(":").pop()} ${key.name} .`].filter((v): v is string => typeof v === "string");
    return refs.some((ref) => configs.includes(ref));
}

function options(r: CheckedResource): string {
    return [r.protect ? "protect" : "", r.retainOnDelete ? "retainOnDelete" : ""].filter(Boolean).join(" + ");
}

/**
 * `protect` makes a delete or replace fail; `retainOnDelete` leaves the resource in the cloud or
 * cluster when Pulumi drops it. Either keeps the data. CrossGuard does not report retainOnDelete:
 * a resource without protect whose retainOnDelete is unknown is listed as unverified, not failed.
 */
export const statefulProtected: Rule = {
    id: "stateful-protected",
    item: "security",
    severity: "mandatory",
    description: "Stateful resources (backup storage and its keys, database clusters) are protect-ed or retainOnDelete",
    check(ctx) {
        const stateful = ctx.resources.filter((r) => STATEFUL_TYPES.includes(r.type) || (KEY_TYPES.includes(r.type) && encryptsBackups(r, ctx)));
        if (stateful.length === 0) return pass("no stateful resources in the plan");
        const exposed = stateful.filter((r) => r.protect === false && r.retainOnDelete === false);
        const unverified = stateful.filter((r) => !r.protect && r.retainOnDelete === undefined);
        const kept = stateful.filter((r) => r.protect || r.retainOnDelete);
        if (exposed.length > 0) {
            return fail(`${list(exposed.map((r) => `${r.type} ${r.name}`))} can be deleted with their data. Fix: register them with protect: true or retainOnDelete: true (and aliases when renamed)`);
        }
        return pass(
            [
                kept.length > 0 ? `kept: ${kept.map((r) => `${r.name} (${options(r)})`).join(", ")}` : "",
                unverified.length > 0 ? `unverified here (retainOnDelete is not reported; the offline plan checks it): ${unverified.map((r) => r.name).join(", ")}` : "",
            ]
                .filter(Boolean)
                .join("; "),
        );
    },
};
