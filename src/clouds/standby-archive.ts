/**
 * What a cloud grants for `database.standbyOf`: read access to the other region's archive as
 * replicated into this region (src/cloud/standby-archive.ts says which URL names it), for the
 * identity the Barman Cloud plugin already uses here. Nothing when the stack is not part of a
 * region pair. A malformed URL stops the cloud before any of its resources is registered (the
 * validation refuses it earlier with the same message).
 */
import { ConfigValidationError } from "../config/errors";
import { FhirHaConfig } from "../config/types";
import { parseStandbyArchive, StandbyArchive } from "../cloud/standby-archive";

export function standbyArchiveOf(config: Pick<FhirHaConfig, "cloud" | "database">): StandbyArchive | undefined {
    const standbyOf = config.database.standbyOf;
    if (!standbyOf?.cluster) return undefined;
    const { archive, problem } = parseStandbyArchive(config.cloud, standbyOf.archiveURL);
    if (problem) throw new ConfigValidationError([problem]);
    return archive;
}
