/** Pure functions of the GCP target, tested directly (no mock runtime). */
import { readFileSync } from "fs";
import { join } from "path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bucketProtection, immutableProblem, NONCURRENT_MARGIN_DAYS, SOFT_DELETE_MAX_DAYS, softDeleteDays } from "../src/clouds/gcp/bucket-policy";
import { controlPlaneAccess } from "../src/clouds/gcp/gke-cluster";
import { apiServerAddress, contextName, gkeKubeconfig } from "../src/clouds/gcp/kubeconfig";
import { hoursPer32Days } from "../src/cloud/maintenance";
import { gkeMaintenancePolicy, gkeMaintenanceProblems } from "../src/clouds/gcp/maintenance";
import { backupBucketName, gcpName, serviceAccountId } from "../src/clouds/gcp/physical-names";
import { workloadIdentityMember, workloadPool } from "../src/clouds/gcp/project";
import { gcpSettingsProblems, gcpStackProblems, kmsLocationProblems, machineDiskProblems } from "../src/clouds/gcp/settings";
import { chooseZones, downZonesWarning } from "../src/clouds/gcp/zones";
import { controlPlaneSourceRange } from "../src/clouds/gcp/control-plane-firewall";
import { backupPolicy } from "../src/config/backup-policy";
import { CALENDAR as GKE } from "../src/cloud/calendars/gcp";
import { rawFhirHaConfig } from "../src/config/load";
import { checkConfig, validateConfig } from "../src/validation";

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

    it("rejects more zones than the region has, naming the most it can take", () => {
        const { problems } = chooseZones({ region: "europe-west4", zoneCount: 4, zoneNames: [] }, WEST4);
        expect(problems).toEqual([
            "fhir-ha:zones = 4: region europe-west4 has only 3 zones (zones of europe-west4: europe-west4-a, europe-west4-b, europe-west4-c); set fhir-ha:zones to at most 3",
        ]);
    });
});

describe("controlPlaneSourceRange", () => {
    it("is a VPC-peering control plane's /28 when the cluster has one, else the node subnet", () => {
        expect(controlPlaneSourceRange("172.16.0.0/28", "10.10.0.0/20")).toBe("172.16.0.0/28");
        expect(controlPlaneSourceRange(undefined, "10.10.0.0/20")).toBe("10.10.0.0/20");
        expect(controlPlaneSourceRange("", "10.10.0.0/20")).toBe("10.10.0.0/20");
    });
});

describe("downZonesWarning", () => {
    it("warns only about chosen zones that are DOWN, and says the stack keeps them", () => {
        expect(downZonesWarning(["europe-west4-a", "europe-west4-b"], ["europe-west4-c"])).toBeUndefined();
        expect(downZonesWarning(["europe-west4-a", "europe-west4-b", "europe-west4-c"], ["europe-west4-c"])).toBe(
            "fhir-ha:zones: europe-west4-c is DOWN now (Compute Engine zone status); the stack keeps its zones " +
                "(europe-west4-a, europe-west4-b, europe-west4-c) and this update changes nothing about them. " +
                "To move capacity out of a lost zone, follow docs/runbooks/zone-loss.md",
        );
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
    it("keeps noncurrent versions for the retention window plus the margin, and soft-deletes for as long", () => {
        const config = gcpConfig({ backup: { retention: "45d" } });
        const p = bucketProtection(config.backup, config.database);
        const days = backupPolicy(config.backup, config.database).retentionDays + NONCURRENT_MARGIN_DAYS;
        expect(days).toBe(52);
        expect(p.versioning).toEqual({ enabled: true });
        expect(p.lifecycleRules).toEqual([{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: days, withState: "ARCHIVED" } }]);
        expect(p.softDeletePolicy).toEqual({ retentionDurationSeconds: 52 * 86_400 });
        expect(Object.keys(p)).not.toContain("retentionPolicy");
    });

    it("keeps the soft-delete window inside GCS's 7 to 90 days", () => {
        expect(softDeleteDays(1)).toBe(8);
        expect(softDeleteDays(83)).toBe(90);
        expect(softDeleteDays(84)).toBe(SOFT_DELETE_MAX_DAYS);
        expect(softDeleteDays(365)).toBe(90);
    });

    it("refuses backup.immutable on GCP, naming the key and why", () => {
        const config = gcpConfig({ backup: { immutable: true } });
        const problem = immutableProblem(config.backup)!;
        expect(problem).toMatch(/^fhir-ha:backup\.immutable = true: not offered on gcp/);
        expect(problem).toMatch(/retention policy forbids replacing an object/);
        expect(problem).toMatch(/re-uploads a segment/);
        expect(immutableProblem(gcpConfig().backup)).toBeUndefined();
        expect(gcpStackProblems(config)).toContain(problem);
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

    it("names the DNS endpoint, without a CA, in dns mode, and the IP endpoint with the CA otherwise", () => {
        const endpoints = { ip: "10.10.0.2", dns: "gke-0123abcd.europe-west4.gke.goog", caCertificate: "Q0E=" };
        const dns = parse(gkeKubeconfig({ ...endpoint, ...apiServerAddress("dns", endpoints) }));
        expect(dns.clusters[0].cluster).toEqual({ server: "https://gke-0123abcd.europe-west4.gke.goog" });
        expect(dns.users[0].user.exec.command).toBe("gke-gcloud-auth-plugin");
        for (const mode of ["public", "private"]) {
            const ip = parse(gkeKubeconfig({ ...endpoint, ...apiServerAddress(mode, endpoints) }));
            expect(ip.clusters[0].cluster).toEqual({ server: "https://10.10.0.2", "certificate-authority-data": "Q0E=" });
        }
    });
});

describe("Workload Identity names", () => {
    it("spells the pool and the member of a Kubernetes service account", () => {
        expect(workloadPool("acme")).toBe("acme.svc.id.goog");
        expect(workloadIdentityMember("acme", { namespace: "fhir", name: "fhir-db" })).toBe("serviceAccount:acme.svc.id.goog[fhir/fhir-db]");
    });
});

describe("control-plane access", () => {
    const access = (mode: string, allowedCidrs: string[] = []) => ({ mode, allowedCidrs, allowAnyAddress: false });

    it("dns: takes external traffic on the DNS endpoint, keeps the IP endpoint internal, nodes private", () => {
        expect(controlPlaneAccess(access("dns"))).toEqual({
            controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true }, ipEndpointsConfig: { enabled: true } },
            privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
            masterAuthorizedNetworksConfig: { cidrBlocks: [] },
        });
    });

    it("dns with CIDRs also opens the external IP endpoint to them", () => {
        const a = controlPlaneAccess(access("dns", ["198.51.100.0/24"]));
        expect(a.privateClusterConfig.enablePrivateEndpoint).toBe(false);
        expect(a.masterAuthorizedNetworksConfig.cidrBlocks).toEqual([{ cidrBlock: "198.51.100.0/24", displayName: "fhir-ha-admin-1" }]);
    });

    it("public: the external IP endpoint only for the listed CIDRs, no DNS endpoint traffic", () => {
        expect(controlPlaneAccess(access("public", ["203.0.113.0/24", "198.51.100.7/32"]))).toEqual({
            controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: false }, ipEndpointsConfig: { enabled: true } },
            privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false },
            masterAuthorizedNetworksConfig: {
                cidrBlocks: [
                    { cidrBlock: "203.0.113.0/24", displayName: "fhir-ha-admin-1" },
                    { cidrBlock: "198.51.100.7/32", displayName: "fhir-ha-admin-2" },
                ],
            },
        });
    });

    it("private: the internal endpoint only; no legacy VPC-peering range in any mode", () => {
        const a = controlPlaneAccess(access("private"));
        expect(a.privateClusterConfig).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: true });
        expect(a.controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic).toBe(false);
        for (const mode of ["dns", "public", "private"]) expect(controlPlaneAccess(access(mode, ["198.51.100.0/24"])).privateClusterConfig).not.toHaveProperty("masterIpv4CidrBlock");
    });

    it("refuses a malformed CIDR in the deprecated key", () => {
        expect(() => gcpConfig({ gcp: { authorizedCidrs: ["my office"] } })).toThrow(
            'fhir-ha:gcp.authorizedCidrs = ["my office"]: not IPv4 CIDRs: my office (deprecated key: use fhir-ha:cluster.apiAccess.allowedCidrs)',
        );
    });

    it("refuses 0.0.0.0/0 unless allowAnyAddress opts in", () => {
        expect(() => gcpConfig({ cluster: { apiAccess: { mode: "public", allowedCidrs: ["0.0.0.0/0"] } } })).toThrow(/allowAnyAddress/);
        expect(gcpConfig({ cluster: { apiAccess: { mode: "public", allowedCidrs: ["0.0.0.0/0"], allowAnyAddress: true } } }).cluster.apiAccess.allowedCidrs).toEqual(["0.0.0.0/0"]);
    });
});

describe("maintenance window on GKE", () => {
    it("maps days, start and length onto a weekly recurring window, and exclusions onto no-upgrade exclusions", () => {
        const config = gcpConfig({
            cluster: { maintenance: { days: ["tuesday", "saturday"], startTime: "23:30", durationHours: 8, exclusions: ["2026-12-20T00:00:00Z/2027-01-03T00:00:00Z"] } },
        });
        expect(gkeMaintenancePolicy(config.cluster.maintenance)).toEqual({
            recurringWindow: { startTime: "2024-01-06T23:30:00Z", endTime: "2024-01-07T07:30:00Z", recurrence: "FREQ=WEEKLY;BYDAY=TU,SA" },
            maintenanceExclusions: [
                { exclusionName: "fhir-ha-freeze-1", startTime: "2026-12-20T00:00:00Z", endTime: "2027-01-03T00:00:00Z", exclusionOptions: { scope: "NO_UPGRADES" } },
            ],
        });
    });

    it("defaults to weekends 02:00-08:00 UTC, which meets GKE's 48 h in 32 days", () => {
        const window = gcpConfig().cluster.maintenance;
        expect(gkeMaintenancePolicy(window)!).toMatchObject({ recurringWindow: { startTime: "2024-01-06T02:00:00Z", endTime: "2024-01-06T08:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" } });
        expect(gkeMaintenanceProblems(window)).toEqual([]);
    });

    it("refuses a window under 48 h per 32 days, and exclusions GKE would reject", () => {
        const short = gcpConfig({ cluster: { maintenance: { days: ["sunday"], durationHours: 4 } } }).cluster.maintenance;
        expect(gkeMaintenanceProblems(short)[0]).toMatch(/^fhir-ha:cluster\.maintenance\.days \/ fhir-ha:cluster\.maintenance\.durationHours: .*at least 48 h/);
        const long = gcpConfig({ cluster: { maintenance: { exclusions: ["2026-12-01T00:00:00Z/2027-01-15T00:00:00Z"] } } }).cluster.maintenance;
        expect(gkeMaintenanceProblems(long)[0]).toMatch(/^fhir-ha:cluster\.maintenance\.exclusions: .*at most 30/);
        const many = ["01", "02", "03", "04"].map((m) => `2027-${m}-01T00:00:00Z/2027-${m}-02T00:00:00Z`);
        expect(gkeMaintenanceProblems(gcpConfig({ cluster: { maintenance: { exclusions: many } } }).cluster.maintenance)).toEqual([
            'fhir-ha:cluster.maintenance.exclusions: 4 ranges; GKE allows at most 3 "no upgrades" exclusions',
        ]);
    });
});

describe("GKE's 48 hours in any rolling 32 days", () => {
    const window = (days: string[], startTime: string, durationHours: number) =>
        gcpConfig({ cluster: { maintenance: { days, startTime, durationHours } } }).cluster.maintenance;

    it("counts the worst 32 days, not the average: one weekly 11 h window gives 4 × 11 = 44 h", () => {
        // 32 days hold 4 whole weeks and 4 more days, which can fall between two Sundays.
        expect(hoursPer32Days(window(["sunday"], "02:00", 11))).toBe(44);
        expect(hoursPer32Days(window(["saturday", "sunday"], "02:00", 6))).toBe(48);
        // Tuesday and Saturday 23:30 for 8 h: the longest gap is 88 h, so the 4 extra days always hold 8 h more.
        expect(hoursPer32Days(window(["tuesday", "saturday"], "23:30", 8))).toBe(72);
        // Sunday's window running past the week's end into Monday counts whole.
        expect(hoursPer32Days(window(["sunday"], "22:00", 12))).toBe(48);
        expect(hoursPer32Days(window(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"], "00:00", 24))).toBe(768);
    });

    it("refuses one weekly 11 h window, which GKE rejects, naming both keys, the hours and the way forward", () => {
        expect(gkeMaintenanceProblems(window(["sunday"], "02:00", 11))).toEqual([
            "fhir-ha:cluster.maintenance.days / fhir-ha:cluster.maintenance.durationHours: sunday for 11 h from 02:00 UTC leave only 44 h of window " +
                "in the worst 32 days; GKE needs at least 48 h in any rolling 32 days (in stretches of at least 4 h) and refuses the cluster otherwise: " +
                "set durationHours to at least 12 or add days",
        ]);
        expect(gkeMaintenanceProblems(window(["sunday"], "02:00", 12))).toEqual([]);
    });
});

describe("machine and disk types", () => {
    it("refuses Hyperdisk-only machine series with a Persistent Disk type, naming both keys", () => {
        for (const nodeSize of ["n4-standard-4", "c4-standard-8", "c4a-standard-4", "c4d-highmem-8"]) {
            const problems = gcpStackProblems(gcpConfig({ cluster: { nodeSize } }));
            expect(problems).toHaveLength(1);
            expect(problems[0]).toMatch(new RegExp(`^fhir-ha:cluster\\.nodeSize = "${nodeSize}": .* attach only Hyperdisk, and fhir-ha:gcp\\.diskType = "pd-balanced"`));
        }
    });

    it("accepts series that take Persistent Disk", () => {
        for (const nodeSize of ["e2-standard-4", "n2-standard-8", "n2d-standard-4", "c3-standard-4"]) {
            expect(machineDiskProblems(nodeSize, "pd-ssd")).toEqual([]);
        }
    });
});

describe("CMEK key location", () => {
    const key = (location: string) => `projects/acme/locations/${location}/keyRings/backups/cryptoKeys/postgres`;

    it("accepts a key in the bucket's location (the region, or gcp.bucketLocation)", () => {
        expect(gcpStackProblems(gcpConfig({ gcp: { kmsKeyName: key("europe-west4") } }))).toEqual([]);
        expect(gcpStackProblems(gcpConfig({ gcp: { kmsKeyName: key("eur4"), bucketLocation: "EUR4" } }))).toEqual([]);
    });

    it("accepts the KMS multi-regions europe, asia and us for the GCS multi-regions EU, ASIA and US", () => {
        expect(gcpStackProblems(gcpConfig({ gcp: { kmsKeyName: key("europe"), bucketLocation: "EU" } }))).toEqual([]);
        expect(gcpStackProblems(gcpConfig({ gcp: { kmsKeyName: key("asia"), bucketLocation: "ASIA" } }))).toEqual([]);
        expect(gcpStackProblems(gcpConfig({ gcp: { kmsKeyName: key("us"), bucketLocation: "us" } }))).toEqual([]);
    });

    it("refuses a key elsewhere, naming the key, the KMS location it must be in and the way forward", () => {
        expect(kmsLocationProblems(gcpConfig({ gcp: { kmsKeyName: key("europe-west1") } }))).toEqual([
            'fhir-ha:gcp.kmsKeyName: the key is in KMS location "europe-west1", the bucket in "europe-west4" (gcp:region); ' +
                'GCS needs a key in KMS location "europe-west4": use a key ring there (projects/<project>/locations/europe-west4/keyRings/...) ' +
                "or change the bucket's location",
        ]);
        expect(kmsLocationProblems(gcpConfig({ gcp: { kmsKeyName: key("europe-west4"), bucketLocation: "eur4" } }))[0]).toMatch(/fhir-ha:gcp\.bucketLocation.*KMS location "eur4"/);
        // A key in a region of the multi-region is not a key in the multi-region.
        expect(kmsLocationProblems(gcpConfig({ gcp: { kmsKeyName: key("europe-west4"), bucketLocation: "EU" } }))[0]).toMatch(/needs a key in KMS location "europe"/);
        expect(kmsLocationProblems(gcpConfig({ gcp: { kmsKeyName: key("eu"), bucketLocation: "EU" } }))[0]).toMatch(/key is in KMS location "eu".*KMS location "europe"/);
    });
});

describe("extended support", () => {
    it("needs the Extended channel", () => {
        expect(gcpStackProblems(gcpConfig({ gcp: { extendedSupport: true } }))[0]).toMatch(/^fhir-ha:gcp\.extendedSupport = true: .*"EXTENDED"/);
        expect(gcpStackProblems(gcpConfig({ gcp: { extendedSupport: true, releaseChannel: "EXTENDED" } }))).toEqual([]);
    });
});

describe("the shipped gcp-prod stack", () => {
    const file = parse(readFileSync(join(__dirname, "..", "stacks", "Pulumi.gcp-prod.yaml"), "utf8")).config as Record<string, unknown>;
    // Pulumi hands objects and lists over as JSON text.
    const all = Object.fromEntries(Object.entries(file).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    const { raw, secretsSet } = rawFhirHaConfig(all);
    const env = { region: all["gcp:region"], secretsSet, providerValues: { "gcp:project": all["gcp:project"] } };

    it("stops a real deploy, naming every value to replace", () => {
        const real = checkConfig(raw, { ...env, rejectPlaceholders: true });
        expect(real.config).toBeUndefined();
        expect(real.problems.map((p) => p.split(" =")[0]).sort()).toEqual(["fhir-ha:fhir.baseUrl", "gcp:project"]);
    });

    it("still plans offline (placeholders are warnings), with the DNS endpoint and no GCP problem", () => {
        const offline = checkConfig(raw, env);
        expect(offline.problems).toEqual([]);
        expect(offline.warnings.filter((w) => w.startsWith("placeholder: "))).toHaveLength(2);
        const config = offline.config!;
        expect(config.cluster.apiAccess.mode).toBe("dns");
        expect(config.cluster.kubernetesVersion).toBe("");
        expect(gcpStackProblems(config)).toEqual([]);
    });
});

describe("GKE version calendar", () => {
    const today = new Date("2026-11-28T12:00:00Z");
    const check = (raw: Record<string, unknown>, day = today) => checkConfig({ cloud: "gcp", ...raw }, { region: "europe-west4", today: day });

    it("is filled in: minor versions with ISO dates in order, sources with URLs, an as-of day", () => {
        expect(GKE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(GKE.sources.length).toBeGreaterThan(0);
        for (const url of GKE.sources) expect(url).toMatch(/^https:\/\//);
        expect(GKE.extendedSupportNote).toMatch(/Extended release channel/);
        for (const e of GKE.entries) {
            expect(e.version).toMatch(/^1\.\d+$/);
            expect(Date.parse(e.released)).toBeLessThan(Date.parse(e.endOfStandard));
            expect(Date.parse(e.endOfStandard)).toBeLessThan(Date.parse(e.endOfExtended!));
        }
    });

    it("follows the release channel by default: no pin, nothing to check", () => {
        expect(check({}).problems).toEqual([]);
        expect(check({}).config!.cluster.kubernetesVersion).toBe("");
    });

    it("refuses 1.33, past its GKE end of standard support, suggesting the default", () => {
        const { problems } = check({ cluster: { kubernetesVersion: "1.33" } });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^fhir-ha:cluster\.kubernetesVersion = "1\.33": left standard support on 2026-08-03 .*use ""/);
    });

    it("accepts a supported pin, and warns once it leaves support within 60 days", () => {
        expect(check({ cluster: { kubernetesVersion: "1.35" } }).problems).toEqual([]);
        const soon = check({ cluster: { kubernetesVersion: "1.35" } }, new Date("2027-03-01T00:00:00Z"));
        expect(soon.problems).toEqual([]);
        expect(soon.warnings.join("\n")).toMatch(/"1\.35": leaves standard support on 2027-04-11/);
    });

    it("keeps a version past standard support only with extended support in the Extended channel", () => {
        const extended = check({ cluster: { kubernetesVersion: "1.33" }, gcp: { releaseChannel: "EXTENDED", extendedSupport: true } });
        expect(extended.problems).toEqual([]);
        expect(extended.warnings.join("\n")).toMatch(/"1\.33": in extended support since 2026-08-03/);
        expect(gcpStackProblems(extended.config!)).toEqual([]);
    });
});
