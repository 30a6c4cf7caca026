import { containers } from "../resources";
import { Rule } from "../types";
import { perFhirDeployment } from "./fhir-common";

/** `registry/repository[:tag]@sha256:<64 hex>`: the content is fixed, whatever the tag later points at. */
const DIGEST = /@sha256:[0-9a-f]{64}$/;

/**
 * A tag can be moved to other content by whoever controls the repository; a digest cannot. The
 * package's default images are tag-only (src/config/pins.ts says why), so this stays advisory:
 * it tells the reviewer which images a retag could change, and the key that pins them.
 */
export const fhirImageDigest: Rule = {
    id: "fhir-image-digest",
    item: "security",
    severity: "advisory",
    description: "FHIR server images are pinned by digest as well as by tag",
    check: (ctx) =>
        perFhirDeployment(
            ctx,
            "set fhir-ha:fhir.image to <repository>:<tag>@sha256:<digest>, the digest read from the registry (docs/fhir-server.md, \"Pin the digest too\")",
            (d) => {
                const images = [...(d.inputs?.spec?.template?.spec?.initContainers ?? []), ...containers(d)].map((c) => String(c.image ?? ""));
                const tagOnly = images.filter((i) => !DIGEST.test(i));
                return {
                    problem: tagOnly.length > 0 ? `${tagOnly.join(", ")} ${tagOnly.length === 1 ? "is" : "are"} pinned by tag only` : undefined,
                    found: `${images.join(", ")} pinned by digest`,
                };
            },
            "advisory",
        ),
};
