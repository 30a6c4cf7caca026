/**
 * How the Barman Cloud plugin reaches the bucket: an IRSA role trusted by exactly the service
 * accounts CNPG creates for our Clusters (names from src/names.ts, the same source the database
 * tier uses, so a rename moves both), allowed onto the backup bucket and its key only.
 */
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { BackupStore } from "../../cloud/types";
import { ServiceAccountRef } from "../../names";
import { createIrsaRole } from "./irsa";
import { backupAccessPolicy, StandbyReadArgs, standbyReadPolicy } from "./policies";

/** The annotation the EKS pod identity webhook reads to inject web-identity credentials. */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

export interface BackupIdentityArgs {
    oidcProviderArn: pulumi.Input<string>;
    issuerUrl: pulumi.Input<string>;
    serviceAccounts: ServiceAccountRef[];
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    /** `database.standbyOf`: the other region's replicated archive, read only (policies.ts `standbyReadPolicy`). */
    standbyRead?: pulumi.Output<StandbyReadArgs>;
    tags: Record<string, string>;
}

export function createBackupRole(name: string, args: BackupIdentityArgs, parent: pulumi.Resource): iam.Role {
    const role = createIrsaRole(
        name,
        {
            oidcProviderArn: args.oidcProviderArn,
            issuerUrl: args.issuerUrl,
            serviceAccounts: args.serviceAccounts,
            description: "fhir-ha: Barman Cloud archiving and restore of the CNPG clusters",
            tags: args.tags,
        },
        parent,
    );
    new iam.RolePolicy(
        `${name}-access`,
        {
            role: role.id,
            policy: pulumi.all([args.bucketArn, args.keyArn]).apply(([bucket, key]) => JSON.stringify(backupAccessPolicy(bucket, key))),
        },
        { parent },
    );
    if (args.standbyRead) {
        // A policy of its own: the standby's grant comes and goes with standbyOf without touching the archive's.
        new iam.RolePolicy(
            `${name}-standby-read`,
            { role: role.id, policy: args.standbyRead.apply((read) => JSON.stringify(standbyReadPolicy(read))) },
            { parent },
        );
    }
    return role;
}

/** The cloud-interface view: the plugin inherits the role through the pod's service account. */
export function irsaBackupStore(bucketName: pulumi.Input<string>, roleArn: pulumi.Input<string>): BackupStore {
    return {
        kind: "s3",
        destinationPath: pulumi.interpolate`s3://${bucketName}`,
        credentials: { s3Credentials: { inheritFromIAMRole: true } },
        serviceAccountAnnotations: { [IRSA_ROLE_ANNOTATION]: roleArn },
        podLabels: {},
    };
}
