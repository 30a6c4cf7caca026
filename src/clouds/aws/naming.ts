/**
 * Physical names that must be known before the resources exist. The EKS cluster name appears in
 * subnet tags and in its log group name before the cluster is created.
 */

const EKS_NAME_MAX = 100;
const BUCKET_NAME_MAX = 63;

function slug(text: string): string {
    return text
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "");
}

/**
 * The EKS cluster name: project, component and stack, so two projects (or two stacks) in one
 * account and region never collide. `override` is `fhir-ha:aws.clusterName`, which a stack created
 * before the project was part of the name sets to its cluster's current name (a new name would
 * replace the cluster, which `protect` then refuses).
 */
export function eksClusterName(project: string, componentName: string, stack: string, override = ""): string {
    if (override !== "") return override;
    const name = slug(`${project}-${componentName}-${stack}`).slice(0, EKS_NAME_MAX).replace(/-$/, "");
    if (!/^[a-z0-9]/.test(name)) throw new Error(`cannot derive an EKS cluster name from ${JSON.stringify([project, componentName, stack])}`);
    return name;
}

/**
 * Regions without the account-regional bucket namespace (S3 user guide, "Namespaces for general
 * purpose buckets": all Regions except Middle East (Bahrain) and Middle East (UAE)).
 */
export const NO_ACCOUNT_REGIONAL_NAMESPACE = ["me-south-1", "me-central-1"];

export interface BucketName {
    bucket: string;
    /** `account-regional` or `global` (the `bucketNamespace` input of aws.s3.Bucket, pulumi-aws 7.48+). */
    namespace: string;
}

/**
 * The backup bucket's name. In the account-regional namespace
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/gpbucketnamespaces.html) only this
 * account can ever create `<prefix>-<account>-<region>-an`, so no other account can squat it or
 * re-create it after a deletion; the random part (from @pulumi/random, kept in state) makes it
 * unguessable and keeps two stacks of one project apart. Where the namespace does not exist, the
 * global namespace with the random part and the account id.
 */
export function backupBucketName(clusterName: string, accountId: string, region: string, random: string): BucketName {
    const regional = !NO_ACCOUNT_REGIONAL_NAMESPACE.includes(region);
    const suffix = regional ? `-${random}-${accountId}-${region}-an` : `-${random}-${accountId}`;
    const head = slug(clusterName).slice(0, BUCKET_NAME_MAX - suffix.length).replace(/-$/, "");
    return { bucket: `${head}${suffix}`, namespace: regional ? "account-regional" : "global" };
}

/** The log group EKS writes control-plane logs to; created first so its retention is ours. */
export function controlPlaneLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}
