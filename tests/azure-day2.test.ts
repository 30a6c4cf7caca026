/**
 * The Azure points of issue 15 as pure functions: the AKS support calendar and version policy,
 * kubelogin's mode and exec arguments per way of signing in, API server access, maintenance
 * windows, creation-time settings refused with their procedure, the shipped stack's placeholders,
 * and the node quota. The rendered resources are asserted in azure.test.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CALENDAR } from "../src/cloud/calendars/azure";
import { checkPinnedVersion, versionStatus } from "../src/cloud/kubernetes-versions";
import { apiServerAccess, clusterIgnoreChanges, managedClusterArgs } from "../src/clouds/azure/aks";
import { immutabilityProblems, privateModeProblems, refuseCreationTimeChanges, systemPoolProblems } from "../src/clouds/azure/creation-settings";
import { deployerPrincipalType, kubeloginArgs, kubeloginMode, providerAuth } from "../src/clouds/azure/kubelogin";
import { withKubeloginLogin } from "../src/clouds/azure/kubeconfig";
import { maintenanceWindowArgs, unusedDays, weeklyDay } from "../src/clouds/azure/maintenance";
import { networkPlan } from "../src/clouds/azure/network-plan";
import { azureSettingsProblems } from "../src/clouds/azure/preflight";
import { peakNodes } from "../src/clouds/azure/quota";
import { rawFhirHaConfig } from "../src/config/load";
import { checkConfig, validateConfig } from "../src/validation";
import { stackConfigFromYaml } from "../src/plan/stack-files";
import { mockAksUserKubeconfig } from "../src/plan/mocks/azure";
import { withTestApiAccess } from "./support/config";

const GROUP = "3f2a9c4e-7b1d-4e8a-9c6f-2d5b8e1a7c90";
const TODAY = new Date("2026-11-28T12:00:00Z");
const raw = (extra: Record<string, any> = {}) => withTestApiAccess({ cloud: "azure", ...extra, azure: { adminGroupObjectIds: [GROUP], ...(extra.azure ?? {}) } });
const azure = (extra: Record<string, any> = {}) => validateConfig(raw(extra), { region: "westeurope", today: TODAY });
const check = (extra: Record<string, any> = {}) => checkConfig(raw(extra), { region: "westeurope", today: TODAY });

describe("AKS version calendar and policy", () => {
    it("holds every minor version AKS lists, with LTS ends, sources and an as-of date", () => {
        expect(CALENDAR.entries.map((e) => e.version)).toEqual(["1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37"]);
        for (const e of CALENDAR.entries) {
            expect(Date.parse(e.released)).toBeLessThan(Date.parse(e.endOfStandard));
            expect(Date.parse(e.endOfStandard)).toBeLessThan(Date.parse(e.endOfExtended!));
        }
        expect(CALENDAR.sources.join(" ")).toMatch(/supported-kubernetes-versions/);
        expect(CALENDAR.sources.join(" ")).toMatch(/long-term-support/);
        expect(CALENDAR.extendedSupportNote).toMatch(/fhir-ha:azure\.extendedSupport.*Premium/);
    });

    it("refuses 1.33 (past end of life, LTS only on Premium) unless LTS is chosen, and flags 1.34 leaving in two days", () => {
        expect(versionStatus(CALENDAR, "1.33", TODAY).state).toBe("extended");
        const refused = check({ cluster: { kubernetesVersion: "1.33" } });
        expect(refused.problems).toEqual([expect.stringMatching(/^fhir-ha:cluster\.kubernetesVersion = "1\.33": left standard support on 2026-07-31 .*or "1\.37".*fhir-ha:azure\.extendedSupport/)]);
        const lts = check({ cluster: { kubernetesVersion: "1.33" }, azure: { extendedSupport: true, upgradeChannel: "patch" } });
        expect(lts.problems).toEqual([]);
        expect(lts.warnings.join("\n")).toMatch(/in extended support since 2026-07-31 \(until 2027-07-31\)/);
        expect(check({ cluster: { kubernetesVersion: "1.34" } }).warnings.join("\n")).toMatch(/"1\.34": leaves standard support on 2026-11-30 \(in 2 days\)/);
        expect(check({ cluster: { kubernetesVersion: "1.35" } }).problems).toEqual([]);
        expect(check({ cluster: { kubernetesVersion: "1.30" } }).problems[0]).toMatch(/not a version azure supports/);
        expect(checkPinnedVersion(CALENDAR, "", TODAY)).toEqual({ problems: [], warnings: [] });
    });

    it("LTS moves the cluster to Premium with the AKSLongTermSupport plan, and needs the patch channel", () => {
        const spec = (c: ReturnType<typeof azure>) =>
            managedClusterArgs({ config: c, resourceGroupName: "rg", clusterName: "a", dnsPrefix: "a", subnetId: "s", network: networkPlan(c.azure.vnetCidr), tags: {} }) as any;
        const lts = spec(azure({ azure: { extendedSupport: true, upgradeChannel: "patch" } }));
        expect(lts.sku).toEqual({ name: "Base", tier: "Premium" });
        expect(lts.supportPlan).toBe("AKSLongTermSupport");
        const plain = spec(azure());
        expect(plain.sku.tier).toBe("Standard");
        expect(plain.supportPlan).toBe("KubernetesOfficial");
        // "" (the default) leaves the version to AKS.
        expect(plain.kubernetesVersion).toBeUndefined();
        expect(azureSettingsProblems(azure({ azure: { extendedSupport: true } }))).toEqual([
            expect.stringMatching(/^fhir-ha:azure\.extendedSupport = true needs fhir-ha:azure\.upgradeChannel "patch" \(is "stable"\)/),
        ]);
    });

    it("never sends the version back under stable/rapid, where AKS moves the minor itself", () => {
        expect(clusterIgnoreChanges(azure({ azure: { upgradeChannel: "stable" } }))).toContain("kubernetesVersion");
        expect(clusterIgnoreChanges(azure({ azure: { upgradeChannel: "rapid" } }))).toContain("kubernetesVersion");
        expect(clusterIgnoreChanges(azure({ azure: { upgradeChannel: "patch" } }))).not.toContain("kubernetesVersion");
        for (const ch of ["patch", "stable"]) {
            expect(clusterIgnoreChanges(azure({ azure: { upgradeChannel: ch } }))).toEqual(
                expect.arrayContaining(["agentPoolProfiles", "apiServerAccessProfile.enablePrivateCluster"]),
            );
        }
    });
});

describe("kubelogin mode and exec arguments", () => {
    const WHO = { clientId: "11111111-2222-4333-8444-555555555555", tenantId: "9d1f3c6b-0000-4000-8000-0000000000e5" };
    const none = providerAuth({}, {});
    const aksArgs = () => parse(mockAksUserKubeconfig("aks-x")).users[0].user.exec.args as string[];
    const KEPT = ["get-token", "--environment", "AzurePublicCloud", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"];

    it("reads the azure-native provider's auth from its config keys, else its ARM_* environment", () => {
        expect(providerAuth({ "azure-native:useOidc": "true" }, {}).useOidc).toBe(true);
        expect(providerAuth({}, { ARM_USE_OIDC: "true", ARM_CLIENT_ID: "c" })).toMatchObject({ useOidc: true, clientId: "c" });
        expect(providerAuth({ "azure-native:useMsi": "false" }, { ARM_USE_MSI: "true" }).useMsi).toBe(false);
        expect(providerAuth({}, { ARM_CLIENT_SECRET: "s" }).hasClientSecret).toBe(true);
        expect(providerAuth({ "azure-native:clientCertificatePath": "/c.pfx" }, {}).hasClientCertificate).toBe(true);
        expect(none).toMatchObject({ useOidc: false, useMsi: false, hasClientSecret: false, clientId: undefined });
    });

    it("auto follows the provider: OIDC → workloadidentity, MSI → msi, secret or certificate → spn, else the Azure CLI", () => {
        expect(kubeloginMode("auto", providerAuth({}, { ARM_USE_OIDC: "true" }))).toBe("workloadidentity");
        expect(kubeloginMode("auto", providerAuth({ "azure-native:useMsi": "true" }, {}))).toBe("msi");
        expect(kubeloginMode("auto", providerAuth({}, { ARM_CLIENT_SECRET: "x" }))).toBe("spn");
        expect(kubeloginMode("auto", providerAuth({}, { ARM_CLIENT_CERTIFICATE_PATH: "/c.pem" }))).toBe("spn");
        expect(kubeloginMode("auto", providerAuth({}, { ARM_USE_DEFAULT_AZURE_CREDENTIAL: "true", AZURE_FEDERATED_TOKEN_FILE: "/t" }))).toBe("workloadidentity");
        expect(kubeloginMode("auto", none)).toBe("azurecli");
        // An explicit key wins over what the provider does.
        expect(kubeloginMode("azd", providerAuth({}, { ARM_USE_OIDC: "true" }))).toBe("azd");
        expect(() => kubeloginMode("devicecode", none)).toThrow(/fhir-ha:azure\.kubeloginMode = "devicecode": must be auto \| azurecli \| spn \| workloadidentity \| msi \| azd/);
    });

    it("renders each mode's exec arguments, replacing AKS's device-code login and its CLI client id", () => {
        expect(kubeloginArgs(aksArgs(), "azurecli", WHO)).toEqual([...KEPT, "--login", "azurecli"]);
        expect(kubeloginArgs(aksArgs(), "azd", WHO)).toEqual([...KEPT, "--login", "azd"]);
        expect(kubeloginArgs(aksArgs(), "spn", WHO)).toEqual([...KEPT, "--login", "spn", "--client-id", WHO.clientId, "--tenant-id", WHO.tenantId]);
        expect(kubeloginArgs(aksArgs(), "workloadidentity", WHO)).toEqual([
            ...KEPT,
            "--login",
            "workloadidentity",
            "--client-id",
            WHO.clientId,
            "--tenant-id",
            WHO.tenantId,
        ]);
        expect(kubeloginArgs(aksArgs(), "msi", WHO)).toEqual([...KEPT, "--login", "msi", "--client-id", WHO.clientId]);
        expect(kubeloginArgs(aksArgs(), "msi", { tenantId: WHO.tenantId })).toEqual([...KEPT, "--login", "msi"]);
        // No secret ever lands in the kubeconfig: spn reads it from the environment.
        for (const mode of ["azurecli", "spn", "workloadidentity", "msi", "azd"]) {
            const args = kubeloginArgs([...aksArgs(), "--client-secret=leak"], mode, WHO);
            expect(args.join(" ")).not.toMatch(/secret|devicecode|80faf920/);
        }
        expect(() => kubeloginArgs(aksArgs(), "spn", { tenantId: "t" })).toThrow(/needs the deploying identity's client id/);
    });

    it("rewrites every kubelogin user of the kubeconfig AKS returns", () => {
        const kc = parse(withKubeloginLogin(mockAksUserKubeconfig("aks-x"), "workloadidentity", WHO));
        expect(kc.users[0].user.exec.args.slice(-6)).toEqual(["--login", "workloadidentity", "--client-id", WHO.clientId, "--tenant-id", WHO.tenantId]);
    });

    it("types the deploying identity's role assignment: a service principal in CI modes, a person behind Microsoft's sign-in apps", () => {
        for (const mode of ["spn", "workloadidentity", "msi"]) expect(deployerPrincipalType(mode, WHO.clientId)).toBe("ServicePrincipal");
        expect(deployerPrincipalType("azurecli", "04b07795-8ddb-461a-bbee-02f9e1bf7b46")).toBe("User");
        expect(deployerPrincipalType("azd", "04B07795-8DDB-461A-BBEE-02F9E1BF7B46")).toBe("User");
        // `az login --service-principal` is a CLI session of a service principal.
        expect(deployerPrincipalType("azurecli", WHO.clientId)).toBe("ServicePrincipal");
    });
});

describe("API server access", () => {
    it("public: authorized IP ranges from cluster.apiAccess.allowedCidrs", () => {
        expect(apiServerAccess({ mode: "public", allowedCidrs: ["198.51.100.0/24", "192.0.2.7/32"], allowAnyAddress: false })).toEqual({
            enablePrivateCluster: false,
            authorizedIPRanges: ["198.51.100.0/24", "192.0.2.7/32"],
        });
    });

    it("private: a private cluster with AKS's own private DNS zone and no public FQDN", () => {
        expect(apiServerAccess({ mode: "private", allowedCidrs: [], allowAnyAddress: false })).toEqual({
            enablePrivateCluster: true,
            privateDNSZone: "system",
            enablePrivateClusterPublicFQDN: false,
        });
        expect(() => apiServerAccess({ mode: "dns", allowedCidrs: [], allowAnyAddress: false })).toThrow(/azure offers public \| private/);
    });

    it("refuses a public endpoint nobody can reach, the whole internet, and GKE's dns mode", () => {
        const empty = checkConfig({ cloud: "azure", cluster: { apiAccess: { mode: "public" } } }, { region: "westeurope", today: TODAY });
        expect(empty.problems.join("\n")).toMatch(/fhir-ha:cluster\.apiAccess\.allowedCidrs: required when fhir-ha:cluster\.apiAccess\.mode is "public".*docs\/clouds\/azure\.md/);
        expect(check({ cluster: { apiAccess: { mode: "public", allowedCidrs: ["0.0.0.0/0"] } } }).problems.join("\n")).toMatch(/allowAnyAddress/);
        expect(check({ cluster: { apiAccess: { mode: "dns", allowedCidrs: [] } } }).problems.join("\n")).toMatch(/azure offers public \| private/);
    });
});

describe("maintenance window", () => {
    it("maps the default Saturday/Sunday window onto AKS's one-day weekly schedule, in UTC", () => {
        const w = azure().cluster.maintenance;
        expect(maintenanceWindowArgs(w)).toEqual({
            schedule: { weekly: { dayOfWeek: "Saturday", intervalWeeks: 1 } },
            durationHours: 6,
            startTime: "02:00",
            utcOffset: "+00:00",
            notAllowedDates: undefined,
        });
        expect(unusedDays(w.days)).toEqual(["sunday"]);
        expect(weeklyDay(["sunday", "wednesday"])).toBe("Wednesday");
    });

    it("uses a daily schedule for every day, and turns exclusions into whole UTC days", () => {
        const all = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        const w = maintenanceWindowArgs({ days: all, startTime: "23:30", durationHours: 4, exclusions: ["2026-12-20T00:00:00Z/2027-01-03T00:00:00Z", "2027-03-01T22:00:00-05:00/2027-03-02T06:00:00Z"] });
        expect(w.schedule).toEqual({ daily: { intervalDays: 1 } });
        expect(w.notAllowedDates).toEqual([
            { start: "2026-12-20", end: "2027-01-03" },
            { start: "2027-03-02", end: "2027-03-02" },
        ]);
        expect(unusedDays(all)).toEqual([]);
    });
});

describe("settings fixed at creation", () => {
    const desired = { vmSize: "Standard_D4s_v5", zones: ["1", "2", "3"] };

    it("accepts the system pool as deployed and refuses a size or zone change with the procedure", () => {
        expect(systemPoolProblems(desired, [{ name: "system", vmSize: "standard_d4s_v5", availabilityZones: ["3", "1", "2"] }, { name: "user1", vmSize: "x" }], "aks-x")).toEqual([]);
        expect(systemPoolProblems(desired, undefined, "aks-x")).toEqual([]);
        const [p] = systemPoolProblems(desired, [{ name: "system", vmSize: "Standard_D2s_v5", availabilityZones: ["1", "2", "3"] }], "aks-x");
        expect(p).toMatch(/VM size Standard_D2s_v5 → Standard_D4s_v5 \(fhir-ha:azure\.systemNodeSize/);
        expect(p).toMatch(/set fhir-ha:azure\.systemNodeSize to "Standard_D2s_v5"/);
        expect(p).toMatch(/az aks nodepool add --mode System --name systemtmp.*az aks nodepool delete --name system;/);
        expect(systemPoolProblems(desired, [{ name: "system", vmSize: "Standard_D4s_v5", availabilityZones: ["1", "2"] }], "aks-x")[0]).toMatch(/zones 1,2 → 1,2,3 \(fhir-ha:zones\)/);
    });

    it("refuses switching an existing cluster between public and private", () => {
        expect(privateModeProblems(false, undefined, "aks-x")).toEqual([]);
        expect(privateModeProblems(true, { enablePrivateCluster: true }, "aks-x")).toEqual([]);
        expect(privateModeProblems(true, { enablePrivateCluster: false }, "aks-x")[0]).toMatch(
            /^fhir-ha:cluster\.apiAccess\.mode = "private": aks-x was created public, and AKS does not convert/,
        );
    });

    it("refuses backup.immutable on a container created without version-level immutability, with the migration", () => {
        expect(immutabilityProblems(false, undefined, "cnpg-backups")).toEqual([]);
        expect(immutabilityProblems(true, { enabled: true }, "cnpg-backups")).toEqual([]);
        const [p] = immutabilityProblems(true, { enabled: false }, "cnpg-backups");
        expect(p).toMatch(/^fhir-ha:backup\.immutable = true: the existing container cnpg-backups has no version-level immutability/);
        expect(p).toMatch(/az storage container-rm migrate-vlw/);
        expect(p).toMatch(/never falls back to a container-level WORM policy/);
        expect(() => refuseCreationTimeChanges([p])).toThrow(/settings fixed at creation were changed \(1\)/);
        expect(refuseCreationTimeChanges([])).toBe(true);
    });
});

describe("the shipped azure-prod stack", () => {
    const root = path.join(__dirname, "..");
    const text = fs.readFileSync(path.join(root, "stacks", "Pulumi.azure-prod.yaml"), "utf8");
    const map = stackConfigFromYaml(text, "fhir-ha");
    const { raw: stackRaw, secretsSet } = rawFhirHaConfig(map.config);

    it("stops a real deploy, naming every documentation value to replace", () => {
        const real = checkConfig(stackRaw, { region: map.config["azure-native:location"], secretsSet, rejectPlaceholders: true, today: TODAY });
        expect(real.config).toBeUndefined();
        expect(real.problems.map((p) => p.split(" =")[0]).sort()).toEqual(
            ["fhir-ha:azure.adminGroupObjectIds", "fhir-ha:cluster.apiAccess.allowedCidrs", "fhir-ha:fhir.baseUrl"].sort(),
        );
        expect(real.problems.join("\n")).toMatch(/00000000-0000-0000-0000-000000000000.*all-zero GUID/);
    });

    it("plans offline with the version left to AKS's stable channel", () => {
        const offline = checkConfig(stackRaw, { region: map.config["azure-native:location"], secretsSet, today: TODAY });
        expect(offline.problems).toEqual([]);
        expect(offline.config!.cluster.kubernetesVersion).toBe("");
        expect(offline.config!.azure).toMatchObject({ upgradeChannel: "stable", kubeloginMode: "auto", extendedSupport: false });
    });
});

describe("quota", () => {
    it("counts system-pool autoscaling and one surge node per pool", () => {
        const c = azure();
        // 3 zones: system 3..6, user 3 x (1..3), upgrade surge 1 per pool (system + 3 user pools).
        expect(peakNodes(c)).toEqual({ start: 6, autoscaled: 15, duringUpgrade: 19 });
        expect(peakNodes(azure({ cluster: { nodesPerZone: 2, maxNodesPerZone: 4 } }))).toEqual({ start: 9, autoscaled: 18, duringUpgrade: 22 });
    });
});
