/**
 * Synchronous replication for a cluster the FHIR server writes to: ANY n quorum, commits block
 * when fewer than n standbys confirm, and a failover only promotes a standby that provably has
 * every acknowledged commit.
 */
import { DatabaseConfig } from "../config/types";

export function synchronousSettings(db: DatabaseConfig) {
    // `number` must be > 0 (CRD rule); a single-instance dev stack has no standby to wait for.
    if (db.synchronousReplicas < 1) return undefined;
    return {
        method: "any",
        number: db.synchronousReplicas,
        // "preferred" would quietly drop to asynchronous when standbys are missing; the
        // checklist asks that an acknowledged commit is on at least two instances.
        dataDurability: "required",
        // CNPG 1.30: before promoting, the operator checks R + W > N over the standbys it can
        // reach, so it never promotes one that may lack an acknowledged commit.
        failoverQuorum: true,
    };
}
