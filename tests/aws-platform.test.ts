/**
 * The AWS target rendered under the mock runtime: on its own (the cloud resources and the
 * BackupStore contract) and under FhirPlatform (the wiring to the database tier).
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigValidationError } from "../src/config/errors";
import { validateConfig } from "../src/config/validate";
import { FhirHaConfig } from "../src/config/types";
import { databaseNames } from "../src/names";
import { FhirPlatform } from "../src/platform/fhir-platform";
import { MOCK_AWS_ACCOUNT } from "../src/plan/mocks/aws";
import { inputsOf } from "../src/plan/mock-runtime";
import type { AwsCluster } from "../src/clouds/aws";
import { render, Rendered } from "./support/render";
import { withTestApiAccess } from "./support/config";

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

const awsConfig = (raw: Record<string, unknown> = {}) =>
    validateConfig(withTestApiAccess({ cloud: "aws", ...raw }), { region: REGION, secretsSet: ["aidboxLicense"] });

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
    cluster: { kubernetesVersion: "1.32", nodesPerZone: 2, maxNodesPerZone: 4 },
    aws: { singleNatGateway: true, publicAccessCidrs: ["203.0.113.0/24"], adminPrincipalArn: "arn:aws:iam::123456789012:role/platform-admin" },
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
        // kubernetesVersion "" (the default): no version input, EKS gives the cluster its default.
        expect(awsConfig().cluster.kubernetesVersion).toBe("");
        expect(cluster.version).toBeUndefined();
        expect((await custom()).r.inputs(T.cluster, "fhir-aws-cluster").version).toBe("1.32");
        expect(cluster.accessConfig).toEqual({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        expect(cluster.vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
        expect(cluster.vpcConfig.publicAccessCidrs).toBeUndefined();
        expect(cluster.vpcConfig.subnetIds).toEqual(ZONES.map((z) => idOf(`fhir-aws-network-private-${z}`)));
        expect(cluster.encryptionConfig).toEqual({
            provider: { keyArn: arnMarker(T.key, "fhir-aws-secrets-key") },
            resources: ["secrets"],
        });
        expect(r.inputs(T.key, "fhir-aws-secrets-key").enableKeyRotation).toBe(true);
        expect(cluster.enabledClusterLogTypes).toEqual(expect.arrayContaining(["api", "audit", "authenticator"]));
    });

    it("opens the public endpoint only to aws.publicAccessCidrs", async () => {
        const { r } = await custom();
        expect(r.inputs(T.cluster, "fhir-aws-cluster").vpcConfig).toMatchObject({
            endpointPrivateAccess: true,
            endpointPublicAccess: true,
            publicAccessCidrs: ["203.0.113.0/24"],
        });
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
        expect(addons.map((a) => a.addonName).sort()).toEqual(["aws-ebs-csi-driver", "coredns", "kube-proxy", "snapshot-controller", "vpc-cni"]);
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
        expect(r.ofType(T.k8sProvider).map((p) => p.name)).toEqual(["fhir-aws-k8s"]);
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
        expect(bucket.bucket).toBe(`fhir-aws-test-backups-${MOCK_AWS_ACCOUNT}`);
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

    it("locks objects in governance mode for the retention when backup.immutable", async () => {
        const { r } = await immutable();
        expect(r.inputs(T.bucket, "fhir-aws-backups-bucket").objectLockEnabled).toBe(true);
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
