/**
 * Checks of the `fhir-ha:aws.*` values that the generic schema cannot make (it knows a CIDR is a
 * CIDR, not that the subnet plan needs room). Runs before the component registers anything.
 */
import { ConfigValidationError, show } from "../../config/errors";
import { FhirHaConfig } from "../../config/types";
import { parseCidr } from "../../cloud/ipv4";
import { addonVersionProblems } from "./addons";
import { MAX_VPC_PREFIX, MAX_ZONES, MIN_VPC_PREFIX } from "./subnet-plan";

/** An IAM role or user ARN, the principal kinds an EKS access entry accepts (with an optional path). */
const IAM_PRINCIPAL = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
const STS_ASSUMED_ROLE = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\//;

function isCidr(text: string): boolean {
    try {
        parseCidr(text);
        return true;
    } catch {
        return false;
    }
}

/** Lists every problem with the AWS settings; empty when they are usable. */
export function awsSettingsProblems(config: Pick<FhirHaConfig, "aws" | "zoneCount" | "cluster">): string[] {
    const problems: string[] = [];
    const aws = config.aws;
    if (isCidr(aws.vpcCidr)) {
        const prefix = parseCidr(aws.vpcCidr).prefix;
        if (prefix < MIN_VPC_PREFIX || prefix > MAX_VPC_PREFIX) {
            problems.push(
                `fhir-ha:aws.vpcCidr = ${show(aws.vpcCidr)}: the prefix must be from /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX} ` +
                    `(a private and a public subnet per zone must fit)`,
            );
        }
    }
    if (aws.adminPrincipalArn !== "" && !IAM_PRINCIPAL.test(aws.adminPrincipalArn)) {
        const hint = STS_ASSUMED_ROLE.test(aws.adminPrincipalArn)
            ? "use the IAM role ARN (arn:aws:iam::<account>:role/<name>), not the STS session ARN"
            : "must be an IAM role or user ARN such as arn:aws:iam::123456789012:role/platform-admin, or empty for the deploying identity";
        problems.push(`fhir-ha:aws.adminPrincipalArn = ${show(aws.adminPrincipalArn)}: ${hint}`);
    }
    if (config.zoneCount > MAX_ZONES) problems.push(`fhir-ha:zones = ${config.zoneCount}: the AWS target supports at most ${MAX_ZONES} zones`);
    problems.push(...addonVersionProblems(aws.addonVersions ?? []));
    if (config.cluster.nodeSize.trim() === "") problems.push(`fhir-ha:cluster.nodeSize: required for cloud aws (an EC2 instance type such as m6i.xlarge)`);
    return problems;
}

export function assertAwsSettings(config: Pick<FhirHaConfig, "aws" | "zoneCount" | "cluster">): void {
    const problems = awsSettingsProblems(config);
    if (problems.length > 0) throw new ConfigValidationError(problems);
}

/** The partition ("aws", "aws-cn", "aws-us-gov") an ARN belongs to, for building AWS-managed ARNs. */
export function partitionOf(arn: string): string {
    const m = /^arn:([^:]+):/.exec(arn);
    if (!m) throw new Error(`not an ARN: ${JSON.stringify(arn)}`);
    return m[1];
}

/**
 * The IAM principal behind a caller identity. `sts get-caller-identity` reports a role session
 * (arn:aws:sts::1234:assumed-role/Name/session), but an access entry needs the role itself.
 * The session ARN carries no role path, so roles with a path (IAM Identity Center roles live
 * under /aws-reserved/...) must be given explicitly in `fhir-ha:aws.adminPrincipalArn`.
 */
export function iamPrincipalOf(callerArn: string): string {
    const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
    if (m) return `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
    return callerArn;
}

/**
 * The provider's region against `aws:region`: the subnet plan, the zones, the S3 endpoint's
 * service name and the kubeconfig are built for `aws:region`, so an AWS provider in another
 * region (passed through the component's `providers`) would build a stack that cannot work.
 */
export function regionMismatch(configured: string, provider: string): string | undefined {
    if (configured === provider) return undefined;
    return `aws:region = ${JSON.stringify(configured)}: the AWS provider of this component works in ${JSON.stringify(provider)}; ` +
        "set aws:region to the provider's region, or pass a provider for aws:region";
}
