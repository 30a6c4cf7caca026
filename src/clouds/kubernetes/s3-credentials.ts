import * as pulumi from "@pulumi/pulumi";
import { BackupStore } from "../../cloud/types";

/** Name of the Secret (in the database namespace) holding the static S3 keys. */
export const S3_CREDENTIALS_SECRET = "fhir-ha-backup-s3";

export interface StaticS3Store {
    bucket: string;
    endpoint: string;
    region: string;
    accessKeyId?: pulumi.Input<string>;
    secretAccessKey?: pulumi.Input<string>;
}

/**
 * An S3-compatible store reached with static keys: the keys go into a Secret the database tier
 * creates, and the ObjectStore references them by key. Validation has already required both
 * secrets for the kubernetes target.
 */
export function s3CredentialsFromSecret(s: StaticS3Store): BackupStore {
    const ref = (key: string) => ({ name: S3_CREDENTIALS_SECRET, key });
    return {
        kind: "s3",
        destinationPath: `s3://${s.bucket}`,
        endpointURL: s.endpoint,
        credentials: {
            s3Credentials: {
                accessKeyId: ref("ACCESS_KEY_ID"),
                secretAccessKey: ref("ACCESS_SECRET_KEY"),
                region: ref("REGION"),
            },
        },
        credentialsSecret: {
            name: S3_CREDENTIALS_SECRET,
            stringData: {
                ACCESS_KEY_ID: pulumi.secret(s.accessKeyId ?? ""),
                ACCESS_SECRET_KEY: pulumi.secret(s.secretAccessKey ?? ""),
                REGION: s.region,
            },
        },
        serviceAccountAnnotations: {},
        podLabels: {},
    };
}
