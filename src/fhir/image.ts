/**
 * Container image references: `repository:tag`, `repository@sha256:<digest>` or both. A tag
 * alone can be moved to other content by whoever controls the repository; a digest cannot.
 * The package's defaults are tag-only (see FHIR_IMAGES in src/config/pins.ts for why), and
 * `fhir.image` accepts `repository:tag@sha256:<64 hex>` to pin the content as well.
 */

export interface ImageReference {
    repository: string;
    tag?: string;
    digest?: string;
}

const REFERENCE = /^([a-z0-9]+(?:[._\-/:][a-z0-9]+)*?)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$/;

/** The parts of a reference, or a sentence saying what is wrong with it. */
export function parseImageReference(image: string): ImageReference | string {
    const at = image.indexOf("@");
    if (at >= 0 && !/^sha256:[0-9a-f]{64}$/.test(image.slice(at + 1))) {
        return "the digest must be sha256: followed by 64 lowercase hex digits";
    }
    const m = REFERENCE.exec(image.trim());
    if (!m) return "is not an image reference (registry/repository:tag, optionally @sha256:<digest>)";
    const [, repository, tag, digest] = m;
    if (!tag && !digest) return "must be pinned: add a version tag, or @sha256:<digest>";
    if (tag === "latest" && !digest) return "\"latest\" moves with every release; pin a version tag or a digest";
    return { repository, tag, digest };
}
