/**
 * The AWS part of the offline plan's mock layer. Answers are deterministic functions of the
 * inputs: the availability zones a region really has (as of 2025), a documentation account
 * (123456789012, the one AWS's own docs use) deploying through a role, and ARNs derived from
 * names where AWS derives them too. Values that need a deploy (generated ids, the cluster's
 * endpoint and OIDC issuer, autonamed roles) are `afterDeploy` markers. No provider SDK is
 * imported here.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterDeploy, CloudMocks } from "./types";

export const MOCK_AWS_ACCOUNT = "123456789012";
export const MOCK_AWS_CALLER_ARN = `arn:aws:sts::${MOCK_AWS_ACCOUNT}:assumed-role/fhir-ha-deployer/plan`;

/** Availability zones (zone-type availability-zone) per region, in the order EC2 lists them. */
const REGION_ZONES: Record<string, string[]> = {
    "us-east-1": ["a", "b", "c", "d", "e", "f"],
    "us-east-2": ["a", "b", "c"],
    "us-west-2": ["a", "b", "c", "d"],
    "eu-central-1": ["a", "b", "c"],
    "eu-west-1": ["a", "b", "c"],
    "eu-west-2": ["a", "b", "c"],
    "eu-north-1": ["a", "b", "c"],
    "ap-southeast-2": ["a", "b", "c"],
    "ap-northeast-1": ["a", "c", "d"],
};

/** Zone ids are per account in reality; the mock numbers them in order, as use1-az1 .. use1-az6 read. */
function zoneIdPrefix(region: string): string {
    const [area, direction, n] = region.split("-");
    return `${area}${direction.replace(/(north|south|east|west|central)/g, (w) => w[0])}${n}`;
}

export function mockAvailabilityZones(region: string): { names: string[]; zoneIds: string[] } {
    const letters = REGION_ZONES[region] ?? ["a", "b", "c"];
    return {
        names: letters.map((l) => `${region}${l}`),
        zoneIds: letters.map((_, i) => `${zoneIdPrefix(region)}-az${i + 1}`),
    };
}

const arnOfRole = (name: string) => afterDeploy("aws:iam/role:Role", name, "arn");

export const awsMocks: CloudMocks = {
    calls: {
        "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs) => {
            const region = inputs.region ?? "us-east-1";
            const zones = mockAvailabilityZones(region);
            return { ...zones, groupNames: [region], id: region, region, state: inputs.state };
        },
        // The provider's region is aws:region (the default provider reads that key).
        // (Renders without aws:region, as unit tests make, get no region: the program then uses the validated one.)
        "aws:index/getRegion:getRegion": () => {
            const region = new pulumi.Config("aws").get("region");
            return region ? { id: region, name: region, region, endpoint: `ec2.${region}.amazonaws.com`, description: region } : {};
        },
        // The role behind the session; a real role may have a path, which only IAM knows.
        "aws:iam/getSessionContext:getSessionContext": (inputs) => {
            const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(String(inputs.arn));
            const issuerArn = m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : String(inputs.arn);
            return { arn: inputs.arn, id: inputs.arn, issuerArn, issuerId: "AROAEXAMPLEDEPLOYER", issuerName: m?.[3] ?? "", sessionName: m?.[4] ?? "" };
        },
        // Which add-on version EKS names as the default depends on AWS's catalogue on the day: a marker.
        "aws:eks/getAddonVersion:getAddonVersion": (inputs) => ({
            id: inputs.addonName,
            addonName: inputs.addonName,
            kubernetesVersion: inputs.kubernetesVersion,
            mostRecent: inputs.mostRecent,
            version: `(known after deploy: the ${inputs.addonName} default for Kubernetes ${inputs.kubernetesVersion})`,
        }),
        // The cloud of a new stack: no EKS cluster of that name yet (live-cluster.ts), and no
        // subnets of its network (existing-subnets.ts). Lifecycle scenarios layer the cloud of a
        // deployed stack over these (tests/support/lifecycle.ts, cloudState).
        "aws:eks/getClusters:getClusters": () => ({ id: "clusters", names: [] }),
        "aws:eks/getCluster:getCluster": (inputs) => {
            throw new Error(`the mocked account has no EKS cluster ${inputs.name} (getClusters lists none)`);
        },
        "aws:ec2/getSubnets:getSubnets": (inputs) => ({ id: "subnets", filters: inputs.filters, ids: [] }),
        // The AMI release AWS recommends on the day: a marker naming the parameter it comes from.
        "aws:ssm/getParameter:getParameter": (inputs) => {
            const value = `(known after deploy: SSM ${inputs.name})`;
            return { id: inputs.name, name: inputs.name, arn: `arn:aws:ssm:::parameter${inputs.name}`, type: "String", value, insecureValue: value, version: 1 };
        },
        // A new cluster has no node groups yet.
        "aws:eks/getNodeGroups:getNodeGroups": (inputs) => ({ id: inputs.clusterName, clusterName: inputs.clusterName, names: [] }),
        "aws:index/getCallerIdentity:getCallerIdentity": () => ({
            accountId: MOCK_AWS_ACCOUNT,
            arn: MOCK_AWS_CALLER_ARN,
            id: MOCK_AWS_ACCOUNT,
            userId: "AROAEXAMPLEDEPLOYER:plan",
        }),
    },
    outputs: {
        "aws:iam/role:Role": (name, inputs) => ({ arn: arnOfRole(name), name: inputs.name ?? afterDeploy("aws:iam/role:Role", name, "name") }),
        "aws:kms/key:Key": (name) => ({
            arn: afterDeploy("aws:kms/key:Key", name, "arn"),
            keyId: afterDeploy("aws:kms/key:Key", name, "keyId"),
        }),
        "aws:s3/bucket:Bucket": (name, inputs) => {
            const bucket = inputs.bucket ?? afterDeploy("aws:s3/bucket:Bucket", name, "bucket");
            return { bucket, arn: `arn:aws:s3:::${bucket}` };
        },
        "aws:eks/cluster:Cluster": (name, inputs) => ({
            arn: `arn:aws:eks:${new pulumi.Config("aws").get("region") ?? "eu-central-1"}:${MOCK_AWS_ACCOUNT}:cluster/${inputs.name}`,
            // No version input = the version EKS picks for a new cluster: unknown until deploy (left out,
            // so it stays unknown in the plan and what derives from it, like the autoscaler image, too).
            ...(inputs.version ? { version: inputs.version } : {}),
            endpoint: afterDeploy("aws:eks/cluster:Cluster", name, "endpoint"),
            certificateAuthority: { data: afterDeploy("aws:eks/cluster:Cluster", name, "certificateAuthority.data") },
            identities: [{ oidcs: [{ issuer: `https://${afterDeploy("aws:eks/cluster:Cluster", name, "identities[0].oidcs[0].issuer")}` }] }],
            status: "ACTIVE",
        }),
        "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (_name, inputs) => ({
            // IAM names the provider after the issuer's host and path.
            arn: `arn:aws:iam::${MOCK_AWS_ACCOUNT}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}`,
        }),
        // A new launch template is version 1; its id only EC2 knows.
        "aws:ec2/launchTemplate:LaunchTemplate": (name) => ({ id: afterDeploy("aws:ec2/launchTemplate:LaunchTemplate", name, "id"), latestVersion: 1 }),
        "aws:eks/accessEntry:AccessEntry": (_name, inputs) => ({ principalArn: inputs.principalArn }),
    },
};
