/**
 * What every cloud component takes. It lives with the clouds, above config: the interface the
 * tiers consume (src/cloud/types.ts) sits below config and imports none of it.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClusterTarget, ConfigSecrets } from "../cloud/types";
import { FhirHaConfig } from "../config/types";
import { ServiceAccountRef } from "../names";

/** Arguments every cloud component takes. */
export interface CloudClusterArgs {
    /** The validated stack config (`validateConfig`). */
    config: FhirHaConfig;
    /** Service accounts that must be able to read and write the backup store (`databaseNames().backupServiceAccounts`). */
    backupServiceAccounts: ServiceAccountRef[];
    secrets?: ConfigSecrets;
}

/** A cloud component class: `new AwsCluster(name, args, opts)` and so on. */
export type CloudClusterConstructor = new (
    name: string,
    args: CloudClusterArgs,
    opts?: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource & ClusterTarget;
