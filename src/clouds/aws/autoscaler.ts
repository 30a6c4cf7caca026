/**
 * The Cluster Autoscaler, from its official chart (kubernetes/autoscaler,
 * cluster-autoscaler/charts/cluster-autoscaler), with an IRSA role. It is what makes
 * `maxNodesPerZone` real: it raises a zone's node group when pods are Pending there and lowers
 * it when nodes stay idle.
 *
 * Why the Cluster Autoscaler and not Karpenter: the stack's capacity model is one managed node
 * group per zone (an EBS volume binds a Postgres pod to its zone), and the Cluster Autoscaler
 * scales exactly those groups, finds them by the tags EKS puts on their Auto Scaling groups
 * (`k8s.io/cluster-autoscaler/enabled`, `k8s.io/cluster-autoscaler/<cluster>`; EKS user guide,
 * managed node groups) and keeps zones even with `--balance-similar-node-groups` (its FAQ:
 * "I'm running cluster with nodes in multiple zones for HA purposes"). Karpenter launches
 * instances outside node groups, so node auto repair, the zone-by-zone rollout chain and the
 * checklist's view of node groups would all stop applying to the nodes it adds.
 *
 * The image's minor version must match the cluster's (the project releases one minor per
 * Kubernetes minor, each starting at `.0`), so the tag follows the cluster's `version` output.
 */
import * as iam from "@pulumi/aws/iam";
import type * as helmv4 from "@pulumi/kubernetes/helm/v4";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ChartRelease, installRelease } from "../../charts/release";
import { CHARTS_AWS } from "./charts";
import { createIrsaRole } from "./irsa";

export const AUTOSCALER_SERVICE_ACCOUNT = { namespace: "kube-system", name: "cluster-autoscaler" };

/**
 * The permissions of the "Full Cluster Autoscaler Features Policy" (kubernetes/autoscaler
 * cluster-autoscaler/cloudprovider/aws/README.md), with the two write actions limited to Auto
 * Scaling groups tagged as this cluster's.
 */
export function autoscalerPolicy(clusterName: string): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    "eks:DescribeNodegroup",
                ],
                Resource: "*",
            },
            {
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
            },
        ],
    };
}

/** The image tag for a cluster version ("1.34" → "v1.34.0"). */
export function autoscalerImageTag(kubernetesVersion: string): string {
    const m = /^1\.(\d+)/.exec(kubernetesVersion);
    if (!m) throw new Error(`cannot pick a Cluster Autoscaler image for Kubernetes version ${JSON.stringify(kubernetesVersion)}`);
    return `v1.${m[1]}.0`;
}

/** Chart values: auto-discovery of this cluster's groups, zones kept even, IRSA, no IMDS needed. */
export function autoscalerValues(clusterName: string, region: string, roleArn: string, kubernetesVersion: string): Record<string, unknown> {
    return {
        cloudProvider: "aws",
        awsRegion: region,
        autoDiscovery: { clusterName },
        fullnameOverride: "cluster-autoscaler",
        image: { tag: autoscalerImageTag(kubernetesVersion) },
        rbac: { serviceAccount: { create: true, name: AUTOSCALER_SERVICE_ACCOUNT.name, annotations: { "eks.amazonaws.com/role-arn": roleArn } } },
        extraArgs: {
            "balance-similar-node-groups": true,
            // Postgres pods use EBS volumes (not local storage) and can move; emptyDir scratch must not pin a node forever.
            "skip-nodes-with-local-storage": false,
            expander: "least-waste",
        },
        podDisruptionBudget: { maxUnavailable: 1 },
    };
}

export interface AutoscalerArgs {
    clusterName: string;
    region: string;
    kubernetesVersion: pulumi.Input<string>;
    oidcProviderArn: pulumi.Input<string>;
    issuerUrl: pulumi.Input<string>;
    provider: KubernetesProvider;
    tags: Record<string, string>;
    dependsOn: pulumi.Resource[];
}

export function createAutoscaler(name: string, args: AutoscalerArgs, parent: pulumi.Resource): helmv4.Chart {
    const role = createIrsaRole(
        `${name}-autoscaler`,
        {
            oidcProviderArn: args.oidcProviderArn,
            issuerUrl: args.issuerUrl,
            serviceAccounts: [AUTOSCALER_SERVICE_ACCOUNT],
            description: "fhir-ha: Cluster Autoscaler",
            tags: args.tags,
        },
        parent,
    );
    const policy = new iam.RolePolicy(`${name}-autoscaler`, { role: role.id, policy: JSON.stringify(autoscalerPolicy(args.clusterName)) }, { parent });
    const values = pulumi.all([role.arn, args.kubernetesVersion]).apply(([arn, version]) => autoscalerValues(args.clusterName, args.region, arn, version));
    return installRelease(name, autoscalerRelease(values), { parent, provider: args.provider, dependsOn: [policy, ...args.dependsOn] });
}

/**
 * The chart in kube-system as release `cluster-autoscaler`: the Chart resource stays
 * `<name>-cluster-autoscaler`, and the service account the IRSA role trusts lives there.
 */
export function autoscalerRelease(values: pulumi.Input<Record<string, unknown>>): ChartRelease<pulumi.Input<Record<string, unknown>>> {
    const chart = CHARTS_AWS.clusterAutoscaler;
    return {
        key: "clusterAutoscaler",
        releaseName: "cluster-autoscaler",
        chart: chart.chart,
        version: chart.version,
        repository: chart.repository,
        namespace: AUTOSCALER_SERVICE_ACCOUNT.namespace,
        values,
    };
}
