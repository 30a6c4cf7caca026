/**
 * The identity the Kubernetes provider and kubectl use must be the one the Pulumi AWS provider
 * uses: the EKS access entry is granted to that identity, and `aws eks get-token` signs a token
 * for whoever runs it. So the kubeconfig's exec plugin gets the provider's named profile
 * (`aws:profile`) and role (`aws:assumeRoles`) and its region.
 *
 * `--profile` is passed as an argument rather than `AWS_PROFILE`, because credentials in the
 * environment (AWS_ACCESS_KEY_ID) take precedence over AWS_PROFILE in the AWS CLI; pulumi-eks
 * does the same (pulumi/pulumi-eks nodejs/eks/cluster/cluster.ts, generateKubeconfig).
 * Source for `--role-arn`: AWS CLI reference, `aws eks get-token`
 * (https://docs.aws.amazon.com/cli/latest/reference/eks/get-token.html).
 */
import { ConfigValidationError } from "../../config/errors";

export interface TokenIdentity {
    /** `aws:profile`, when set. */
    profile?: string;
    /** The role of `aws:assumeRoles`, when set. */
    roleArn?: string;
}

/** The raw provider config values this module reads (as `pulumi.Config("aws")` returns them). */
export interface AwsProviderValues {
    profile?: string;
    /** `aws:assumeRoles` (pulumi-aws v7: a list), or the older single `aws:assumeRole`. */
    assumeRoles?: unknown;
    assumeRole?: unknown;
    /** `aws:accessKey`: static keys in stack config, which `aws eks get-token` never sees. */
    accessKey?: unknown;
}

function asList(v: unknown): unknown[] {
    if (v === undefined || v === null || v === "") return [];
    if (typeof v === "string") {
        try {
            return asList(JSON.parse(v));
        } catch {
            return [v];
        }
    }
    return Array.isArray(v) ? v : [v];
}

/**
 * The identity for `aws eks get-token`. A chain of several roles cannot be expressed by
 * get-token (it takes one role), and an external id not at all: both are config errors here,
 * before anything is created, rather than a 401 from the cluster after it exists.
 */
export function tokenIdentity(values: AwsProviderValues): TokenIdentity {
    const roles = [...asList(values.assumeRoles), ...asList(values.assumeRole)] as Record<string, unknown>[];
    const problems: string[] = [];
    if (roles.length > 1) {
        problems.push(
            "aws:assumeRoles: fhir-ha supports one role: `aws eks get-token` (the kubeconfig's credential) assumes a single role; " +
                "put the chain in a named profile (aws:profile) instead",
        );
    }
    const role = roles[0];
    if (role && typeof role === "object" && role.externalId) {
        problems.push("aws:assumeRoles[0].externalId: `aws eks get-token` cannot pass an external id; use a named profile (aws:profile) with external_id");
    }
    if (values.accessKey !== undefined && values.accessKey !== "") {
        problems.push(
            "aws:accessKey: the kubeconfig's credential (`aws eks get-token`) cannot read keys from Pulumi config, so Kubernetes would be " +
                "called as another identity and refuse it (HTTP 401) once the cluster exists; put the keys in a named profile (aws:profile) " +
                "or in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY of the shell that runs pulumi, and remove aws:accessKey and aws:secretKey",
        );
    }
    if (problems.length > 0) throw new ConfigValidationError(problems);
    const roleArn = role && typeof role === "object" && typeof role.roleArn === "string" && role.roleArn !== "" ? role.roleArn : undefined;
    const profile = values.profile ? values.profile : undefined;
    return { ...(profile ? { profile } : {}), ...(roleArn ? { roleArn } : {}) };
}
