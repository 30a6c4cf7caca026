/**
 * `database.standbyOf.archiveURL`: the other region's archive as replicated into this region,
 * which a standby cluster reads and never writes. One parser for every cloud, so the validation
 * (src/config/validate.ts), the clouds' read grants (src/clouds/<cloud>) and the docs agree on
 * what the URL may name:
 * - aws / kubernetes: `s3://<bucket>`: the other stack's replica bucket in this region (aws), or
 *   a bucket of the store behind `fhir-ha:kubernetes.s3Endpoint`;
 * - gcp: `gs://<bucket>`: the other stack's dual-region bucket, of which this region is one half;
 * - azure: `https://<account>-secondary.blob.core.windows.net/<container>`: the RA-GZRS secondary
 *   of the other stack's account, served from Azure's pair of its region (this region).
 * The URL is the base of the store, as `BackupStore.destinationPath` is (no path below the bucket
 * or container, no trailing slash): the grants are scoped to exactly that bucket or container,
 * and the database tier appends the cluster's archive prefix.
 *
 * Naming rules: S3 https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 * (3-63 lowercase letters, digits, dots, hyphens; letter or digit at both ends); GCS
 * https://cloud.google.com/storage/docs/buckets#naming (also underscores); Azure
 * https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
 * (account 3-24 lowercase letters and digits; container 3-63 lowercase letters, digits and
 * single hyphens, starting with a letter or digit) and the secondary endpoint
 * `<account>-secondary.blob.core.windows.net`
 * (https://learn.microsoft.com/azure/storage/common/storage-redundancy, "Read access to data in
 * the secondary region").
 *
 * Pure: no SDK is loaded here.
 */

export const STANDBY_ARCHIVE_KEY = "fhir-ha:database.standbyOf.archiveURL";

export interface StandbyArchive {
    /** The URL as given. */
    url: string;
    /** S3 or GCS bucket; "" on azure. */
    bucket: string;
    /** Azure storage account name (without `-secondary`); "" elsewhere. */
    account: string;
    /** Azure blob container; "" elsewhere. */
    container: string;
}

const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const GCS_BUCKET = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
const AZURE_ACCOUNT = /^[a-z0-9]{3,24}$/;
const AZURE_CONTAINER = /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** What each cloud accepts, as the error messages spell it. */
export const STANDBY_ARCHIVE_FORMS: Record<string, string> = {
    aws: "s3://<bucket>: the replica bucket the other stack's backup.replica.region created in this region",
    kubernetes: "s3://<bucket>: the other region's bucket as your store replicates it, reachable through fhir-ha:kubernetes.s3Endpoint",
    gcp: "gs://<bucket>: the other stack's dual-region backup bucket",
    azure: "https://<account>-secondary.blob.core.windows.net/<container>: the read-only secondary endpoint of the other stack's RA-GZRS account",
};

function bucketOf(url: string, scheme: string, pattern: RegExp): string | undefined {
    if (!url.startsWith(scheme)) return undefined;
    const bucket = url.slice(scheme.length);
    return pattern.test(bucket) && !bucket.includes("..") ? bucket : undefined;
}

function azureOf(url: string): { account: string; container: string } | undefined {
    const match = /^https:\/\/([^./]+)-secondary\.blob\.core\.windows\.net\/([^/]+)$/.exec(url);
    if (!match || !AZURE_ACCOUNT.test(match[1]) || !AZURE_CONTAINER.test(match[2])) return undefined;
    return { account: match[1], container: match[2] };
}

/**
 * The archive `url` names on `cloud`, or a problem naming the key and the accepted form. An empty
 * URL is a problem too: call this only for a stack with `standbyOf.cluster` set.
 */
export function parseStandbyArchive(cloud: string, url: string): { archive?: StandbyArchive; problem?: string } {
    const form = STANDBY_ARCHIVE_FORMS[cloud];
    if (!form) return { problem: `${STANDBY_ARCHIVE_KEY}: no standby archive on cloud ${JSON.stringify(cloud)}` };
    const refuse = (why: string) => ({ problem: `${STANDBY_ARCHIVE_KEY} = ${JSON.stringify(url)}: ${why}; on ${cloud} it must be ${form}` });
    if (!url) return refuse("empty, but fhir-ha:database.standbyOf.cluster is set");
    if (url.endsWith("/")) return refuse("no trailing slash");
    switch (cloud) {
        case "aws":
        case "kubernetes": {
            const bucket = bucketOf(url, "s3://", S3_BUCKET);
            return bucket ? { archive: { url, bucket, account: "", container: "" } } : refuse("not an S3 bucket URL (no path below the bucket)");
        }
        case "gcp": {
            const bucket = bucketOf(url, "gs://", GCS_BUCKET);
            return bucket ? { archive: { url, bucket, account: "", container: "" } } : refuse("not a GCS bucket URL (no path below the bucket)");
        }
        default: {
            const found = azureOf(url);
            if (found) return { archive: { url, bucket: "", ...found } };
            return /^https:\/\/[a-z0-9]{3,24}\.blob\.core\.windows\.net\//.test(url)
                ? refuse("the primary endpoint of an account lives in the other region and dies with it; read its -secondary endpoint")
                : refuse("not an Azure Blob container URL (no path below the container)");
        }
    }
}

/** Problems of `standbyOf.archiveURL` for the validation: [] when the stack is not a region pair's member. */
export function standbyArchiveProblems(cloud: string, standbyCluster: string, archiveURL: string): string[] {
    if (!standbyCluster) return [];
    const { problem } = parseStandbyArchive(cloud, archiveURL);
    return problem ? [problem] : [];
}
