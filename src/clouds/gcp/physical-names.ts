/**
 * Physical names of the GCP resources whose names are chosen rather than generated: the backup
 * bucket (global namespace, and a stable name lets a rebuilt stack find its archive again) and
 * the Google service accounts (6-30 characters, unique per project). Names derive from the
 * project, the stack and the component name, so two stacks in one project never collide.
 */
import { createHash } from "crypto";

/** Service account ids: 6-30 characters, a lowercase letter first. */
export const SERVICE_ACCOUNT_ID_MAX = 30;
/** Bucket names: 3-63 characters for names without dots. */
export const BUCKET_NAME_MAX = 63;

/**
 * A lowercase name of letters, digits and single hyphens that starts with a letter, ends with a
 * letter or digit and fits `maxLength`. A name that would be too long keeps its start and gets a
 * short hash of the whole text, so distinct inputs stay distinct after shortening.
 */
export function gcpName(text: string, maxLength: number): string {
    let s = text
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-+/g, "-")
        .replace(/^[^a-z]+/, "")
        .replace(/-+$/, "");
    if (s === "") s = "fhir";
    if (s.length <= maxLength) return s;
    const hash = createHash("sha256").update(text).digest("hex").slice(0, 6);
    return `${s.slice(0, maxLength - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** The backup bucket: `<project>-<stack>-<component>-backups`, shortened with a hash when needed. */
export function backupBucketName(project: string, stack: string, component: string): string {
    return gcpName(`${project}-${stack}-${component}-backups`, BUCKET_NAME_MAX);
}

/** A Google service account id for one role (`backup`, `nodes`) of one stack's component. */
export function serviceAccountId(stack: string, component: string, role: string): string {
    return gcpName(`${stack}-${component}-${role}`, SERVICE_ACCOUNT_ID_MAX);
}
