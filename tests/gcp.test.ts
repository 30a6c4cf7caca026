/**
 * The GCP target rendered under the mock runtime: the whole platform for the cloud resources and
 * their wiring, and the component alone for the ClusterTarget contract the tiers consume.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { GcpCluster, resolveZones } from "../src/clouds/gcp";
import { WORKLOAD_IDENTITY_ROLE } from "../src/clouds/gcp/backup-identity";
import { ConfigValidationError } from "../src/config/errors";
import { FhirHaConfig } from "../src/config/types";
import { validateConfig } from "../src/validation";
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
    service: "gcp:projects/service:Service",
    provider: "pulumi:providers:kubernetes",
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
        // The GCP default (mode dns): the DNS endpoint takes traffic, the IP endpoint is internal only.
        expect(cluster.privateClusterConfig).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: true });
        expect(cluster.controlPlaneEndpointsConfig).toEqual({ dnsEndpointConfig: { allowExternalTraffic: true }, ipEndpointsConfig: { enabled: true } });
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

    it("opens only the CNPG webhook port, from the node subnet (where a PSC control plane's endpoint lives) to the nodes only", async () => {
        const r = await renderPlatform(gcpConfig({ gcp: { subnetCidr: "10.30.0.0/20" } }));
        const fw = r.inputs(T.firewall, "fhir-gcp-webhooks");
        expect(fw.sourceRanges).toEqual(["10.30.0.0/20"]);
        expect(r.inputs(T.subnet, "fhir-gcp-subnet").ipCidrRange).toBe("10.30.0.0/20");
        expect(fw.targetServiceAccounts).toEqual([r.inputs(T.nodePool, "fhir-gcp-nodes").nodeConfig.serviceAccount]);
        expect(fw.allows).toEqual([{ protocol: "tcp", ports: ["9443"] }]);
        expect(r.get(T.firewall, "fhir-gcp-webhooks").dependencies).toContain(r.get(T.cluster, "fhir-gcp-cluster").urn);
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
        // 60 days of window plus a week: a version made noncurrent on the window's last day stays restorable 7 days.
        expect(bucket.lifecycleRules).toEqual([{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 67, withState: "ARCHIVED" } }]);
        expect(bucket.retentionPolicy).toBeUndefined();
        expect(bucket.encryption).toBeUndefined();
    });

    it("is protected from deletion and kept when the stack is destroyed", async () => {
        await renderPlatform(gcpConfig());
        expect(resourceOptions.get("fhir-gcp-backups")).toEqual({ protect: true, retainOnDelete: true });
    });

    it("takes a dual-region location and a CMEK key the GCS agent may use, granted as durably as the bucket", async () => {
        const key = `projects/${PROJECT}/locations/eur4/keyRings/backups/cryptoKeys/postgres`;
        const r = await renderPlatform(gcpConfig({ backup: { retention: "30d" }, gcp: { bucketLocation: "eur4", kmsKeyName: key } }));
        const bucket = r.inputs(T.bucket, "fhir-gcp-backups");
        expect(bucket.location).toBe("EUR4");
        expect(bucket.versioning).toEqual({ enabled: true });
        expect(bucket.encryption).toEqual({ defaultKmsKeyName: key });
        const grant = r.inputs(T.kmsIam, "fhir-gcp-backups-kms");
        expect(grant.cryptoKeyId).toBe(key);
        expect(grant.role).toBe("roles/cloudkms.cryptoKeyEncrypterDecrypter");
        expect(grant.member).toMatch(/^serviceAccount:service-\d{12}@gs-project-accounts\.iam\.gserviceaccount\.com$/);
        // `pulumi destroy --exclude-protected` keeps the grant with the bucket: a bucket whose key
        // the GCS agent may not use can be neither read nor written.
        const recorded = r.get(T.kmsIam, "fhir-gcp-backups-kms");
        expect({ protect: recorded.protect, retainOnDelete: recorded.retainOnDelete }).toEqual({ protect: true, retainOnDelete: true });
        expect(r.get(T.bucket, "fhir-gcp-backups").dependencies).toContain(recorded.urn);
        // The CMEK stack enables Cloud KMS too.
        expect(r.ofType(T.service).map((x) => r.inputs(T.service, x.name).service)).toContain("cloudkms.googleapis.com");
    });

    it("keeps deleted objects restorable for the retention window plus a week (soft delete), within GCS's 90 days", async () => {
        const r = await renderPlatform(gcpConfig({ backup: { retention: "60d" } }));
        expect(r.inputs(T.bucket, "fhir-gcp-backups").softDeletePolicy).toEqual({ retentionDurationSeconds: 67 * 86_400 });
        expect(r.inputs(T.bucket, "fhir-gcp-backups").retentionPolicy).toBeUndefined();
        const long = await renderPlatform(gcpConfig({ backup: { retention: "120d" } }));
        expect(long.inputs(T.bucket, "fhir-gcp-backups").softDeletePolicy).toEqual({ retentionDurationSeconds: 90 * 86_400 });
    });
});

describe("backup identity", () => {
    it("trusts exactly the service accounts of the CNPG clusters, nothing else", async () => {
        for (const raw of [{}, { database: { delayedReplica: { enabled: false } } }, { database: { restore: { enabled: true } } }, { namespace: "ehr" }]) {
            const config = gcpConfig(raw);
            const r = await renderPlatform(config);
            const backupSa = r.inputs(T.account, "fhir-gcp-backup-sa");
            const bindings = r.ofType(T.saIam).map((b) => r.inputs(T.saIam, b.name));
            // CNPG runs each Cluster as the service account named after it: derive the subjects from
            // the Clusters actually rendered, not from the helper that feeds the IAM code too.
            const clusters = r.kind("Cluster").filter((c) => c.apiVersion === "postgresql.cnpg.io/v1");
            expect(clusters.length).toBeGreaterThanOrEqual(1);
            const expected = clusters.map((c) => `serviceAccount:${PROJECT}.svc.id.goog[${c.metadata.namespace}/${c.metadata.name}]`);
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
        // Objects read and written, the bucket's metadata read (barman-cloud checks the bucket): nothing more.
        expect(grants.map((g) => g.role).sort()).toEqual(["roles/storage.legacyBucketReader", "roles/storage.objectUser"]);
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

describe("API reachability", () => {
    it("by default (mode dns) points the kubeconfig at the cluster's DNS endpoint, with no CA and no private IP", async () => {
        const { r, target } = await renderTarget(gcpConfig());
        const kubeconfig = parseYaml(await valueOf(target.kubeconfig));
        // Never the IP endpoint, and no CA: the DNS endpoint serves a publicly trusted certificate.
        expect(kubeconfig.clusters[0].cluster).toEqual({
            server: "https://(known after deploy: Cluster fhir-gcp-cluster .controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint)",
        });
        expect(kubeconfig.users[0].user.exec.command).toBe("gke-gcloud-auth-plugin");
        expect(r.inputs(T.cluster, "fhir-gcp-cluster").controlPlaneEndpointsConfig.dnsEndpointConfig).toEqual({ allowExternalTraffic: true });
    });

    it("in mode public points it at the IP endpoint with the cluster CA, open to the listed CIDRs", async () => {
        const { r, target } = await renderTarget(gcpConfig({ cluster: { apiAccess: { mode: "public", allowedCidrs: ["198.51.100.0/24"] } } }));
        const kubeconfig = parseYaml(await valueOf(target.kubeconfig));
        expect(kubeconfig.clusters[0].cluster).toEqual({
            server: "https://(known after deploy: Cluster fhir-gcp-cluster .endpoint)",
            "certificate-authority-data": "(known after deploy: Cluster fhir-gcp-cluster .masterAuth.clusterCaCertificate)",
        });
        const cluster = r.inputs(T.cluster, "fhir-gcp-cluster");
        expect(cluster.privateClusterConfig.enablePrivateEndpoint).toBe(false);
        expect(cluster.masterAuthorizedNetworksConfig.cidrBlocks).toEqual([{ cidrBlock: "198.51.100.0/24", displayName: "fhir-ha-admin-1" }]);
        expect(cluster.controlPlaneEndpointsConfig.dnsEndpointConfig).toEqual({ allowExternalTraffic: false });
    });

    it("builds the Kubernetes provider with a stable, plain clusterIdentifier (never the endpoint) and server-side apply", async () => {
        const { r } = await renderTarget(gcpConfig());
        const provider = r.inputs(T.provider, "fhir-gcp-provider");
        expect(provider.clusterIdentifier).toBe("gke/gcp-prod/fhir-gcp-cluster");
        expect(String(provider.enableServerSideApply)).toBe("true");
        // The same identifier whatever the access mode, so changing cluster.apiAccess updates the provider only.
        const { r: pub } = await renderTarget(gcpConfig({ cluster: { apiAccess: { mode: "public", allowedCidrs: ["198.51.100.0/24"] } } }));
        expect(pub.inputs(T.provider, "fhir-gcp-provider").clusterIdentifier).toBe(provider.clusterIdentifier);
        // Every Kubernetes object the component creates goes through it.
        for (const k of r.resources.filter((x) => x.type.startsWith("kubernetes:"))) expect(k.provider?.startsWith(`${r.get(T.provider, "fhir-gcp-provider").urn}::`)).toBe(true);
    });

    it("replaces the Kubernetes provider (and so every object it manages) with the GKE cluster, and with nothing else", async () => {
        const { r } = await renderTarget(gcpConfig());
        expect(r.get(T.provider, "fhir-gcp-provider").replaceWith).toEqual([r.get(T.cluster, "fhir-gcp-cluster").urn]);
    });
});

describe("Google APIs", () => {
    it("enables every API the stack uses, never disabling one on destroy", async () => {
        const r = await renderTarget(gcpConfig()).then((x) => x.r);
        const services = r.ofType(T.service).map((x) => r.inputs(T.service, x.name));
        // What the resources of the stack need, and nothing else (KMS only with a CMEK key).
        expect(services.map((x) => x.service).sort()).toEqual([
            "cloudresourcemanager.googleapis.com",
            "compute.googleapis.com",
            "container.googleapis.com",
            "iam.googleapis.com",
            "iamcredentials.googleapis.com",
            "logging.googleapis.com",
            "monitoring.googleapis.com",
            "storage.googleapis.com",
        ]);
        for (const x of services) expect(x).toMatchObject({ project: PROJECT, disableOnDestroy: false, disableDependentServices: false });
    });

    it("makes the network, cluster, node pool, bucket and service accounts wait for them", async () => {
        const { r } = await renderTarget(gcpConfig());
        const apiUrns = r.ofType(T.service).map((x) => x.urn);
        for (const [type, name] of [
            [T.network, "fhir-gcp-network"],
            [T.subnet, "fhir-gcp-subnet"],
            [T.cluster, "fhir-gcp-cluster"],
            [T.nodePool, "fhir-gcp-nodes"],
            [T.bucket, "fhir-gcp-backups"],
            [T.account, "fhir-gcp-node-sa"],
            [T.account, "fhir-gcp-backup-sa"],
            [T.firewall, "fhir-gcp-webhooks"],
        ]) {
            expect(r.get(type, name).dependencies).toEqual(expect.arrayContaining(apiUrns));
        }
    });
});

describe("day-2 safety", () => {
    it("never diffs the cluster's create-only inputs (default pool size and node config)", async () => {
        const { r } = await renderTarget(gcpConfig());
        expect(r.get(T.cluster, "fhir-gcp-cluster").ignoreChanges).toEqual(expect.arrayContaining(["initialNodeCount", "nodeConfig"]));
        expect(r.get(T.nodePool, "fhir-gcp-nodes").ignoreChanges).toEqual(["initialNodeCount"]);
    });

    it("scales through the autoscaler's bounds: a nodesPerZone change differs only in ignored or in-place inputs", async () => {
        const one = (await renderTarget(gcpConfig({ cluster: { nodesPerZone: 1, maxNodesPerZone: 3 } }))).r;
        const two = (await renderTarget(gcpConfig({ cluster: { nodesPerZone: 2, maxNodesPerZone: 4 } }))).r;
        const a = one.inputs(T.nodePool, "fhir-gcp-nodes");
        const b = two.inputs(T.nodePool, "fhir-gcp-nodes");
        const changed = Object.keys({ ...a, ...b }).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
        expect(changed.sort()).toEqual(["autoscaling", "initialNodeCount"]);
        expect(b.autoscaling).toEqual({ minNodeCount: 2, maxNodeCount: 4, locationPolicy: "BALANCED" });
        expect(two.get(T.nodePool, "fhir-gcp-nodes").ignoreChanges).toContain("initialNodeCount");
        expect(two.inputs(T.cluster, "fhir-gcp-cluster")).toEqual(one.inputs(T.cluster, "fhir-gcp-cluster"));
    });

    it("keeps the cluster's inputs unchanged when only the API access changes between dns and public (an update of the access fields)", async () => {
        const dns = (await renderTarget(gcpConfig())).r.inputs(T.cluster, "fhir-gcp-cluster");
        const pub = (await renderTarget(gcpConfig({ cluster: { apiAccess: { mode: "public", allowedCidrs: ["198.51.100.0/24"] } } }))).r.inputs(T.cluster, "fhir-gcp-cluster");
        const changed = Object.keys({ ...dns, ...pub }).filter((k) => JSON.stringify(dns[k]) !== JSON.stringify(pub[k]));
        expect(changed.sort()).toEqual(["controlPlaneEndpointsConfig", "masterAuthorizedNetworksConfig", "privateClusterConfig"]);
        // Only the external endpoint switch moves inside privateClusterConfig; nodes stay private.
        expect(pub.privateClusterConfig.enablePrivateNodes).toBe(dns.privateClusterConfig.enablePrivateNodes);
    });
});

describe("maintenance and snapshots", () => {
    it("gives the cluster the configured window and exclusions", async () => {
        const { r } = await renderTarget(gcpConfig({ cluster: { maintenance: { days: ["sunday"], startTime: "01:00", durationHours: 12, exclusions: ["2026-12-24T00:00:00Z/2026-12-27T00:00:00Z"] } } }));
        expect(r.inputs(T.cluster, "fhir-gcp-cluster").maintenancePolicy).toEqual({
            recurringWindow: { startTime: "2024-01-06T01:00:00Z", endTime: "2024-01-06T13:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SU" },
            maintenanceExclusions: [
                { exclusionName: "fhir-ha-freeze-1", startTime: "2026-12-24T00:00:00Z", endTime: "2026-12-27T00:00:00Z", exclusionOptions: { scope: "NO_UPGRADES" } },
            ],
        });
    });

    it("stores PD snapshots in the stack's region", async () => {
        const { r } = await renderTarget(gcpConfig());
        const [snapshotClass] = r.kind("VolumeSnapshotClass");
        expect(snapshotClass.parameters).toEqual({ "storage-locations": REGION });
    });
});

describe("refused before any resource exists", () => {
    for (const [what, raw, pattern] of [
        ["backup.immutable", { backup: { immutable: true } }, /fhir-ha:backup\.immutable = true: not offered on gcp/],
        ["a Hyperdisk-only machine", { cluster: { nodeSize: "n4-standard-4" } }, /fhir-ha:cluster\.nodeSize = "n4-standard-4"/],
        ["a CMEK key in another location", { gcp: { kmsKeyName: `projects/${PROJECT}/locations/us-east1/keyRings/r/cryptoKeys/k` } }, /fhir-ha:gcp\.kmsKeyName: the key is in KMS location "us-east1".*use a key ring there/],
        ["a weekly 11-hour maintenance window (44 h in the worst 32 days)", { cluster: { maintenance: { days: ["sunday"], durationHours: 11 } } }, /fhir-ha:cluster\.maintenance\.durationHours: .*only 44 h .*set durationHours to at least 12/],
        ["more zones than the region has", { zones: 4 }, /fhir-ha:zones = 4: region europe-west4 has only 3 zones .*set fhir-ha:zones to at most 3/],
    ] as const) {
        it(what, async () => {
            const config = gcpConfig(raw);
            let error: unknown;
            const r = await render(async () => {
                try {
                    await resolveZones(config);
                } catch (e) {
                    error = e;
                }
            }, RUNTIME);
            expect(error).toBeInstanceOf(ConfigValidationError);
            expect((error as Error).message).toMatch(pattern);
            expect(r.resources.filter((x) => x.type.startsWith("gcp:"))).toEqual([]);
        });
    }
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
