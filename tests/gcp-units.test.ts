/** Pure functions of the GCP target, tested directly (no mock runtime). */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bucketProtection, NONCURRENT_MARGIN_DAYS } from "../src/clouds/gcp/bucket-policy";
import { controlPlaneAccess } from "../src/clouds/gcp/gke-cluster";
import { contextName, gkeKubeconfig } from "../src/clouds/gcp/kubeconfig";
import { backupBucketName, gcpName, serviceAccountId } from "../src/clouds/gcp/physical-names";
import { workloadIdentityMember, workloadPool } from "../src/clouds/gcp/project";
import { gcpSettingsProblems } from "../src/clouds/gcp/settings";
import { chooseZones } from "../src/clouds/gcp/zones";
import { backupPolicy } from "../src/config/backup-policy";
import { validateConfig } from "../src/config/validate";

const gcpConfig = (raw: Record<string, unknown> = {}) => validateConfig({ cloud: "gcp", ...raw }, { region: "europe-west4" });
const WEST4 = ["europe-west4-c", "europe-west4-a", "europe-west4-b"];

describe("chooseZones", () => {
    it("takes the first zoneCount zones of the region in name order", () => {
        const { zones, problems } = chooseZones({ region: "europe-west4", zoneCount: 2, zoneNames: [] }, WEST4);
        expect(problems).toEqual([]);
        expect(zones).toEqual(["europe-west4-a", "europe-west4-b"]);
    });

    it("keeps explicit zones that the region offers, in the given order", () => {
        const { zones, problems } = chooseZones({ region: "europe-west4", zoneCount: 2, zoneNames: ["europe-west4-c", "europe-west4-a"] }, WEST4);
        expect(problems).toEqual([]);
        expect(zones).toEqual(["europe-west4-c", "europe-west4-a"]);
    });

    it("rejects a zone of another region, naming fhir-ha:zones and listing the region's zones", () => {
        const { zones, problems } = chooseZones({ region: "europe-west4", zoneCount: 2, zoneNames: ["europe-west4-a", "us-east1-b"] }, WEST4);
        expect(zones).toEqual([]);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^fhir-ha:zones = /);
        expect(problems[0]).toContain("us-east1-b not in region europe-west4");
        expect(problems[0]).toContain("europe-west4-a, europe-west4-b, europe-west4-c");
    });

    it("rejects repeated zones", () => {
        const { problems } = chooseZones({ region: "europe-west4", zoneCount: 2, zoneNames: ["europe-west4-a", "europe-west4-a"] }, WEST4);
        expect(problems.join("\n")).toMatch(/fhir-ha:zones .*distinct \(repeated: europe-west4-a\)/);
    });

    it("rejects more zones than the region has up", () => {
        const { problems } = chooseZones({ region: "europe-west4", zoneCount: 4, zoneNames: [] }, WEST4);
        expect(problems[0]).toMatch(/^fhir-ha:zones = 4: region europe-west4 offers only 3 zones/);
    });
});

describe("gcpSettingsProblems", () => {
    it("accepts the defaults", () => {
        expect(gcpSettingsProblems(gcpConfig().gcp)).toEqual([]);
    });

    it("wants a /28 for the control plane", () => {
        const problems = gcpSettingsProblems(gcpConfig({ gcp: { masterCidr: "172.16.0.0/24" } }).gcp);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^fhir-ha:gcp\.masterCidr = "172\.16\.0\.0\/24": .*\/28/);
    });

    it("reports overlapping ranges with both keys", () => {
        const problems = gcpSettingsProblems(gcpConfig({ gcp: { servicesCidr: "10.21.0.0/20" } }).gcp);
        expect(problems).toEqual([expect.stringMatching(/^fhir-ha:gcp\.servicesCidr = "10\.21\.0\.0\/20": overlaps fhir-ha:gcp\.podsCidr = "10\.20\.0\.0\/14"/)]);
    });

    it("wants a full Cloud KMS key name for CMEK", () => {
        expect(gcpSettingsProblems(gcpConfig({ gcp: { kmsKeyName: "my-key" } }).gcp)[0]).toMatch(/^fhir-ha:gcp\.kmsKeyName = "my-key": must be a full key name/);
        const good = "projects/p/locations/europe-west4/keyRings/backups/cryptoKeys/pg";
        expect(gcpSettingsProblems(gcpConfig({ gcp: { kmsKeyName: good } }).gcp)).toEqual([]);
    });
});

describe("physical names", () => {
    it("lowercases, replaces what GCP does not allow and starts with a letter", () => {
        expect(gcpName("9_Prod.Stack--X-", 63)).toBe("prod-stack-x");
    });

    it("shortens long names with a hash, keeping distinct inputs distinct", () => {
        const a = serviceAccountId("a-very-long-stack-name-for-testing", "fhir-gcp", "backup");
        const b = serviceAccountId("a-very-long-stack-name-for-testing", "fhir-gcp", "nodes");
        for (const id of [a, b]) {
            expect(id.length).toBeLessThanOrEqual(30);
            expect(id).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
        }
        expect(a).not.toBe(b);
        expect(serviceAccountId("a-very-long-stack-name-for-testing", "fhir-gcp", "backup")).toBe(a);
    });

    it("names the bucket after project, stack and component within 63 characters", () => {
        expect(backupBucketName("acme-fhir", "gcp-prod", "fhir-gcp")).toBe("acme-fhir-gcp-prod-fhir-gcp-backups");
        const long = backupBucketName("a-thirty-character-project-id1", "an-equally-long-stack-name-here", "fhir-gcp");
        expect(long.length).toBeLessThanOrEqual(63);
    });
});

describe("bucketProtection", () => {
    it("keeps noncurrent versions for the retention window plus the margin", () => {
        const config = gcpConfig({ backup: { retention: "45d" } });
        const p = bucketProtection(config.backup, config.database);
        const days = backupPolicy(config.backup, config.database).retentionDays + NONCURRENT_MARGIN_DAYS;
        expect(days).toBe(52);
        expect(p.versioning).toEqual({ enabled: true });
        expect(p.lifecycleRules).toEqual([{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: days, withState: "ARCHIVED" } }]);
        expect(p.retentionPolicy).toBeUndefined();
    });

    it("uses a retention policy of exactly the window, without versioning, when immutable", () => {
        const config = gcpConfig({ backup: { retention: "4w", immutable: true } });
        const p = bucketProtection(config.backup, config.database);
        expect(p.retentionPolicy).toEqual({ retentionPeriod: String(28 * 86_400), isLocked: false });
        expect(p.versioning).toEqual({ enabled: false });
        expect(p.lifecycleRules).toEqual([]);
    });
});

describe("gkeKubeconfig", () => {
    const endpoint = { project: "acme", location: "europe-west4", clusterName: "fhir", endpoint: "203.0.113.10", caCertificate: "Q0E=" };

    it("points at the endpoint with the cluster CA and authenticates through gke-gcloud-auth-plugin", () => {
        const kc = parse(gkeKubeconfig(endpoint));
        const name = contextName(endpoint);
        expect(name).toBe("gke_acme_europe-west4_fhir");
        expect(kc["current-context"]).toBe(name);
        expect(kc.clusters[0]).toEqual({ name, cluster: { server: "https://203.0.113.10", "certificate-authority-data": "Q0E=" } });
        expect(kc.users[0].user.exec.command).toBe("gke-gcloud-auth-plugin");
        expect(kc.users[0].user.exec.apiVersion).toBe("client.authentication.k8s.io/v1beta1");
        // No static credential of any kind.
        expect(Object.keys(kc.users[0].user)).toEqual(["exec"]);
    });
});

describe("Workload Identity names", () => {
    it("spells the pool and the member of a Kubernetes service account", () => {
        expect(workloadPool("acme")).toBe("acme.svc.id.goog");
        expect(workloadIdentityMember("acme", { namespace: "fhir", name: "fhir-db" })).toBe("serviceAccount:acme.svc.id.goog[fhir/fhir-db]");
    });
});

describe("control-plane access", () => {
    it("opens the public endpoint only to the listed CIDRs", () => {
        expect(controlPlaneAccess("172.16.0.0/28", ["203.0.113.0/24", "198.51.100.7/32"])).toEqual({
            privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false, masterIpv4CidrBlock: "172.16.0.0/28" },
            masterAuthorizedNetworksConfig: {
                cidrBlocks: [
                    { cidrBlock: "203.0.113.0/24", displayName: "fhir-ha-admin-1" },
                    { cidrBlock: "198.51.100.7/32", displayName: "fhir-ha-admin-2" },
                ],
            },
        });
    });

    it("keeps the endpoint private when none is listed, and refuses a malformed CIDR", () => {
        expect(controlPlaneAccess("172.16.0.0/28", []).privateClusterConfig.enablePrivateEndpoint).toBe(true);
        expect(() => gcpConfig({ gcp: { authorizedCidrs: ["my office"] } })).toThrow(
            'fhir-ha:gcp.authorizedCidrs = ["my office"]: not IPv4 CIDRs: my office (deprecated key: use fhir-ha:cluster.apiAccess.allowedCidrs)',
        );
    });
});
