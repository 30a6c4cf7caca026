/**
 * IAM roles for Kubernetes service accounts (IRSA): a role that only the listed service accounts
 * of this cluster can assume, through the cluster's OIDC provider.
 */
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountRef } from "../../names";
import { irsaTrustPolicy } from "./policies";

export interface IrsaRoleArgs {
    oidcProviderArn: pulumi.Input<string>;
    issuerUrl: pulumi.Input<string>;
    serviceAccounts: ServiceAccountRef[];
    description: string;
    tags: Record<string, string>;
}

export function createIrsaRole(name: string, args: IrsaRoleArgs, parent: pulumi.Resource): iam.Role {
    const trust = pulumi
        .all([args.oidcProviderArn, args.issuerUrl])
        .apply(([arn, issuer]) => JSON.stringify(irsaTrustPolicy(arn, issuer, args.serviceAccounts)));
    return new iam.Role(name, { assumeRolePolicy: trust, description: args.description, tags: args.tags }, { parent });
}
