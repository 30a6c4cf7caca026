/**
 * Azure day-2 rules as pure functions: the version a user pool sends per channel, AKS's
 * weekly-release slots from the maintenance window, zone labels, and the deployer's grant.
 */
import { describe, expect, it } from "vitest";
import { resolveZones } from "../src/clouds/azure";
import { deployerGrant } from "../src/clouds/azure/cluster-admins";
import { maintenanceConfigurationArgs, weeklyReleaseSlots } from "../src/clouds/azure/maintenance";
import { poolOrchestratorVersion, systemPoolLag } from "../src/clouds/azure/node-pools";
import { zoneLabels } from "../src/clouds/azure/zones";
import { ConfigValidationError } from "../src/config/errors";
import { validateConfig } from "../src/validation";
import { withTestApiAccess } from "./support/config";

const GROUP = "3f2a9c4e-7b1d-4e8a-9c6f-2d5b8e1a7c90";
const azure = (raw: Record<string, any> = {}) =>
    validateConfig(withTestApiAccess({ cloud: "azure", ...raw, azure: { adminGroupObjectIds: [GROUP], ...(raw.azure ?? {}) } }), { region: "westeurope" });

describe("user pool version per upgrade channel", () => {
    it("sends nothing where AKS moves the minor (stable, rapid), with or without a pin", () => {
        for (const upgradeChannel of ["stable", "rapid"]) {
            expect(poolOrchestratorVersion(azure({ azure: { upgradeChannel } }))).toBeUndefined();
            expect(poolOrchestratorVersion(azure({ azure: { upgradeChannel }, cluster: { kubernetesVersion: "1.35" } }))).toBeUndefined();
        }
    });

    it("sends the pinned minor, never a patch number, where the stack owns the minor (patch, node-image); nothing without a pin", () => {
        expect(poolOrchestratorVersion(azure({ azure: { upgradeChannel: "patch" }, cluster: { kubernetesVersion: "1.35" } }))).toBe("1.35");
        expect(poolOrchestratorVersion(azure({ azure: { upgradeChannel: "node-image" }, cluster: { kubernetesVersion: "1.36" } }))).toBe("1.36");
        expect(poolOrchestratorVersion(azure({ azure: { upgradeChannel: "patch" } }))).toBeUndefined();
    });
});

describe("the system pool behind a pinned upgrade", () => {
    const patch135 = azure({ azure: { upgradeChannel: "patch" }, cluster: { kubernetesVersion: "1.35" } });
    const pools = (system: string) => [
        { name: "system", currentOrchestratorVersion: system },
        { name: "user1", currentOrchestratorVersion: "1.35.2" },
    ];

    it("is named with the command that upgrades it when its minor differs from the pin (patch channel)", () => {
        expect(systemPoolLag(patch135, pools("1.34.9"), "rg-x", "aks-x")).toBe(
            'AKS system pool "system" runs 1.34.9, fhir-ha:cluster.kubernetesVersion is "1.35": AKS does not move the inline system pool ' +
                "with a pinned upgrade; run az aks nodepool upgrade -g rg-x --cluster-name aks-x -n system --kubernetes-version 1.35 " +
                '(docs/clouds/azure.md, "Upgrades")',
        );
    });

    it("says nothing when the pool runs the pinned minor, under stable, with no pin, or before the cluster exists", () => {
        expect(systemPoolLag(patch135, pools("1.35.4"), "rg-x", "aks-x")).toBeUndefined();
        expect(systemPoolLag(azure({ cluster: { kubernetesVersion: "1.35" } }), pools("1.34.9"), "rg-x", "aks-x")).toBeUndefined();
        expect(systemPoolLag(azure({ azure: { upgradeChannel: "patch" } }), pools("1.34.9"), "rg-x", "aks-x")).toBeUndefined();
        expect(systemPoolLag(patch135, undefined, "rg-x", "aks-x")).toBeUndefined();
    });
});

describe("AKS weekly releases (the default maintenance configuration)", () => {
    const window = { days: ["saturday"], startTime: "02:00", durationHours: 4, exclusions: [] as string[] };

    it("takes the whole hours of the window on every configured day", () => {
        expect(weeklyReleaseSlots({ ...window, days: ["tuesday", "saturday"] })).toEqual([
            { day: "Tuesday", hourSlots: [2, 3, 4, 5] },
            { day: "Saturday", hourSlots: [2, 3, 4, 5] },
        ]);
    });

    it("drops the part hour of a start that is not on the hour (02:30 for 4 h: 03:00-06:00)", () => {
        expect(weeklyReleaseSlots({ ...window, startTime: "02:30" })).toEqual([{ day: "Saturday", hourSlots: [3, 4, 5] }]);
    });

    it("puts the hours past midnight on the next day, Sunday's onto Monday, merged with that day's own", () => {
        expect(weeklyReleaseSlots({ ...window, days: ["sunday", "monday"], startTime: "22:00" })).toEqual([
            { day: "Monday", hourSlots: [0, 1, 22, 23] },
            { day: "Tuesday", hourSlots: [0, 1] },
            { day: "Sunday", hourSlots: [22, 23] },
        ]);
    });

    it("sends exclusions as notAllowedTime and no maintenanceWindow; the other two configurations keep maintenanceWindow", () => {
        const withFreeze = { ...window, exclusions: ["2026-12-20T00:00:00Z/2027-01-03T00:00:00Z"] };
        expect(maintenanceConfigurationArgs("default", "rg", "aks", withFreeze)).toEqual({
            resourceGroupName: "rg",
            resourceName: "aks",
            configName: "default",
            timeInWeek: [{ day: "Saturday", hourSlots: [2, 3, 4, 5] }],
            notAllowedTime: [{ start: "2026-12-20T00:00:00Z", end: "2027-01-03T00:00:00Z" }],
        });
        const auto = maintenanceConfigurationArgs("aksManagedAutoUpgradeSchedule", "rg", "aks", withFreeze);
        expect(auto.maintenanceWindow).toMatchObject({ notAllowedDates: [{ start: "2026-12-20", end: "2027-01-03" }] });
        expect(auto).not.toHaveProperty("timeInWeek");
    });
});

describe("zones as the nodes label them", () => {
    it("are <region>-<zone> in the region's programmatic spelling", () => {
        expect(zoneLabels("West Europe", ["1", "3"])).toEqual(["westeurope-1", "westeurope-3"]);
    });
});

describe("the deployer's cluster-admin grant", () => {
    it("follows whoever runs pulumi up when no object ID is configured", () => {
        expect(deployerGrant("", "runner-oid", "ServicePrincipal")).toEqual({ principalId: "runner-oid", principalType: "ServicePrincipal" });
    });

    it("is the configured object ID whoever runs, with no principalType that would differ between runners", () => {
        const oid = "5d0e4c1a-2b3c-4d5e-8f90-0a1b2c3d4e5f";
        expect(deployerGrant(oid, "alice", "User")).toEqual({ principalId: oid });
        expect(deployerGrant(oid, "ci", "ServicePrincipal")).toEqual({ principalId: oid });
    });

    it("refuses an object ID that is not a GUID, naming the key and how to find the ID, before any resource exists", async () => {
        const error = await resolveZones(azure({ azure: { deployerObjectId: "ci-deployer" } })).catch((e) => e);
        expect(error).toBeInstanceOf(ConfigValidationError);
        expect((error as ConfigValidationError).problems).toEqual([
            expect.stringMatching(/^fhir-ha:azure\.deployerObjectId = "ci-deployer": an Entra ID object ID is a GUID \(a service principal: az ad sp show/),
        ]);
    });
});
