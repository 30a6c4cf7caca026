/**
 * The one Secret that holds what every Aidbox replica must share: the JWT signing keypair and
 * HS256 secret (Aidbox generates new ones at every start when they are not given, so a token
 * issued by one replica would be rejected by the others), the admin password, the root client
 * secret and the license. The env builder and the component both read the key names from here.
 */
import * as pulumi from "@pulumi/pulumi";
import { FHIR_SERVER_NAME } from "../names";

export const AIDBOX_SECRET_KEYS = {
    adminPassword: "admin-password",
    rootClientSecret: "root-client-secret",
    authPrivateKey: "auth-private-key",
    authPublicKey: "auth-public-key",
    authSecret: "auth-secret",
    license: "license",
} as const;

/** Name of the Secret in the namespace. */
export function aidboxSecretName(): string {
    return `${FHIR_SERVER_NAME}-aidbox`;
}

export interface AidboxSecretValues {
    adminPassword: pulumi.Input<string>;
    rootClientSecret: pulumi.Input<string>;
    /** PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), the form Aidbox documents for RS256 signing. */
    authPrivateKey: pulumi.Input<string>;
    authPublicKey: pulumi.Input<string>;
    authSecret: pulumi.Input<string>;
    /** Absent when no license is configured: Aidbox then asks for activation in its UI. */
    license?: pulumi.Input<string>;
}

/** The Secret's `stringData`, keyed by the names the env builder references. */
export function aidboxSecretData(values: AidboxSecretValues): Record<string, pulumi.Input<string>> {
    const data: Record<string, pulumi.Input<string>> = {
        [AIDBOX_SECRET_KEYS.adminPassword]: values.adminPassword,
        [AIDBOX_SECRET_KEYS.rootClientSecret]: values.rootClientSecret,
        [AIDBOX_SECRET_KEYS.authPrivateKey]: values.authPrivateKey,
        [AIDBOX_SECRET_KEYS.authPublicKey]: values.authPublicKey,
        [AIDBOX_SECRET_KEYS.authSecret]: values.authSecret,
    };
    if (values.license !== undefined) data[AIDBOX_SECRET_KEYS.license] = values.license;
    return data;
}
