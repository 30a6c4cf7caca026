/**
 * Physical names that must be known before the resources exist. The EKS cluster name appears in
 * subnet tags and in its log group name before the cluster is created; the bucket name is what
 * every runbook and restore points at, so it is stable and readable rather than random.
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

/** The EKS cluster name: component and stack, so two stacks in one account never collide. */
export function eksClusterName(componentName: string, stack: string): string {
    const name = slug(`${componentName}-${stack}`).slice(0, EKS_NAME_MAX).replace(/-$/, "");
    if (!/^[a-z0-9]/.test(name)) throw new Error(`cannot derive an EKS cluster name from ${JSON.stringify(componentName)} and ${JSON.stringify(stack)}`);
    return name;
}

/**
 * The backup bucket name: `<cluster>-backups-<account>`. Bucket names are global across all AWS
 * accounts; the account id makes the name ours. The cluster part is shortened to fit 63 characters.
 */
export function backupBucketName(clusterName: string, accountId: string): string {
    const suffix = `-backups-${accountId}`;
    const head = slug(clusterName).slice(0, BUCKET_NAME_MAX - suffix.length).replace(/-$/, "");
    return `${head}${suffix}`;
}

/** The log group EKS writes control-plane logs to; created first so its retention is ours. */
export function controlPlaneLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}
