/**
 * The EKS control plane: its IAM role, the KMS key that envelope-encrypts Kubernetes Secrets,
 * the control-plane log group, the cluster, the admin access entry and the OIDC provider for IRSA.
 */
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";
import { controlPlaneLogGroupName } from "./naming";
import { clusterEncryptionPolicy, managedPolicyArn, serviceTrustPolicy } from "./policies";

/** Every control-plane log type: the audit log is what an incident review needs. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];


export interface ControlPlaneArgs {
    clusterName: string;
    kubernetesVersion: string;
    /** upgradePolicy.supportType: from `fhir-ha:aws.extendedSupport` and the live cluster (support-policy.ts). */
    supportType: pulumi.Input<string>;
    privateSubnetIds: pulumi.Input<string>[];
    /** CIDRs for the public endpoint; empty = the public endpoint is off. */
    publicAccessCidrs: string[];
    /** The principal that gets cluster-admin through an access entry. */
    adminPrincipalArn: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    /**
     * Days control-plane logs (the Kubernetes audit log among them) are kept: the audit retention
     * (src/cloud/audit-retention.ts) in a value CloudWatch accepts. EKS's own default group never
     * expires, and bills forever.
     */
    logRetentionDays: number;
    tags: Record<string, string>;
}

/** The endpoint settings: the private endpoint always, the public one only for listed CIDRs. */
export function endpointAccess(publicAccessCidrs: string[]) {
    const open = publicAccessCidrs.length > 0;
    return {
        endpointPrivateAccess: true,
        endpointPublicAccess: open,
        publicAccessCidrs: open ? [...publicAccessCidrs] : undefined,
    };
}

export interface ControlPlane {
    cluster: eks.Cluster;
    /** The admin access entry; with `adminAccess`, what the deploying identity's access rests on. */
    adminEntry: eks.AccessEntry;
    /** The cluster-admin association; Kubernetes objects must wait for it or get 401s. */
    adminAccess: eks.AccessPolicyAssociation;
    oidcProvider: iam.OpenIdConnectProvider;
    /** The issuer URL (https://oidc.eks.<region>.amazonaws.com/id/<id>). */
    issuerUrl: pulumi.Output<string>;
}

export function createControlPlane(name: string, args: ControlPlaneArgs, parent: pulumi.Resource): ControlPlane {
    const opts = { parent };
    const role = new iam.Role(
        `${name}-cluster-role`,
        { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("eks.amazonaws.com")), tags: args.tags },
        opts,
    );
    const rolePolicy = new iam.RolePolicyAttachment(
        `${name}-cluster-policy`,
        { role: role.name, policyArn: pulumi.output(args.partition).apply((p) => managedPolicyArn(p, "AmazonEKSClusterPolicy")) },
        opts,
    );

    const secretsKey = new kms.Key(
        `${name}-secrets-key`,
        {
            description: `Envelope encryption of Kubernetes Secrets in EKS cluster ${args.clusterName}`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            tags: args.tags,
        },
        opts,
    );
    const keyPolicy = new iam.RolePolicy(
        `${name}-cluster-kms`,
        { role: role.id, policy: secretsKey.arn.apply((arn) => JSON.stringify(clusterEncryptionPolicy(arn))) },
        opts,
    );

    const logGroup = new cloudwatch.LogGroup(
        `${name}-control-plane-logs`,
        { name: controlPlaneLogGroupName(args.clusterName), retentionInDays: args.logRetentionDays, tags: args.tags },
        opts,
    );

    const cluster = new eks.Cluster(
        `${name}-cluster`,
        {
            name: args.clusterName,
            // "" = the version EKS gives a new cluster (src/cloud/kubernetes-versions.ts).
            version: args.kubernetesVersion || undefined,
            // EKS puts every cluster in extended support by default and bills it (about $365 a
            // month more) from the day standard support ends. STANDARD instead makes EKS upgrade
            // the control plane at the end of standard support
            // (https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html).
            // While a cluster runs a version in extended support EKS refuses a change to STANDARD:
            // support-policy.ts keeps EXTENDED then.
            upgradePolicy: { supportType: args.supportType },
            // EKS refuses DeleteCluster while this is on, whoever calls it
            // (https://docs.aws.amazon.com/eks/latest/userguide/deletion-protection.html).
            deletionProtection: true,
            roleArn: role.arn,
            vpcConfig: { subnetIds: args.privateSubnetIds, ...endpointAccess(args.publicAccessCidrs) },
            // Access entries only (no aws-auth ConfigMap), and no implicit admin for whoever
            // happened to create the cluster: the admin is the explicit entry below.
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
            enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
            // vpc-cni, kube-proxy and CoreDNS come as managed add-ons (addons.ts), not as
            // unmanaged copies that the add-ons would then have to overwrite.
            bootstrapSelfManagedAddons: false,
            // Lets ARC zonal shift move load-balancer traffic away from an impaired zone.
            zonalShiftConfig: { enabled: true },
            tags: args.tags,
        },
        // protect: a `pulumi destroy` (or a change that would replace the cluster) stops here
        // instead of deleting every node, volume attachment and in-cluster object with it.
        { parent, dependsOn: [rolePolicy, keyPolicy, logGroup], protect: true },
    );

    const adminEntry = new eks.AccessEntry(
        `${name}-admin`,
        { clusterName: cluster.name, principalArn: args.adminPrincipalArn, type: "STANDARD", tags: args.tags },
        opts,
    );
    const adminAccess = new eks.AccessPolicyAssociation(
        `${name}-admin`,
        {
            clusterName: cluster.name,
            principalArn: adminEntry.principalArn,
            policyArn: pulumi.output(args.partition).apply((p) => `arn:${p}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`),
            accessScope: { type: "cluster" },
        },
        opts,
    );

    const issuerUrl = cluster.identities.apply((ids) => {
        const issuer = ids?.[0]?.oidcs?.[0]?.issuer;
        if (!issuer) throw new Error(`EKS cluster ${args.clusterName} reports no OIDC issuer`);
        return issuer;
    });
    // No thumbprint: IAM verifies the EKS issuer against its own trusted CAs.
    const oidcProvider = new iam.OpenIdConnectProvider(
        `${name}-oidc`,
        { url: issuerUrl, clientIdLists: ["sts.amazonaws.com"], tags: args.tags },
        opts,
    );
    return { cluster, adminEntry, adminAccess, oidcProvider, issuerUrl };
}
