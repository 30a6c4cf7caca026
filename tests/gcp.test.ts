/**
 * The GCP target rendered under the mock runtime: the whole platform for the cloud resources and
 * their wiring, and the component alone for the ClusterTarget contract the tiers consume.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { GcpCluster, resolveZones } from "../src/clouds/gcp";
import { BUCKET_ROLES, WORKLOAD_IDENTITY_ROLE } from "../src/clouds/gcp/backup-identity";
import { NONCURRENT_MARGIN_DAYS } from "../src/clouds/gcp/bucket-policy";
import { ConfigValidationError } from "../src/config/errors";
import { backupPolicy } from "../src/config/backup-policy";
import { FhirHaConfig } from "../src/config/types";
import { validateConfig } from "../src/config/validate";
import { databaseNames } from "../src/names";
import { FhirPlatform } from "../src/platform/fhir-platform";
import { render, Rendered } from "./support/render";

const PROJECT = "acme-fhir-prod";
const REGION = "europe-west4";
const RUNTIME = { stack: "gcp-prod", config: { "gcp:project": PROJECT, "gcp:region": REGION } };

const T = {
    cluster: "gcp:container/cluster:Cluster",
    nodePool: "gcp:container/nodePool:NodePool",
    network: "gcp:compute/network:Network",
    subnet: "gcp:compute/subnetwork:Subnetwork",
    nat: "gcp:compute/routerNat:RouterNat",
    router: "gcp:compute/router:Router",
    firewall: "gcp:compute/firewall:Firewall",
    bucket: "gcp:storage/bucket:Bucket",
    bucketIam: "gcp:storage/bucketIAMMember:BucketIAMMember",
    account: "gcp:serviceaccount/account:Account",
    saIam: "gcp:serviceaccount/iAMMember:IAMMember",
    projectIam: "gcp:projects/iAMMember:IAMMember",
    kmsIam: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
};

const gcpConfig = (raw: Record<string, unknown> = {}) => validateConfig({ cloud: "gcp", ...raw }, { region: REGION });

/** Resolves a plain output value (all values are known under the mock runtime). */
const valueOf = <T>(o: pulumi.Input<T>): Promise<T> => new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));

/**
 * Renders the whole platform and waits for its async initialize (cloud loaded lazily). A render
 * is a snapshot, so renders of the same config are shared between tests (the CPU is shared too).
 */
const platformRenders = new Map<string, Promise<Rendered>>();
function renderPlatform(config: FhirHaConfig): Promise<Rendered> {
    const key = JSON.stringify(config);
    if (!platformRenders.has(key)) {
        platformRenders.set(
            key,
            render(async () => {
                const platform = new FhirPlatform("fhir", { config });
                await valueOf(platform.databaseCluster);
            }, RUNTIME),
        );
    }
    return platformRenders.get(key)!;
}

/** Renders the GCP component alone, as FhirPlatform would create it, and hands it back. */
async function renderTarget(config: FhirHaConfig): Promise<{ r: Rendered; target: GcpCluster; config: FhirHaConfig }> {
    let target: GcpCluster | undefined;
    let resolved = config;
    const r = await render(async () => {
        resolved = { ...config, zoneNames: await resolveZones(config) };
        target = new GcpCluster("fhir-gcp", { config: resolved, backupServiceAccounts: databaseNames(resolved).backupServiceAccounts });
    }, RUNTIME);
    return { r, target: target!, config: resolved };
}

/** protect / retainOnDelete by resource name, read off the registrations (the recorder keeps inputs only). */
const resourceOptions = new Map<string, { protect: boolean; retainOnDelete: boolean }>();

beforeAll(async () => {
    await render(() => undefined, RUNTIME);
    const monitor = (pulumi.runtime as any).getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        resourceOptions.set(req.getName(), { protect: req.getProtect(), retainOnDelete: req.getRetainondelete() });
        return register(req, callback);
    };
});

describe("GKE cluster and node pool", () => {
    it("is a regional cluster whose node pool spans three distinct zones of the region", async () => {
        const r = await renderPlatform(gcpConfig());
        const cluster = r.inputs(T.cluster, "fhir-gcp-cluster");
        const pool = r.inputs(T.nodePool, "fhir-gcp-nodes");
        expect(cluster.location).toBe(REGION);
        expect(cluster.removeDefaultNodePool).toBe(true);
        expect(pool.location).toBe(REGION);
        expect(pool.nodeLocations).toHaveLength(3);
        expect(new Set(pool.nodeLocations).size).toBe(3);
        for (const zone of pool.nodeLocations) expect(zone.startsWith(`${REGION}-`)).toBe(true);
        expect(pool.cluster).toBe(`${r.get(T.cluster, "fhir-gcp-cluster").name}-id`);
    });

    it("autoscales per zone, repairs and upgrades nodes, and uses the release channel", async () => {
        const r = await renderPlatform(gcpConfig({ cluster: { nodesPerZone: 2, maxNodesPerZone: 5 }, gcp: { releaseChannel: "STABLE" } }));
        const pool = r.inputs(T.nodePool, "fhir-gcp-nodes");
        expect(pool.initialNodeCount).toBe(2);
        expect(pool.autoscaling).toMatchObject({ minNodeCount: 2, maxNodeCount: 5 });
        expect(pool.management).toEqual({ autoRepair: true, autoUpgrade: true });
        expect(r.inputs(T.cluster, "fhir-gcp-cluster").releaseChannel).toEqual({ channel: "STABLE" });
    });

    it("turns on Workload Identity on the cluster and the GKE metadata server on the pool", async () => {
        const r = await renderPlatform(gcpConfig());
        const cluster = r.inputs(T.cluster, "fhir-gcp-cluster");
        const pool = r.inputs(T.nodePool, "fhir-gcp-nodes");
        expect(cluster.workloadIdentityConfig).toEqual({ workloadPool: `${PROJECT}.svc.id.goog` });
        expect(pool.nodeConfig.workloadMetadataConfig).toEqual({ mode: "GKE_METADATA" });
    });

    it("has private shielded nodes, Dataplane V2 and deletion protection from config", async () => {
        const prod = await renderPlatform(gcpConfig());
        const cluster = prod.inputs(T.cluster, "fhir-gcp-cluster");
        // No authorized CIDRs in this config: the endpoint is private.
        expect(cluster.privateClusterConfig).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: true, masterIpv4CidrBlock: "172.16.0.0/28" });
        expect(cluster.masterAuthorizedNetworksConfig).toEqual({ cidrBlocks: [] });
        expect(cluster.enableShieldedNodes).toBe(true);
        expect(prod.inputs(T.nodePool, "fhir-gcp-nodes").nodeConfig.shieldedInstanceConfig).toEqual({ enableSecureBoot: true, enableIntegrityMonitoring: true });
        expect(cluster.datapathProvider).toBe("ADVANCED_DATAPATH");
        expect(cluster.deletionProtection).toBe(true);
        const dev = await renderPlatform(gcpConfig({ gcp: { deletionProtection: false } }));
        expect(dev.inputs(T.cluster, "fhir-gcp-cluster").deletionProtection).toBe(false);
    });

    it("runs nodes as a dedicated service account holding only the node role", async () => {
        const r = await renderPlatform(gcpConfig());
        const nodeSa = r.inputs(T.account, "fhir-gcp-node-sa");
        const email = `${nodeSa.accountId}@${PROJECT}.iam.gserviceaccount.com`;
        expect(r.inputs(T.nodePool, "fhir-gcp-nodes").nodeConfig.serviceAccount).toBe(email);
        expect(r.inputs(T.cluster, "fhir-gcp-cluster").nodeConfig.serviceAccount).toBe(email);
        const grants = r.ofType(T.projectIam).map((g) => r.inputs(T.projectIam, g.name));
        expect(grants).toEqual([{ project: PROJECT, role: "roles/container.defaultNodeServiceAccount", member: `serviceAccount:${email}` }]);
    });
});

describe("network", () => {
    it("gives the subnet the configured node, pod and service ranges, and the cluster uses them by name", async () => {
        const r = await renderPlatform(gcpConfig({ gcp: { subnetCidr: "10.50.0.0/20", podsCidr: "10.60.0.0/14", servicesCidr: "10.70.0.0/20" } }));
        const subnet = r.inputs(T.subnet, "fhir-gcp-subnet");
        expect(subnet.region).toBe(REGION);
        expect(subnet.ipCidrRange).toBe("10.50.0.0/20");
        expect(subnet.privateIpGoogleAccess).toBe(true);
        expect(subnet.network).toBe(`${r.get(T.network, "fhir-gcp-network").name}-id`);
        const ranges = Object.fromEntries(subnet.secondaryIpRanges.map((s: any) => [s.rangeName, s.ipCidrRange]));
        const policy = r.inputs(T.cluster, "fhir-gcp-cluster").ipAllocationPolicy;
        expect(ranges[policy.clusterSecondaryRangeName]).toBe("10.60.0.0/14");
        expect(ranges[policy.servicesSecondaryRangeName]).toBe("10.70.0.0/20");
        expect(r.inputs(T.network, "fhir-gcp-network").autoCreateSubnetworks).toBe(false);
    });

    it("sends the subnet's egress through Cloud NAT on a router in the region", async () => {
        const r = await renderPlatform(gcpConfig());
        const nat = r.inputs(T.nat, "fhir-gcp-nat");
        expect(r.inputs(T.router, "fhir-gcp-router").region).toBe(REGION);
        expect(nat.region).toBe(REGION);
        expect(nat.sourceSubnetworkIpRangesToNat).toBe("LIST_OF_SUBNETWORKS");
        expect(nat.subnetworks).toEqual([{ name: `${r.get(T.subnet, "fhir-gcp-subnet").name}-id`, sourceIpRangesToNats: ["ALL_IP_RANGES"] }]);
    });

    it("opens the webhook ports from the control-plane range to the nodes only", async () => {
        const r = await renderPlatform(gcpConfig());
        const fw = r.inputs(T.firewall, "fhir-gcp-webhooks");
        expect(fw.sourceRanges).toEqual(["172.16.0.0/28"]);
        expect(fw.targetServiceAccounts).toEqual([r.inputs(T.nodePool, "fhir-gcp-nodes").nodeConfig.serviceAccount]);
        expect(fw.allows[0].ports).toContain("9443");
    });
});

describe("backup bucket", () => {
    it("is private, versioned, in the region, and drops noncurrent objects after the retention plus margin", async () => {
        const config = gcpConfig({ backup: { retention: "60d" } });
        const r = await renderPlatform(config);
        const bucket = r.inputs(T.bucket, "fhir-gcp-backups");
        expect(bucket.location).toBe(REGION.toUpperCase());
        expect(bucket.uniformBucketLevelAccess).toBe(true);
        expect(bucket.publicAccessPrevention).toBe("enforced");
        expect(bucket.forceDestroy).toBe(false);
        expect(bucket.versioning).toEqual({ enabled: true });
        const days = backupPolicy(config.backup, config.database).retentionDays + NONCURRENT_MARGIN_DAYS;
        expect(bucket.lifecycleRules).toEqual([{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: days, withState: "ARCHIVED" } }]);
        expect(bucket.retentionPolicy).toBeUndefined();
        expect(bucket.encryption).toBeUndefined();
    });

    it("is protected from deletion and kept when the stack is destroyed", async () => {
        await renderPlatform(gcpConfig());
        expect(resourceOptions.get("fhir-gcp-backups")).toEqual({ protect: true, retainOnDelete: true });
    });

    it("takes a dual-region location, a retention policy when immutable, and a CMEK key the GCS agent may use", async () => {
        const key = `projects/${PROJECT}/locations/eur4/keyRings/backups/cryptoKeys/postgres`;
        const r = await renderPlatform(gcpConfig({ backup: { retention: "30d", immutable: true }, gcp: { bucketLocation: "eur4", kmsKeyName: key } }));
        const bucket = r.inputs(T.bucket, "fhir-gcp-backups");
        expect(bucket.location).toBe("EUR4");
        expect(bucket.retentionPolicy).toEqual({ retentionPeriod: String(30 * 86_400), isLocked: false });
        expect(bucket.versioning).toEqual({ enabled: false });
        expect(bucket.encryption).toEqual({ defaultKmsKeyName: key });
        const grant = r.inputs(T.kmsIam, "fhir-gcp-backups-kms");
        expect(grant.cryptoKeyId).toBe(key);
        expect(grant.role).toBe("roles/cloudkms.cryptoKeyEncrypterDecrypter");
        expect(grant.member).toMatch(/^serviceAccount:service-\d{12}@gs-project-accounts\.iam\.gserviceaccount\.com$/);
    });
});

describe("backup identity", () => {
    it("trusts exactly the service accounts of the CNPG clusters, nothing else", async () => {
        for (const raw of [{}, { database: { delayedReplica: { enabled: false } } }, { database: { restore: { enabled: true } } }, { namespace: "ehr" }]) {
            const config = gcpConfig(raw);
            const r = await renderPlatform(config);
            const backupSa = r.inputs(T.account, "fhir-gcp-backup-sa");
            const bindings = r.ofType(T.saIam).map((b) => r.inputs(T.saIam, b.name));
            const expected = databaseNames(config).backupServiceAccounts.map((sa) => `serviceAccount:${PROJECT}.svc.id.goog[${sa.namespace}/${sa.name}]`);
            expect(bindings.map((b) => b.member).sort()).toEqual(expected.sort());
            for (const b of bindings) {
                expect(b.role).toBe(WORKLOAD_IDENTITY_ROLE);
                expect(b.serviceAccountId).toBe(`projects/${PROJECT}/serviceAccounts/${backupSa.accountId}@${PROJECT}.iam.gserviceaccount.com`);
            }
        }
    });

    it("grants object access on the backup bucket only, and no project-wide role", async () => {
        const r = await renderPlatform(gcpConfig());
        const email = `${r.inputs(T.account, "fhir-gcp-backup-sa").accountId}@${PROJECT}.iam.gserviceaccount.com`;
        const bucketName = r.inputs(T.bucket, "fhir-gcp-backups").name;
        const grants = r.ofType(T.bucketIam).map((g) => r.inputs(T.bucketIam, g.name));
        expect(grants.map((g) => g.role).sort()).toEqual([...BUCKET_ROLES].sort());
        for (const g of grants) expect(g).toEqual({ bucket: bucketName, role: g.role, member: `serviceAccount:${email}` });
        const projectGrants = r.ofType(T.projectIam).map((g) => r.inputs(T.projectIam, g.name));
        expect(projectGrants.some((g) => g.member === `serviceAccount:${email}`)).toBe(false);
    });
});

describe("ClusterTarget contract", () => {
    it("hands the tiers a gs:// store reached through Workload Identity, and the storage classes it created", async () => {
        const { r, target } = await renderTarget(gcpConfig({ gcp: { diskType: "pd-ssd" } }));
        const bucketName = r.inputs(T.bucket, "fhir-gcp-backups").name;
        expect(bucketName).toBe(`${PROJECT}-gcp-prod-fhir-gcp-backups`);
        expect(target.backupStore.kind).toBe("gcs");
        expect(await valueOf(target.backupStore.destinationPath)).toBe(`gs://${bucketName}`);
        expect(target.backupStore.credentials).toEqual({ googleCredentials: { gkeEnvironment: true } });
        expect(target.backupStore.credentialsSecret).toBeUndefined();
        const backupSa = r.inputs(T.account, "fhir-gcp-backup-sa");
        expect(await valueOf(target.backupStore.serviceAccountAnnotations["iam.gke.io/gcp-service-account"])).toBe(
            `${backupSa.accountId}@${PROJECT}.iam.gserviceaccount.com`,
        );
        expect(await valueOf(target.backupBucket)).toBe(bucketName);

        const [storageClass] = r.kind("StorageClass");
        expect(storageClass.metadata.name).toBe(await valueOf(target.storageClassName));
        expect(storageClass).toMatchObject({ provisioner: "pd.csi.storage.gke.io", volumeBindingMode: "WaitForFirstConsumer", parameters: { type: "pd-ssd" } });
        const [snapshotClass] = r.kind("VolumeSnapshotClass");
        expect(snapshotClass.metadata.name).toBe(await valueOf(target.volumeSnapshotClassName!));
        expect(snapshotClass.driver).toBe("pd.csi.storage.gke.io");
        expect(await valueOf(target.zones)).toEqual([`${REGION}-a`, `${REGION}-b`, `${REGION}-c`]);
    });

    it("makes the tiers wait for the node pool, storage classes and every backup grant", async () => {
        const { r, target } = await renderTarget(gcpConfig());
        const ready = await Promise.all(target.clusterReady.map((res) => valueOf(res.urn)));
        for (const [type, name] of [
            [T.nodePool, "fhir-gcp-nodes"],
            ["kubernetes:storage.k8s.io/v1:StorageClass", "fhir-gcp-postgres-storage"],
            [T.firewall, "fhir-gcp-webhooks"],
        ]) {
            expect(ready).toContain(r.get(type, name).urn);
        }
        for (const grant of [...r.ofType(T.saIam), ...r.ofType(T.bucketIam)]) expect(ready).toContain(grant.urn);
    });

    it("builds the Kubernetes provider from a secret kubeconfig that uses gke-gcloud-auth-plugin", async () => {
        const { r, target } = await renderTarget(gcpConfig());
        expect(await pulumi.isSecret(target.kubeconfig)).toBe(true);
        const kubeconfig = await valueOf(target.kubeconfig);
        expect(kubeconfig).toContain("command: gke-gcloud-auth-plugin");
        expect(kubeconfig).toContain(`gke_${PROJECT}_${REGION}_`);
        expect(r.get("pulumi:providers:kubernetes", "fhir-gcp-provider").parent).toBe(r.get("fhir-ha:gcp:Cluster", "fhir-gcp").urn);
    });
});

describe("bad zones", () => {
    it("rejects zones outside the region before any GCP resource exists, listing the region's zones", async () => {
        const config = gcpConfig({ zones: ["europe-west4-a", "europe-west4-b", "europe-west1-b"] });
        let error: unknown;
        const r = await render(async () => {
            try {
                await resolveZones(config);
            } catch (e) {
                error = e;
            }
        }, RUNTIME);
        expect(error).toBeInstanceOf(ConfigValidationError);
        expect((error as Error).message).toContain("fhir-ha:zones");
        expect((error as Error).message).toContain("europe-west1-b not in region europe-west4");
        expect((error as Error).message).toContain("europe-west4-a, europe-west4-b, europe-west4-c");
        expect(r.resources.filter((x) => x.type.startsWith("gcp:"))).toEqual([]);
    });

    it("reports GCP setting problems together with zone problems", async () => {
        const config = gcpConfig({ zones: 4, gcp: { masterCidr: "172.16.0.0/26" } });
        await render(async () => {
            await expect(resolveZones(config)).rejects.toThrow(/fhir-ha:zones = 4[\s\S]*fhir-ha:gcp\.masterCidr/);
        }, RUNTIME);
    });
});
