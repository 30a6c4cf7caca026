/**
 * The AWS target rendered under the mock runtime: on its own (the cloud resources and the
 * BackupStore contract) and under FhirPlatform (the wiring to the database tier).
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigValidationError } from "../src/config/errors";
import { validateConfig } from "../src/validation";
import { FhirHaConfig } from "../src/config/types";
import { databaseNames } from "../src/names";
import { FhirPlatform } from "../src/platform/fhir-platform";
import { MOCK_AWS_ACCOUNT } from "../src/plan/mocks/aws";
import { inputsOf } from "../src/plan/mock-runtime";
import type { AwsCluster } from "../src/clouds/aws";
import { render, Rendered } from "./support/render";
import { TEST_API_CIDR, withTestApiAccess } from "./support/config";

const REGION = "eu-central-1";
const ZONES = ["eu-central-1a", "eu-central-1b", "eu-central-1c"];
const T = {
    subnet: "aws:ec2/subnet:Subnet",
    route: "aws:ec2/route:Route",
    nat: "aws:ec2/natGateway:NatGateway",
    routeTable: "aws:ec2/routeTable:RouteTable",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    cluster: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    addon: "aws:eks/addon:Addon",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    key: "aws:kms/key:Key",
    bucket: "aws:s3/bucket:Bucket",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    objectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
    snapshotClass: "kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass",
    k8sProvider: "pulumi:providers:kubernetes",
};
/** The mock runtime gives every custom resource the id `<name>-id`. */
const idOf = (name: string) => `${name}-id`;
/** The mocks' marker for an ARN IAM assigns at deploy time. */
const arnMarker = (type: string, name: string) => `(known after deploy: ${type.split(":").pop()} ${name} .arn)`;

/** A fixed "today" for the version calendar: the tests must not change with the date. */
const TODAY = new Date("2026-11-28T12:00:00Z");
const awsConfig = (raw: Record<string, unknown> = {}) =>
    validateConfig(withTestApiAccess({ cloud: "aws", ...raw }), { region: REGION, secretsSet: ["aidboxLicense"], today: TODAY });

/** Resource options (protect, retainOnDelete) by URN, seen on the way to the mock monitor. */
const options = new Map<string, { protect: boolean; retainOnDelete: boolean }>();
let clusterModule: typeof import("../src/clouds/aws");

beforeAll(async () => {
    // Warm the dynamic import FhirPlatform makes, so the first render settles like the others.
    clusterModule = await import("../src/clouds/aws");
    await render(() => undefined);
    const monitor = (pulumi.runtime as any).getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) =>
        register(req, (err: any, resp: any) => {
            if (!err) options.set(resp.getUrn(), { protect: req.getProtect(), retainOnDelete: req.getRetainondelete() });
            callback(err, resp);
        });
});

/** Renders the AWS target alone, with zones resolved the way FhirPlatform resolves them. */
async function renderTarget(config: FhirHaConfig): Promise<{ r: Rendered; target: AwsCluster }> {
    let target: AwsCluster | undefined;
    const r = await render(async () => {
        const resolved = { ...config, zoneNames: await clusterModule.resolveZones(config) };
        target = new clusterModule.Cluster("fhir-aws", { config: resolved, backupServiceAccounts: databaseNames(resolved).backupServiceAccounts });
    });
    return { r, target: target! };
}

/** The value an Output resolves to under the mock runtime. */
const valueOf = (o: pulumi.Input<any>): Promise<any> => new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v)));

/**
 * Renders are the slow part (about a second each), so the tests share three: the defaults, one
 * with every AWS knob turned, and an immutable bucket. Each is rendered on first use.
 */
const CUSTOM = {
    namespace: "fhir-prod",
    cluster: { kubernetesVersion: "1.35", nodesPerZone: 2, maxNodesPerZone: 4 },
    aws: { singleNatGateway: true, publicAccessCidrs: ["203.0.113.0/24"], adminPrincipalArn: "arn:aws:iam::123456789012:role/platform-admin", encryptNodeDisks: false },
    backup: { retention: "5w" },
    database: { restore: { enabled: true } },
};
const memo = <T>(make: () => Promise<T>) => {
    let value: Promise<T> | undefined;
    return () => (value ??= make());
};
const defaults = memo(() => renderTarget(awsConfig()));
const custom = memo(() => renderTarget(awsConfig(CUSTOM)));
const immutable = memo(() => renderTarget(awsConfig({ backup: { immutable: true, retention: "21d" } })));
/** Extended support on a pinned minor, a private API endpoint and an existing stack's cluster name. */
const legacy = memo(() =>
    renderTarget(
        validateConfig(
            { cloud: "aws", cluster: { kubernetesVersion: "1.33", apiAccess: { mode: "private" } }, aws: { extendedSupport: true, clusterName: "fhir-aws-legacy" } },
            { region: REGION, secretsSet: ["aidboxLicense"], today: TODAY },
        ),
    ),
);
const platformPlan = memo(() => render(() => new FhirPlatform("fhir", { config: awsConfig({ database: { restore: { enabled: true } } }) })));

describe("AWS network", () => {
    it("puts a public and a private subnet in each of three distinct zones, inside the VPC plan", async () => {
        const { r } = await defaults();
        const subnets = r.ofType(T.subnet).map(inputsOf);
        expect(subnets).toHaveLength(6);
        for (const kind of ["public", "private"]) {
            const zones = r.ofType(T.subnet).filter((s) => s.name.includes(`-${kind}-`)).map((s) => inputsOf(s).availabilityZone);
            expect(zones).toEqual(ZONES);
        }
        expect(new Set(subnets.map((s) => s.cidrBlock)).size).toBe(6);
        expect(subnets.every((s) => s.cidrBlock.startsWith("10.0."))).toBe(true);
    });

    it("tags subnets for the AWS load balancer integration with the real cluster name", async () => {
        const { r } = await defaults();
        const clusterName = r.inputs(T.cluster, "fhir-aws-cluster").name;
        const pub = r.inputs(T.subnet, "fhir-aws-network-public-eu-central-1b").tags;
        const priv = r.inputs(T.subnet, "fhir-aws-network-private-eu-central-1b").tags;
        expect(pub["kubernetes.io/role/elb"]).toBe("1");
        expect(priv["kubernetes.io/role/internal-elb"]).toBe("1");
        expect(pub[`kubernetes.io/cluster/${clusterName}`]).toBe("shared");
        expect(priv[`kubernetes.io/cluster/${clusterName}`]).toBe("shared");
    });

    it("routes each zone's private subnet through the NAT gateway in that zone", async () => {
        const { r } = await defaults();
        expect(r.ofType(T.nat)).toHaveLength(3);
        for (const zone of ZONES) {
            const nat = r.inputs(T.nat, `fhir-aws-network-nat-${zone}`);
            expect(nat.subnetId).toBe(idOf(`fhir-aws-network-public-${zone}`));
            const route = r.inputs(T.route, `fhir-aws-network-private-${zone}-default`);
            expect(route).toMatchObject({ destinationCidrBlock: "0.0.0.0/0", natGatewayId: idOf(`fhir-aws-network-nat-${zone}`) });
            expect(route.routeTableId).toBe(idOf(`fhir-aws-network-private-${zone}`));
        }
    });

    it("shares one NAT gateway when aws.singleNatGateway is set", async () => {
        const { r } = await custom();
        expect(r.ofType(T.nat).map((n) => n.name)).toEqual(["fhir-aws-network-nat-eu-central-1a"]);
        const targets = ZONES.map((z) => r.inputs(T.route, `fhir-aws-network-private-${z}-default`).natGatewayId);
        expect(new Set(targets)).toEqual(new Set([idOf("fhir-aws-network-nat-eu-central-1a")]));
    });

    it("sends S3 traffic of every private route table through a gateway endpoint", async () => {
        const { r } = await defaults();
        const endpoint = r.inputs(T.endpoint, "fhir-aws-network-s3");
        expect(endpoint).toMatchObject({ serviceName: `com.amazonaws.${REGION}.s3`, vpcEndpointType: "Gateway" });
        expect(endpoint.routeTableIds).toEqual(ZONES.map((z) => idOf(`fhir-aws-network-private-${z}`)));
    });
});

describe("EKS", () => {
    it("creates the cluster with the configured version, API auth, private endpoint, KMS secrets and logs", async () => {
        const { r } = await defaults();
        const cluster = r.inputs(T.cluster, "fhir-aws-cluster");
        // "" (the default) sends no version: EKS picks the version for a new cluster.
        expect(cluster.version).toBeUndefined();
        expect((await custom()).r.inputs(T.cluster, "fhir-aws-cluster").version).toBe("1.35");
        expect(cluster.accessConfig).toEqual({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        // The test fixture's cluster.apiAccess: public, limited to a documentation CIDR; the private endpoint is always on.
        expect(cluster.vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: [TEST_API_CIDR] });
        expect(cluster.vpcConfig.subnetIds).toEqual(ZONES.map((z) => idOf(`fhir-aws-network-private-${z}`)));
        expect(cluster.encryptionConfig).toEqual({
            provider: { keyArn: arnMarker(T.key, "fhir-aws-secrets-key") },
            resources: ["secrets"],
        });
        expect(r.inputs(T.key, "fhir-aws-secrets-key").enableKeyRotation).toBe(true);
        expect(cluster.enabledClusterLogTypes).toEqual(expect.arrayContaining(["api", "audit", "authenticator"]));
    });

    it("opens the public endpoint only to the listed CIDRs (here through the deprecated aws.publicAccessCidrs), and turns it off in private mode", async () => {
        const { r } = await custom();
        expect(r.inputs(T.cluster, "fhir-aws-cluster").vpcConfig).toMatchObject({
            endpointPrivateAccess: true,
            endpointPublicAccess: true,
            publicAccessCidrs: ["203.0.113.0/24"],
        });
        // cluster.apiAccess.mode private: the rendered control plane has no public endpoint at all.
        const { r: privateStack } = await legacy();
        expect(privateStack.inputs(T.cluster, "fhir-aws-cluster").vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
        expect(privateStack.inputs(T.cluster, "fhir-aws-cluster").vpcConfig.publicAccessCidrs).toBeUndefined();
    });

    it("grants cluster-admin to the deploying role by default, or to aws.adminPrincipalArn", async () => {
        const byDefault = await defaults();
        expect(byDefault.r.inputs(T.accessEntry, "fhir-aws-admin").principalArn).toBe(`arn:aws:iam::${MOCK_AWS_ACCOUNT}:role/fhir-ha-deployer`);
        const admin = CUSTOM.aws.adminPrincipalArn;
        const { r } = await custom();
        expect(r.inputs(T.accessEntry, "fhir-aws-admin").principalArn).toBe(admin);
        expect(r.inputs(T.accessPolicy, "fhir-aws-admin")).toMatchObject({
            principalArn: admin,
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            accessScope: { type: "cluster" },
        });
    });

    it("runs one AL2023 managed node group per zone, in that zone's private subnet, with auto repair", async () => {
        const { r } = await custom();
        const groups = r.ofType(T.nodeGroup);
        expect(groups).toHaveLength(3);
        for (const zone of ZONES) {
            const g = r.inputs(T.nodeGroup, `fhir-aws-nodes-${zone}`);
            expect(g.subnetIds).toEqual([idOf(`fhir-aws-network-private-${zone}`)]);
            expect(g).toMatchObject({
                amiType: "AL2023_x86_64_STANDARD",
                instanceTypes: ["m6i.xlarge"],
                scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 4 },
                nodeRepairConfig: { enabled: true },
            });
        }
    });

    it("installs the add-ons, the EBS CSI driver with its own IRSA role", async () => {
        const { r } = await defaults();
        const addons = r.ofType(T.addon).map(inputsOf);
        expect(addons.map((a) => a.addonName).sort()).toEqual([
            "aws-ebs-csi-driver",
            "coredns",
            "eks-node-monitoring-agent",
            "kube-proxy",
            "snapshot-controller",
            "vpc-cni",
        ]);
        const ebs = addons.find((a) => a.addonName === "aws-ebs-csi-driver")!;
        expect(ebs.serviceAccountRoleArn).toBe(arnMarker(T.role, "fhir-aws-ebs-csi"));
        const trust = JSON.parse(r.inputs(T.role, "fhir-aws-ebs-csi").assumeRolePolicy);
        const subs = Object.entries(trust.Statement[0].Condition.StringEquals).find(([k]) => k.endsWith(":sub"))![1];
        expect(subs).toEqual(["system:serviceaccount:kube-system:ebs-csi-controller-sa"]);
    });

    it("builds the Kubernetes provider from a kubeconfig that uses aws eks get-token", async () => {
        const { r, target } = await defaults();
        const kubeconfig = JSON.parse(await valueOf(target.kubeconfig));
        const clusterName = r.inputs(T.cluster, "fhir-aws-cluster").name;
        expect(kubeconfig.users[0].user.exec.args).toEqual(["eks", "get-token", "--cluster-name", clusterName, "--region", REGION, "--output", "json"]);
        expect(r.inputs(T.k8sProvider, "fhir-aws-k8s").clusterIdentifier).toBe(clusterName);
        // The second is the same cluster's provider for retained objects (upsertExistingObjects).
        expect(r.ofType(T.k8sProvider).map((p) => p.name).sort()).toEqual(["fhir-aws-k8s", "fhir-aws-k8s-retained"]);
        // Provider config reaches the engine as strings.
        expect(r.inputs(T.k8sProvider, "fhir-aws-k8s-retained")).toMatchObject({ clusterIdentifier: clusterName, upsertExistingObjects: "true" });
        expect(r.inputs(T.k8sProvider, "fhir-aws-k8s").upsertExistingObjects).toBeUndefined();
        expect(await pulumi.isSecret(target.kubeconfig)).toBe(true);
    });
});

describe("storage for Postgres", () => {
    it("creates an encrypted gp3 WaitForFirstConsumer StorageClass and an EBS VolumeSnapshotClass, handed over by name", async () => {
        const { r, target } = await defaults();
        const sc = r.inputs(T.storageClass, "fhir-aws-postgres-storage");
        expect(sc).toMatchObject({
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true" },
            volumeBindingMode: "WaitForFirstConsumer",
            reclaimPolicy: "Retain",
        });
        const vsc = r.inputs(T.snapshotClass, "fhir-aws-postgres-snapshots");
        expect(vsc).toMatchObject({ driver: "ebs.csi.aws.com", deletionPolicy: "Delete" });
        expect(await valueOf(target.storageClassName)).toBe(sc.metadata.name);
        expect(await valueOf(target.volumeSnapshotClassName!)).toBe(vsc.metadata.name);
        const ready = target.clusterReady.map((res) => (res as any).constructor.name);
        expect(ready).toEqual(expect.arrayContaining(["NodeGroup", "Addon", "AccessPolicyAssociation", "StorageClass", "CustomResource"]));
    });
});

describe("backup bucket", () => {
    it("is versioned, SSE-KMS with its own rotating key, blocks public access and denies plain HTTP", async () => {
        const { r } = await defaults();
        const bucket = r.inputs(T.bucket, "fhir-aws-backups-bucket");
        // <cluster>-<random>-<account>-<region>-an in the account-regional namespace; the random part is known after deploy.
        expect(bucket.bucket).toMatch(new RegExp(`^fhir-ha-fhir-aws-test-.+-${MOCK_AWS_ACCOUNT}-${REGION}-an$`));
        expect(bucket.bucketNamespace).toBe("account-regional");
        expect(r.inputs(T.versioning, "fhir-aws-backups-versioning")).toEqual({ bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } });
        const sse = r.inputs(T.encryption, "fhir-aws-backups-encryption").rules[0];
        expect(sse.applyServerSideEncryptionByDefault).toEqual({ sseAlgorithm: "aws:kms", kmsMasterKeyId: arnMarker(T.key, "fhir-aws-backups-key") });
        expect(r.inputs(T.key, "fhir-aws-backups-key").enableKeyRotation).toBe(true);
        expect(r.inputs(T.publicAccess, "fhir-aws-backups-public-access")).toMatchObject({
            bucket: bucket.bucket,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        const policy = JSON.parse(r.inputs(T.bucketPolicy, "fhir-aws-backups-policy").policy);
        expect(policy.Statement).toEqual([
            expect.objectContaining({
                Effect: "Deny",
                Resource: [`arn:aws:s3:::${bucket.bucket}`, `arn:aws:s3:::${bucket.bucket}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
        ]);
    });

    it.each([
        ["30d", 37, defaults],
        ["5w", 42, custom],
    ])("expires deleted versions after backup.retention %s plus the margin (%i days)", async (_retention, days, rendered) => {
        const { r } = await rendered();
        const rules = r.inputs(T.lifecycle, "fhir-aws-backups-lifecycle").rules;
        expect(rules.find((x: any) => x.noncurrentVersionExpiration).noncurrentVersionExpiration.noncurrentDays).toBe(days);
        expect(rules.find((x: any) => x.abortIncompleteMultipartUpload).abortIncompleteMultipartUpload.daysAfterInitiation).toBeGreaterThan(0);
        expect(r.ofType(T.objectLock)).toHaveLength(0);
        expect(r.inputs(T.bucket, "fhir-aws-backups-bucket").objectLockEnabled).toBeUndefined();
    });

    it("locks objects in governance mode for the retention when backup.immutable, without a bucket input that replaces it", async () => {
        const { r } = await immutable();
        // Only the separate configuration resource: switching immutable on later updates, never replaces, the bucket.
        expect(r.inputs(T.bucket, "fhir-aws-backups-bucket").objectLockEnabled).toBeUndefined();
        expect(r.get(T.bucket, "fhir-aws-backups-bucket").ignoreChanges).toEqual(["bucket", "bucketNamespace", "objectLockEnabled"]);
        const lock = r.get(T.objectLock, "fhir-aws-backups-object-lock");
        expect(lock.dependencies).toContain(r.get(T.versioning, "fhir-aws-backups-versioning").urn);
        expect(r.inputs(T.objectLock, "fhir-aws-backups-object-lock").rule).toEqual({ defaultRetention: { mode: "GOVERNANCE", days: 21 } });
    });

    it("protects the bucket and its key, and keeps the bucket's settings if the stack is destroyed", async () => {
        const { r } = await defaults();
        const opts = (type: string, name: string) => options.get(r.get(type, name).urn);
        expect(opts(T.bucket, "fhir-aws-backups-bucket")).toEqual({ protect: true, retainOnDelete: true });
        expect(opts(T.key, "fhir-aws-backups-key")).toEqual({ protect: true, retainOnDelete: true });
        for (const [type, name] of [
            [T.versioning, "fhir-aws-backups-versioning"],
            [T.encryption, "fhir-aws-backups-encryption"],
            [T.publicAccess, "fhir-aws-backups-public-access"],
            [T.bucketPolicy, "fhir-aws-backups-policy"],
        ]) {
            expect(opts(type, name)?.retainOnDelete).toBe(true);
        }
    });
});

describe("backup identity", () => {
    it("trusts exactly the CNPG service accounts through the cluster's OIDC provider, audience STS", async () => {
        const { r } = await custom();
        const trust = JSON.parse(r.inputs(T.role, "fhir-aws-backup").assumeRolePolicy).Statement;
        expect(trust).toHaveLength(1);
        expect(trust[0].Principal.Federated).toMatch(/^arn:aws:iam::123456789012:oidc-provider\//);
        const conditions = trust[0].Condition.StringEquals;
        const issuer = trust[0].Principal.Federated.split("oidc-provider/")[1];
        expect(conditions[`${issuer}:aud`]).toBe("sts.amazonaws.com");
        expect(conditions[`${issuer}:sub`]).toEqual([
            "system:serviceaccount:fhir-prod:fhir-db",
            "system:serviceaccount:fhir-prod:fhir-db-restore",
            // The delayed replica is named after the cluster it follows (the restored one here).
            "system:serviceaccount:fhir-prod:fhir-db-restore-delayed",
        ]);
        expect(Object.keys(conditions)).toHaveLength(2);
    });

    it("may only use the backup bucket, its objects and its key", async () => {
        const { r } = await defaults();
        const bucket = r.inputs(T.bucket, "fhir-aws-backups-bucket").bucket;
        const access = JSON.parse(r.inputs(T.rolePolicy, "fhir-aws-backup-access").policy).Statement;
        expect(new Set(access.flatMap((s: any) => [s.Resource].flat()))).toEqual(
            new Set([`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`, arnMarker(T.key, "fhir-aws-backups-key")]),
        );
        expect(r.inputs(T.rolePolicy, "fhir-aws-backup-access").role).toBe(idOf("fhir-aws-backup"));
    });

    it("hands the tiers an S3 store reached through the IRSA role", async () => {
        const { r, target } = await defaults();
        const bucket = r.inputs(T.bucket, "fhir-aws-backups-bucket").bucket;
        expect(target.backupStore.kind).toBe("s3");
        expect(await valueOf(target.backupStore.destinationPath)).toBe(`s3://${bucket}`);
        expect(target.backupStore.endpointURL).toBeUndefined();
        expect(target.backupStore.credentials).toEqual({ s3Credentials: { inheritFromIAMRole: true } });
        expect(target.backupStore.credentialsSecret).toBeUndefined();
        expect(await valueOf(target.backupStore.serviceAccountAnnotations["eks.amazonaws.com/role-arn"])).toBe(arnMarker(T.role, "fhir-aws-backup"));
        expect(await valueOf(target.backupBucket)).toBe(bucket);
    });
});

describe("bad input", () => {
    it("rejects zones outside the stack's region, naming fhir-ha:zones and listing the region's zones", async () => {
        const config = awsConfig({ zones: ["eu-central-1a", "eu-central-1d", "us-east-1a"] });
        const failure = clusterModule.resolveZones(config);
        await expect(failure).rejects.toBeInstanceOf(ConfigValidationError);
        await expect(failure).rejects.toThrow(/fhir-ha:zones .*not in region eu-central-1: eu-central-1d, us-east-1a; the zones of eu-central-1 are eu-central-1a, eu-central-1b, eu-central-1c/);
    });

    it("refuses bad AWS settings before registering any resource", async () => {
        const config = { ...awsConfig({ aws: { vpcCidr: "10.0.0.0/26", adminPrincipalArn: "admin" } }), zoneNames: ZONES };
        let error: unknown;
        const r = await render(() => {
            try {
                new clusterModule.Cluster("fhir-aws", { config, backupServiceAccounts: databaseNames(config).backupServiceAccounts });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(ConfigValidationError);
        expect((error as ConfigValidationError).problems.map((p) => p.split(" ")[0])).toEqual(["fhir-ha:aws.vpcCidr", "fhir-ha:aws.adminPrincipalArn"]);
        expect(r.resources).toHaveLength(0);
    });
});

describe("FhirPlatform on AWS", () => {
    it("nests the AWS target and the namespace under the platform", async () => {
        const r = await platformPlan();
        const platform = r.get("fhir-ha:index:FhirPlatform", "fhir");
        expect(r.get("fhir-ha:aws:Cluster", "fhir-aws").parent).toBe(platform.urn);
        expect(r.ofType(T.nodeGroup)).toHaveLength(3);
        expect(r.get("kubernetes:core/v1:Namespace", "fhir-namespace").parent).toBe(platform.urn);
    });

    it("trusts exactly the service accounts of every CNPG Cluster in the same plan", async () => {
        const r = await platformPlan();
        const clusters = r.kind("Cluster").filter((c) => c.apiVersion === "postgresql.cnpg.io/v1");
        expect(clusters.length).toBeGreaterThanOrEqual(3);
        const trust = JSON.parse(r.inputs(T.role, "fhir-aws-backup").assumeRolePolicy).Statement[0].Condition.StringEquals;
        const subs = Object.entries(trust).find(([k]) => k.endsWith(":sub"))![1] as string[];
        expect([...subs].sort()).toEqual(clusters.map((c) => `system:serviceaccount:${c.metadata.namespace}:${c.metadata.name}`).sort());
        for (const c of clusters) {
            expect(c.spec.serviceAccountTemplate.metadata.annotations["eks.amazonaws.com/role-arn"]).toBe(arnMarker(T.role, "fhir-aws-backup"));
        }
    });

    it("points every ObjectStore into the backup bucket with the IRSA credentials", async () => {
        const r = await platformPlan();
        const bucket = r.inputs(T.bucket, "fhir-aws-backups-bucket").bucket;
        const stores = r.kind("ObjectStore");
        expect(stores.length).toBeGreaterThanOrEqual(2);
        for (const s of stores) {
            expect(s.spec.configuration.destinationPath.startsWith(`s3://${bucket}/`)).toBe(true);
            expect(s.spec.configuration.s3Credentials).toEqual({ inheritFromIAMRole: true });
        }
    });

    it("gives Postgres the gp3 StorageClass and the EBS snapshot class", async () => {
        const r = await platformPlan();
        const storageClass = r.inputs(T.storageClass, "fhir-aws-postgres-storage").metadata.name;
        const primary = r.kind("Cluster").find((c) => c.metadata.name === "fhir-db")!;
        expect(primary.spec.storage.storageClass).toBe(storageClass);
        expect(primary.spec.backup?.volumeSnapshot?.className).toBe(r.inputs(T.snapshotClass, "fhir-aws-postgres-snapshots").metadata.name);
    });
});

describe("first deploy: order, reachability, credentials", () => {
    it("configures the Kubernetes provider only after the admin access entry and its policy association", async () => {
        const { r } = await defaults();
        const provider = r.get(T.k8sProvider, "fhir-aws-k8s");
        expect(provider.dependencies).toEqual(expect.arrayContaining([r.get(T.accessEntry, "fhir-aws-admin").urn, r.get(T.accessPolicy, "fhir-aws-admin").urn]));
        // Every in-cluster object of the target goes through that provider.
        const providerRef = r.get(T.storageClass, "fhir-aws-postgres-storage").provider;
        expect(providerRef?.startsWith(`${provider.urn}::`)).toBe(true);
    });

    it("waits for an authenticated API answer during an update, never in a preview", async () => {
        const { kubeconfigWhenApiAnswers } = await import("../src/clouds/aws/api-health");
        const probed: string[] = [];
        const probe = async (k: string) => {
            probed.push(k);
            return probed.length < 3 ? { ok: false, reason: "HTTP 401" } : { ok: true };
        };
        const wait = { attempts: 5, intervalMs: 0 };
        let preview = "";
        let update = "";
        let order: string[] = [];
        class Grant extends pulumi.CustomResource {
            constructor(name: string) {
                super("test:index:Grant", name, {});
            }
        }
        await render(() => {
            const grant = new Grant("grant");
            kubeconfigWhenApiAnswers(pulumi.output("{}"), { grants: [grant], probe, wait, isDryRun: () => true }).apply((v) => (preview = v));
            kubeconfigWhenApiAnswers(pulumi.output('{"k":1}'), { grants: [grant], probe, wait, isDryRun: () => false }).apply((v) => {
                order = [...probed];
                update = v;
            });
        });
        expect(preview).toBe("{}");
        // The update's kubeconfig was released only after the third, successful probe.
        expect(update).toBe('{"k":1}');
        expect(order).toEqual(['{"k":1}', '{"k":1}', '{"k":1}']);
    });

    it("gives up with the reason and what to check", async () => {
        const { waitForApi } = await import("../src/clouds/aws/api-health");
        const probe = async () => ({ ok: false, reason: "ETIMEDOUT" });
        await expect(waitForApi("{}", { probe, attempts: 2, intervalMs: 0 })).rejects.toThrow(
            /did not accept this deploy's identity after 2 attempts: ETIMEDOUT\. Check: .*fhir-ha:cluster\.apiAccess\.allowedCidrs/,
        );
        const denied = async () => ({ ok: false, reason: "HTTP 401" });
        await expect(waitForApi("{}", { probe: denied, attempts: 1, intervalMs: 0 })).rejects.toThrow(/no access entry/);
    });

    it("grants the role behind the deploying session (getSessionContext issuerArn, path kept)", async () => {
        const { r } = await defaults();
        expect(r.invokes).toContain("aws:iam/getSessionContext:getSessionContext");
        expect(r.inputs(T.accessEntry, "fhir-aws-admin").principalArn).toBe(`arn:aws:iam::${MOCK_AWS_ACCOUNT}:role/fhir-ha-deployer`);
    });

    it("builds the S3 endpoint and the kubeconfig in the provider's region", async () => {
        const { r, target } = await defaults();
        expect(r.invokes).toContain("aws:index/getRegion:getRegion");
        expect(r.inputs(T.endpoint, "fhir-aws-network-s3").serviceName).toBe(`com.amazonaws.${REGION}.s3`);
        expect(JSON.parse(await valueOf(target.kubeconfig)).users[0].user.exec.args).toContain(REGION);
    });

    it("refuses a private-only endpoint unless chosen by name, and the whole internet without opt-in", () => {
        expect(() => awsConfig({ cluster: { apiAccess: { mode: "public", allowedCidrs: [] } } })).toThrow(/fhir-ha:cluster\.apiAccess\.allowedCidrs: required when/);
        expect(() => awsConfig({ cluster: { apiAccess: { allowedCidrs: ["0.0.0.0/0"] } } })).toThrow(/fhir-ha:cluster\.apiAccess\.allowAnyAddress/);
        const privateMode = validateConfig({ cloud: "aws", cluster: { apiAccess: { mode: "private" } } }, { region: REGION, today: TODAY });
        expect(privateMode.cluster.apiAccess.mode).toBe("private");
    });
});

describe("Kubernetes version policy on EKS", () => {
    it("follows EKS's default for new clusters and stays in standard support unless extended support is chosen", async () => {
        const { r } = await defaults();
        const cluster = r.inputs(T.cluster, "fhir-aws-cluster");
        expect(cluster.version).toBeUndefined();
        expect(cluster.upgradePolicy).toEqual({ supportType: "STANDARD" });
        // aws.extendedSupport with a minor past standard support: the rendered cluster pins it, under EXTENDED.
        const { r: extended } = await legacy();
        expect(extended.inputs(T.cluster, "fhir-aws-cluster")).toMatchObject({ version: "1.33", upgradePolicy: { supportType: "EXTENDED" } });
    });

    it("checks a pin against the EKS calendar on a fixed day, naming the key and the cost", () => {
        // 1.33 left standard support on 2026-07-29.
        expect(() => awsConfig({ cluster: { kubernetesVersion: "1.33" } })).toThrow(
            /fhir-ha:cluster\.kubernetesVersion = "1\.33": left standard support on 2026-07-29 .*"1\.36".*\$365 more per cluster per month; set fhir-ha:aws\.extendedSupport/,
        );
        const warnings: string[] = [];
        validateConfig(withTestApiAccess({ cloud: "aws", cluster: { kubernetesVersion: "1.34" } }), { region: REGION, today: TODAY }, (w) => warnings.push(w));
        expect(warnings).toContain('fhir-ha: fhir-ha:cluster.kubernetesVersion = "1.34": leaves standard support on 2026-12-02 (in 4 days); plan the upgrade');
        expect(() => awsConfig({ cluster: { kubernetesVersion: "1.35" } })).not.toThrow();
    });
});

describe("add-ons", () => {
    it("pins each add-on to EKS's version for the cluster's Kubernetes version, and preserves it on delete", async () => {
        const { r } = await custom();
        for (const a of r.ofType(T.addon).map(inputsOf)) {
            expect(a.addonVersion).toBe(`(known after deploy: the ${a.addonName} default for Kubernetes 1.35)`);
            expect(a.preserve).toBe(true);
        }
        expect(r.invokes.filter((i) => i === "aws:eks/getAddonVersion:getAddonVersion")).toHaveLength(6);
    });

    it("turns on the VPC CNI's network policy agent and gives the CNI its own IRSA role", async () => {
        const { r, target } = await defaults();
        const cni = r.inputs(T.addon, "fhir-aws-vpc-cni");
        expect(JSON.parse(cni.configurationValues)).toEqual({ enableNetworkPolicy: "true" });
        expect(cni.serviceAccountRoleArn).toBe(arnMarker(T.role, "fhir-aws-vpc-cni"));
        const trust = JSON.parse(r.inputs(T.role, "fhir-aws-vpc-cni").assumeRolePolicy).Statement[0].Condition.StringEquals;
        expect(Object.entries(trust).find(([k]) => k.endsWith(":sub"))![1]).toEqual(["system:serviceaccount:kube-system:aws-node"]);
        // The node role no longer carries the CNI's permissions.
        const nodePolicies = r.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.name).filter((n) => n.startsWith("fhir-aws-node-"));
        expect(nodePolicies.sort()).toEqual(["fhir-aws-node-AmazonEC2ContainerRegistryReadOnly", "fhir-aws-node-AmazonEKSWorkerNodePolicy"]);
        expect(target.networkPolicyEnforcement).toMatch(/vpc-cni/);
    });
});

describe("day-2 safety", () => {
    it("chains the node groups so a version or AMI bump rolls one zone at a time", async () => {
        const { r } = await defaults();
        const groups = ZONES.map((z) => r.get(T.nodeGroup, `fhir-aws-nodes-${z}`));
        expect(groups[0].dependencies).not.toEqual(expect.arrayContaining([groups[1].urn]));
        expect(groups[1].dependencies).toContain(groups[0].urn);
        expect(groups[2].dependencies).toContain(groups[1].urn);
        expect(groups[2].dependencies).not.toContain(groups[0].urn);
        // The groups follow the control plane's version output: a version bump reaches all three, in chain order.
        for (const z of ZONES) expect((await custom()).r.inputs(T.nodeGroup, `fhir-aws-nodes-${z}`).version).toBe("1.35");
    });

    it("starts nodes only after the NAT routes, the S3 endpoint and the CNI exist", async () => {
        const { r } = await defaults();
        const deps = r.get(T.nodeGroup, `fhir-aws-nodes-${ZONES[0]}`).dependencies;
        for (const z of ZONES) expect(deps).toContain(r.get(T.route, `fhir-aws-network-private-${z}-default`).urn);
        expect(deps).toContain(r.get(T.endpoint, "fhir-aws-network-s3").urn);
        expect(deps).toContain(r.get(T.addon, "fhir-aws-vpc-cni").urn);
    });

    it("sends the group's current size, so raising nodesPerZone works and the autoscaler's size survives a deploy", async () => {
        const { r } = await custom();
        expect(r.invokes).toContain("aws:eks/getNodeGroups:getNodeGroups");
        const g = r.get(T.nodeGroup, `fhir-aws-nodes-${ZONES[1]}`);
        expect(g.ignoreChanges ?? []).not.toContain("scalingConfig.desiredSize");
        expect(inputsOf(g).scalingConfig).toEqual({ minSize: 2, desiredSize: 2, maxSize: 4 });
    });

    it("boots every AL2023 node group from one launch template: encrypted gp3 root volume, IMDSv2 required, hop limit 1, no AMI of its own", async () => {
        const { r } = await defaults();
        const templates = r.ofType("aws:ec2/launchTemplate:LaunchTemplate");
        expect(templates).toHaveLength(1);
        const lt = inputsOf(templates[0]);
        expect(lt.blockDeviceMappings).toEqual([{ deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }]);
        expect(lt.metadataOptions).toEqual({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
        // No image and no instance type: EKS keeps choosing the AMI from amiType + releaseVersion.
        expect(lt.imageId).toBeUndefined();
        expect(lt.instanceType).toBeUndefined();
        for (const g of r.ofType(T.nodeGroup).map(inputsOf)) {
            expect(g.amiType).toMatch(/^AL2023_/);
            expect(g.launchTemplate.id).toBe(idOf("fhir-aws-node-template"));
            // EKS fails a group that sets diskSize next to a launch template.
            expect(g.diskSize).toBeUndefined();
        }
    });

    it("with aws.encryptNodeDisks false keeps the groups as stacks created before it had them: no launch template, diskSize 50", async () => {
        const { r } = await custom();
        expect(r.ofType("aws:ec2/launchTemplate:LaunchTemplate")).toEqual([]);
        for (const g of r.ofType(T.nodeGroup).map(inputsOf)) {
            expect(g.launchTemplate).toBeUndefined();
            expect(g.diskSize).toBe(50);
        }
    });

    it("protects the cluster from deletion twice: EKS deletion protection and Pulumi protect", async () => {
        const { r } = await defaults();
        const cluster = r.get(T.cluster, "fhir-aws-cluster");
        expect(inputsOf(cluster).deletionProtection).toBe(true);
        expect(cluster.protect).toBe(true);
    });

    it("names the cluster after project, component and stack, or keeps an existing stack's name", async () => {
        const { r } = await defaults();
        expect(r.inputs(T.cluster, "fhir-aws-cluster").name).toBe("fhir-ha-fhir-aws-test");
        const { r: existing } = await legacy();
        expect(existing.inputs(T.cluster, "fhir-aws-cluster").name).toBe("fhir-aws-legacy");
    });

    it("keeps the URNs of the stateful resources, so no existing stack sees a replacement from the refactor", async () => {
        const { r } = await defaults();
        // The URN's type (parent's type $ own type) and name are Pulumi's identity: these are the ones stacks have.
        const expected = [
            "fhir-ha:aws:Cluster$aws:eks/cluster:Cluster::fhir-aws-cluster",
            "fhir-ha:aws:BackupBucket$aws:s3/bucket:Bucket::fhir-aws-backups-bucket",
            "fhir-ha:aws:BackupBucket$aws:kms/key:Key::fhir-aws-backups-key",
            "fhir-ha:aws:Cluster$aws:kms/key:Key::fhir-aws-secrets-key",
            ...ZONES.map((z) => `fhir-ha:aws:Cluster$aws:eks/nodeGroup:NodeGroup::fhir-aws-nodes-${z}`),
        ];
        const urns = [T.cluster, T.bucket, T.key, T.nodeGroup].flatMap((type) => r.ofType(type).map((x) => x.urn.split("::").slice(2).join("::")));
        for (const tail of expected) expect(urns).toContain(tail);
    });
});

describe("autoscaling", () => {
    it("installs the Cluster Autoscaler from its official chart with IRSA, balancing the zones' groups", async () => {
        const { r } = await custom();
        const chart = r.inputs("kubernetes:helm.sh/v4:Chart", "fhir-aws-cluster-autoscaler");
        expect(chart).toMatchObject({ name: "cluster-autoscaler", chart: "cluster-autoscaler", repositoryOpts: { repo: "https://kubernetes.github.io/autoscaler" }, namespace: "kube-system" });
        // Installed through the shared chart helper (src/charts/release.ts) with the URN deployed stacks already hold.
        const urns = r.ofType("kubernetes:helm.sh/v4:Chart").map((x) => x.urn.split("::").slice(2).join("::"));
        expect(urns).toContain("fhir-ha:aws:Cluster$kubernetes:helm.sh/v4:Chart::fhir-aws-cluster-autoscaler");
        expect(chart.values).toMatchObject({
            cloudProvider: "aws",
            awsRegion: REGION,
            autoDiscovery: { clusterName: "fhir-ha-fhir-aws-test" },
            image: { tag: "v1.35.0" },
            extraArgs: { "balance-similar-node-groups": true },
            rbac: { serviceAccount: { name: "cluster-autoscaler", annotations: { "eks.amazonaws.com/role-arn": arnMarker(T.role, "fhir-aws-autoscaler") } } },
        });
        const policy = JSON.parse(r.inputs(T.rolePolicy, "fhir-aws-autoscaler").policy);
        expect(policy.Statement[1].Condition.StringEquals).toEqual({ "aws:ResourceTag/k8s.io/cluster-autoscaler/fhir-ha-fhir-aws-test": "owned" });
    });
});
