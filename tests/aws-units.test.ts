import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "../src/config/errors";
import { validateConfig } from "../src/validation";
import { endpointAccess } from "../src/clouds/aws/control-plane";
import { tokenIdentity } from "../src/clouds/aws/credentials";
import { eksKubeconfig, getTokenArgs } from "../src/clouds/aws/kubeconfig";
import { bucketLifecycle, lifecycleRules } from "../src/clouds/aws/lifecycle";
import { backupBucketName, controlPlaneLogGroupName, eksClusterName } from "../src/clouds/aws/naming";
import { natZoneFor, subnetTags } from "../src/clouds/aws/network";
import { amiTypeFor, currentDesiredSize, nodeGroupResourceName, nodeScaling } from "../src/clouds/aws/node-groups";
import { backupAccessPolicy, irsaTrustPolicy, issuerHostPath, tlsOnlyBucketPolicy } from "../src/clouds/aws/policies";
import { awsSettingsProblems, iamPrincipalOf, partitionOf, regionMismatch } from "../src/clouds/aws/settings";
import { parseCidr } from "../src/cloud/ipv4";
import { subnetPlan } from "../src/clouds/aws/subnet-plan";
import { pickZones } from "../src/clouds/aws/zones";
import { withTestApiAccess } from "./support/config";

const awsConfig = (raw: Record<string, unknown> = {}) => validateConfig(withTestApiAccess({ cloud: "aws", ...raw }), { region: "eu-central-1" });

/** Every address of a CIDR as [first, last] integers. */
function range(cidr: string): [number, number] {
    const b = parseCidr(cidr);
    return [b.base, b.base + 2 ** (32 - b.prefix) - 1];
}

describe("zones", () => {
    const offered = ["eu-central-1a", "eu-central-1b", "eu-central-1c"];

    it("takes the first zoneCount zones the region offers", () => {
        expect(pickZones(awsConfig(), offered)).toEqual(offered);
        expect(pickZones(awsConfig({ zones: 2, database: { instances: 2 } }), offered)).toEqual(["eu-central-1a", "eu-central-1b"]);
    });

    it("keeps explicit zones that belong to the region, in the given order", () => {
        const config = awsConfig({ zones: ["eu-central-1c", "eu-central-1a"], database: { instances: 2 } });
        expect(pickZones(config, offered)).toEqual(["eu-central-1c", "eu-central-1a"]);
    });

    it("rejects zones of another region, naming fhir-ha:zones and listing the region's zones", () => {
        const config = awsConfig({ zones: ["eu-central-1a", "eu-west-1b", "eu-central-1c"] });
        expect(() => pickZones(config, offered)).toThrow(ConfigValidationError);
        expect(() => pickZones(config, offered)).toThrow(/fhir-ha:zones .*eu-west-1b.*eu-central-1a, eu-central-1b, eu-central-1c/);
    });

    it("rejects repeated zones", () => {
        const config = { zoneCount: 3, zoneNames: ["eu-central-1a", "eu-central-1a", "eu-central-1b"], region: "eu-central-1" };
        expect(() => pickZones(config, offered)).toThrow(/fhir-ha:zones.*distinct.*eu-central-1a/);
    });

    it("rejects more zones than the region has", () => {
        expect(() => pickZones(awsConfig({ zones: 4, database: { instances: 3 } }), offered)).toThrow(/fhir-ha:zones = 4: region eu-central-1 offers only 3/);
    });
});

describe("subnet plan", () => {
    const zones = ["z1", "z2", "z3", "z4", "z5", "z6"];

    it("gives every zone a private and a public subnet inside the VPC, none overlapping", () => {
        const plan = subnetPlan("10.0.0.0/16", zones);
        const [vpcStart, vpcEnd] = range("10.0.0.0/16");
        const all = plan.flatMap((p) => [p.privateCidr, p.publicCidr]).map(range).sort((a, b) => a[0] - b[0]);
        for (const [start, end] of all) expect(start >= vpcStart && end <= vpcEnd).toBe(true);
        for (let i = 1; i < all.length; i++) expect(all[i][0]).toBeGreaterThan(all[i - 1][1]);
        expect(plan[0]).toEqual({ zone: "z1", privateCidr: "10.0.0.0/19", publicCidr: "10.0.224.0/22" });
    });

    it("scales with the VPC size and drops host bits", () => {
        expect(subnetPlan("172.16.5.9/20", ["a"])[0]).toEqual({ zone: "a", privateCidr: "172.16.0.0/23", publicCidr: "172.16.14.0/26" });
    });

    it("rejects VPCs too small or too large for the plan", () => {
        expect(() => subnetPlan("10.0.0.0/24", ["a"])).toThrow(/\/16 to \/20/);
        expect(() => subnetPlan("10.0.0.0/21", ["a"])).toThrow(/\/16 to \/20/);
        expect(() => subnetPlan("10.0.0.0/8", ["a"])).toThrow(/\/16 to \/20/);
    });
});

describe("network helpers", () => {
    it("routes each zone through its own NAT, or all through the first zone's when shared", () => {
        expect(natZoneFor(["a", "b", "c"], false)).toEqual({ a: "a", b: "b", c: "c" });
        expect(natZoneFor(["a", "b", "c"], true)).toEqual({ a: "a", b: "a", c: "a" });
    });

    it("tags subnets for load-balancer discovery", () => {
        expect(subnetTags("public", "c1")).toEqual({ "kubernetes.io/role/elb": "1", "kubernetes.io/cluster/c1": "shared" });
        expect(subnetTags("private", "c1")).toEqual({ "kubernetes.io/role/internal-elb": "1", "kubernetes.io/cluster/c1": "shared" });
    });

    it("keeps the private endpoint and opens the public one only for listed CIDRs", () => {
        expect(endpointAccess([])).toEqual({ endpointPrivateAccess: true, endpointPublicAccess: false, publicAccessCidrs: undefined });
        expect(endpointAccess(["203.0.113.0/24"])).toEqual({
            endpointPrivateAccess: true,
            endpointPublicAccess: true,
            publicAccessCidrs: ["203.0.113.0/24"],
        });
    });
});

describe("settings", () => {
    it("accepts the defaults", () => {
        expect(awsSettingsProblems(awsConfig())).toEqual([]);
    });

    it("names every bad AWS key", () => {
        const problems = awsSettingsProblems(
            awsConfig({
                aws: { vpcCidr: "10.0.0.0/24", adminPrincipalArn: "admin" },
            }),
        );
        expect(problems).toHaveLength(2);
        expect(problems[0]).toMatch(/^fhir-ha:aws\.vpcCidr = "10\.0\.0\.0\/24": the prefix must be from \/16 to \/20/);
        // Nothing smaller than a /20: a /21 is refused too.
        expect(awsSettingsProblems(awsConfig({ aws: { vpcCidr: "10.0.0.0/21" } }))).toEqual([expect.stringMatching(/^fhir-ha:aws\.vpcCidr = "10\.0\.0\.0\/21"/)]);
        expect(problems[1]).toMatch(/^fhir-ha:aws\.adminPrincipalArn = "admin": must be an IAM role or user ARN/);
    });

    it("explains that a session ARN is not an access-entry principal", () => {
        const problems = awsSettingsProblems(awsConfig({ aws: { adminPrincipalArn: "arn:aws:sts::123456789012:assumed-role/Admin/alice" } }));
        expect(problems[0]).toMatch(/use the IAM role ARN/);
    });

    it("accepts role ARNs with a path", () => {
        const arn = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-central-1/AWSReservedSSO_Admin_0123";
        expect(awsSettingsProblems(awsConfig({ aws: { adminPrincipalArn: arn } }))).toEqual([]);
    });

    it("turns a caller's role session into the role and reads the partition", () => {
        expect(iamPrincipalOf("arn:aws:sts::123456789012:assumed-role/deployer/ci-42")).toBe("arn:aws:iam::123456789012:role/deployer");
        expect(iamPrincipalOf("arn:aws:iam::123456789012:user/alice")).toBe("arn:aws:iam::123456789012:user/alice");
        expect(partitionOf("arn:aws-us-gov:sts::123456789012:assumed-role/x/y")).toBe("aws-us-gov");
    });
});

describe("names", () => {
    it("derives a cluster name from project, component and stack, or keeps an existing stack's name", () => {
        expect(eksClusterName("fhir-ha", "fhir-aws", "aws-prod")).toBe("fhir-ha-fhir-aws-aws-prod");
        expect(eksClusterName("Hospital", "fhir-aws", "Org/Prod_1")).toBe("hospital-fhir-aws-org-prod-1");
        expect(eksClusterName("fhir-ha", "fhir-aws", "aws-prod", "fhir-aws-aws-prod")).toBe("fhir-aws-aws-prod");
        expect(controlPlaneLogGroupName("c1")).toBe("/aws/eks/c1/cluster");
    });

    it("puts the bucket in the account-regional namespace with a random part, at most 63 characters", () => {
        expect(backupBucketName("fhir-ha-fhir-aws-aws-prod", "123456789012", "eu-central-1", "k3x9q2ab")).toEqual({
            bucket: "fhir-ha-fhir-aws-aws-prod-k3x9q2ab-123456789012-eu-central-1-an",
            namespace: "account-regional",
        });
        const long = backupBucketName("x".repeat(90), "123456789012", "ap-southeast-2", "k3x9q2ab");
        expect(long.bucket.length).toBeLessThanOrEqual(63);
        expect(long.bucket).toMatch(/^x+-k3x9q2ab-123456789012-ap-southeast-2-an$/);
        // Bahrain and UAE have no account-regional namespace: global, still random and account-bound.
        expect(backupBucketName("c", "123456789012", "me-south-1", "k3x9q2ab")).toEqual({ bucket: "c-k3x9q2ab-123456789012", namespace: "global" });
    });
});

describe("node groups", () => {
    it("picks the ARM AL2023 image for Graviton types only", () => {
        expect(amiTypeFor("m6i.xlarge")).toBe("AL2023_x86_64_STANDARD");
        expect(amiTypeFor("g5.xlarge")).toBe("AL2023_x86_64_STANDARD");
        for (const t of ["m7g.xlarge", "c6gn.large", "r8gd.2xlarge", "t4g.medium", "a1.large", "g5g.xlarge"]) {
            expect(amiTypeFor(t)).toBe("AL2023_ARM_64_STANDARD");
        }
    });

    it("sizes each zone's group from cluster config and the size the autoscaler left it at", () => {
        const cluster = awsConfig({ cluster: { nodesPerZone: 2, maxNodesPerZone: 5 } }).cluster;
        expect(nodeScaling(cluster)).toEqual({ minSize: 2, desiredSize: 2, maxSize: 5 });
        // The autoscaler grew the group to 4: a deploy keeps 4 instead of shrinking it.
        expect(nodeScaling(cluster, 4)).toEqual({ minSize: 2, desiredSize: 4, maxSize: 5 });
        // nodesPerZone raised from 1 to 2 while the group runs 1 node: desired is raised with the
        // minimum (EKS refuses a minimum above the desired size).
        expect(nodeScaling(cluster, 1)).toEqual({ minSize: 2, desiredSize: 2, maxSize: 5 });
        // maxNodesPerZone lowered under the current size: desired follows the new maximum.
        expect(nodeScaling(awsConfig({ cluster: { nodesPerZone: 1, maxNodesPerZone: 2 } }).cluster, 4)).toEqual({ minSize: 1, desiredSize: 2, maxSize: 2 });
    });

    it("finds a group's current size by the name Pulumi autonamed it, and no other", () => {
        const groups = [
            { name: "fhir-nodes-eu-central-1a-1a2b3c4", desiredSize: 3 },
            { name: "fhir-nodes-eu-central-1a-extra-9f8e7d6", desiredSize: 9 },
            { name: "other-nodes-eu-central-1b-0000000", desiredSize: 5 },
        ];
        expect(currentDesiredSize(nodeGroupResourceName("fhir", "eu-central-1a"), groups)).toBe(3);
        expect(currentDesiredSize(nodeGroupResourceName("fhir", "eu-central-1b"), groups)).toBeUndefined();
    });
});

describe("policies", () => {
    const issuer = "https://oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF";
    const provider = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF";

    it("trusts exactly the listed service accounts, for STS only", () => {
        const policy = irsaTrustPolicy(provider, issuer, [
            { namespace: "fhir", name: "fhir-db" },
            { namespace: "fhir", name: "fhir-db-delayed" },
        ]);
        expect(policy.Statement).toHaveLength(1);
        const s = policy.Statement[0];
        expect(s).toMatchObject({ Effect: "Allow", Principal: { Federated: provider }, Action: "sts:AssumeRoleWithWebIdentity" });
        expect(s.Condition).toEqual({
            StringEquals: {
                "oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF:sub": ["system:serviceaccount:fhir:fhir-db", "system:serviceaccount:fhir:fhir-db-delayed"],
                "oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF:aud": "sts.amazonaws.com",
            },
        });
        expect(issuerHostPath(issuer)).toBe("oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF");
    });

    it("refuses an IRSA role nobody may assume", () => {
        expect(() => irsaTrustPolicy(provider, issuer, [])).toThrow(/at least one service account/);
    });

    it("scopes backup access to the bucket, its objects and its key", () => {
        const policy = backupAccessPolicy("arn:aws:s3:::b1", "arn:aws:kms:eu-central-1:123456789012:key/k1");
        const resources = policy.Statement.flatMap((s) => [s.Resource].flat());
        expect(new Set(resources)).toEqual(new Set(["arn:aws:s3:::b1", "arn:aws:s3:::b1/*", "arn:aws:kms:eu-central-1:123456789012:key/k1"]));
        expect(policy.Statement.every((s) => s.Effect === "Allow")).toBe(true);
        expect(JSON.stringify(policy)).not.toMatch(/"\*"|s3:\*|kms:\*/);
    });

    it("denies every non-TLS request to the bucket", () => {
        const s = tlsOnlyBucketPolicy("arn:aws:s3:::b1").Statement[0];
        expect(s).toMatchObject({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b1", "arn:aws:s3:::b1/*"] });
        expect(s.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
    });
});

describe("lifecycle", () => {
    it("keeps deleted versions for the retention plus a margin and locks only when immutable", () => {
        const c = awsConfig({ backup: { retention: "5w" } });
        expect(bucketLifecycle(c.backup, c.database)).toEqual({
            retentionDays: 35,
            // A week past the window: a version removed on the window's last day is still restorable for 7 days.
            noncurrentDays: 42,
            abortMultipartDays: 7,
            objectLockDays: undefined,
        });
        const locked = awsConfig({ backup: { immutable: true } });
        expect(bucketLifecycle(locked.backup, locked.database).objectLockDays).toBe(30);
    });

    it("renders whole-bucket rules for versions, delete markers and multipart uploads", () => {
        const rules = lifecycleRules({ retentionDays: 30, noncurrentDays: 37, abortMultipartDays: 7 });
        expect(rules.every((r) => r.status === "Enabled" && JSON.stringify(r.filter) === "{}")).toBe(true);
        expect(rules.find((r) => r.noncurrentVersionExpiration)?.noncurrentVersionExpiration).toEqual({ noncurrentDays: 37 });
        expect(rules.find((r) => r.abortIncompleteMultipartUpload)?.abortIncompleteMultipartUpload).toEqual({ daysAfterInitiation: 7 });
        expect(rules.find((r) => r.expiration)?.expiration).toEqual({ expiredObjectDeleteMarker: true });
    });
});

describe("kubeconfig", () => {
    it("authenticates with aws eks get-token for the cluster and region, holding no secret", () => {
        const k = eksKubeconfig({ clusterName: "c1", endpoint: "https://x.eks.amazonaws.com", certificateAuthorityData: "Q0E=", region: "eu-central-1" }) as any;
        expect(k.clusters[0].cluster).toEqual({ server: "https://x.eks.amazonaws.com", "certificate-authority-data": "Q0E=" });
        expect(k["current-context"]).toBe("c1");
        const exec = k.users[0].user.exec;
        expect(exec.command).toBe("aws");
        expect(exec.args).toEqual(["eks", "get-token", "--cluster-name", "c1", "--region", "eu-central-1", "--output", "json"]);
        expect(Object.keys(k.users[0].user)).toEqual(["exec"]);
    });

    it("uses the AWS provider's profile and role, so the token is for the identity that was granted access", () => {
        const identity = tokenIdentity({ profile: "prod-admin", assumeRoles: JSON.stringify([{ roleArn: "arn:aws:iam::210987654321:role/deployer" }]) });
        expect(identity).toEqual({ profile: "prod-admin", roleArn: "arn:aws:iam::210987654321:role/deployer" });
        expect(getTokenArgs("c1", "eu-central-1", identity)).toEqual([
            "eks", "get-token", "--cluster-name", "c1", "--region", "eu-central-1",
            "--role-arn", "arn:aws:iam::210987654321:role/deployer", "--profile", "prod-admin", "--output", "json",
        ]);
        expect(tokenIdentity({})).toEqual({});
        expect(tokenIdentity({ assumeRole: { roleArn: "arn:aws:iam::210987654321:role/old-style" } })).toEqual({ roleArn: "arn:aws:iam::210987654321:role/old-style" });
    });

    it("refuses provider credentials that get-token cannot reproduce, naming the key", () => {
        const chain = [{ roleArn: "arn:aws:iam::210987654321:role/a" }, { roleArn: "arn:aws:iam::210987654321:role/b" }];
        expect(() => tokenIdentity({ assumeRoles: chain })).toThrow(/aws:assumeRoles: fhir-ha supports one role/);
        expect(() => tokenIdentity({ assumeRoles: [{ roleArn: "arn:aws:iam::210987654321:role/a", externalId: "x" }] })).toThrow(/aws:assumeRoles\[0\]\.externalId/);
    });

    it("names aws:region when the provider works in another region", () => {
        expect(regionMismatch("eu-central-1", "eu-central-1")).toBeUndefined();
        expect(regionMismatch("eu-central-1", "us-east-1")).toMatch(/^aws:region = "eu-central-1": the AWS provider of this component works in "us-east-1"/);
    });
});

describe("the shipped aws-prod stack", () => {
    it("stops a real deploy before anything is created, naming every value to replace", async () => {
        const fs = await import("fs");
        const path = await import("path");
        const { stackConfigFromYaml } = await import("../src/plan/stack-files");
        const { rawFhirHaConfig } = await import("../src/config/load");
        const { checkConfig } = await import("../src/validation");
        const text = fs.readFileSync(path.join(__dirname, "../stacks/Pulumi.aws-prod.yaml"), "utf8");
        const { config } = stackConfigFromYaml(text, "fhir-ha");
        const { raw, secretsSet } = rawFhirHaConfig(config);
        const env = { region: config["aws:region"], secretsSet, today: new Date("2026-11-28T12:00:00Z") };
        const real = checkConfig(raw, { ...env, rejectPlaceholders: true });
        expect(real.config).toBeUndefined();
        expect(real.problems.map((p) => p.split(" =")[0]).sort()).toEqual([
            "fhir-ha:aws.adminPrincipalArn",
            "fhir-ha:cluster.apiAccess.allowedCidrs",
            "fhir-ha:fhir.baseUrl",
        ]);
        // The offline plan still plans it, with a warning per placeholder.
        const offline = checkConfig(raw, env);
        expect(offline.config?.cloud).toBe("aws");
        expect(offline.warnings.filter((w) => w.startsWith("placeholder: "))).toHaveLength(3);
    });
});
