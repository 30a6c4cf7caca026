/**
 * The cloud-neutral cluster concepts every cloud reuses: API access, the Kubernetes version
 * calendar check, the maintenance window, placeholders of the shipped stacks, and the
 * deprecated per-cloud API CIDR keys.
 */
import { describe, expect, it } from "vitest";
import { apiAccessProblems, defaultApiAccessMode } from "../src/cloud/api-access";
import { checkPinnedVersion, newestSupported, SupportCalendar, versionStatus } from "../src/cloud/kubernetes-versions";
import { hoursPer32Days, maintenanceProblems, parseExclusion } from "../src/cloud/maintenance";
import { findPlaceholders, placeholderReason } from "../src/config/placeholders";
import { checkConfig, validateConfig } from "../src/validation";
import { TEST_API_CIDR } from "./support/config";

const access = (mode: string, allowedCidrs: string[] = [], allowAnyAddress = false) => ({ mode, allowedCidrs, allowAnyAddress });

describe("API access", () => {
    it("defaults to GKE's DNS endpoint on gcp and a CIDR-restricted public endpoint elsewhere", () => {
        expect(defaultApiAccessMode("gcp")).toBe("dns");
        expect(defaultApiAccessMode("aws")).toBe("public");
        expect(defaultApiAccessMode("azure")).toBe("public");
    });

    it("refuses a public endpoint nobody may reach, naming the key and the way out", () => {
        const [problem] = apiAccessProblems("aws", access("public"));
        expect(problem).toMatch(/^fhir-ha:cluster\.apiAccess\.allowedCidrs: required when fhir-ha:cluster\.apiAccess\.mode is "public"/);
        expect(problem).toContain('set fhir-ha:cluster.apiAccess.mode to "private"');
        expect(problem).toContain("docs/clouds/aws.md");
        expect(apiAccessProblems("aws", access("public", [TEST_API_CIDR]))).toEqual([]);
    });

    it("refuses the whole internet unless allowAnyAddress says so", () => {
        expect(apiAccessProblems("azure", access("public", ["0.0.0.0/0"]))).toEqual([
            expect.stringMatching(/^fhir-ha:cluster\.apiAccess\.allowedCidrs contains 0\.0\.0\.0\/0: .*set fhir-ha:cluster\.apiAccess\.allowAnyAddress to true/),
        ]);
        expect(apiAccessProblems("azure", access("public", ["0.0.0.0/0"], true))).toEqual([]);
    });

    it("offers dns on gcp only, and no CIDRs with a private endpoint", () => {
        expect(apiAccessProblems("aws", access("dns"))).toEqual(['fhir-ha:cluster.apiAccess.mode = "dns": aws offers public | private']);
        expect(apiAccessProblems("gcp", access("dns"))).toEqual([]);
        expect(apiAccessProblems("gcp", access("private", [TEST_API_CIDR]))).toEqual([
            expect.stringMatching(/^fhir-ha:cluster\.apiAccess\.allowedCidrs: must be empty when .*"private"/),
        ]);
        expect(apiAccessProblems("aws", access("public", ["office"]))).toEqual([expect.stringMatching(/not IPv4 CIDRs: office/)]);
        expect(apiAccessProblems("kubernetes", access("public"))).toEqual([]);
    });

    it("maps the deprecated per-cloud keys, with a warning, keeping what an old stack had", () => {
        const open = checkConfig({ cloud: "aws", aws: { publicAccessCidrs: [TEST_API_CIDR] } }, { region: "eu-central-1" });
        expect(open.config!.cluster.apiAccess).toEqual({ mode: "public", allowedCidrs: [TEST_API_CIDR], allowAnyAddress: false });
        expect(open.warnings).toContain("fhir-ha:aws.publicAccessCidrs is deprecated: use fhir-ha:cluster.apiAccess.allowedCidrs");
        // An empty list meant a private-only endpoint: that must be chosen explicitly now.
        const closed = checkConfig({ cloud: "gcp", gcp: { authorizedCidrs: [] } }, { region: "europe-west4" });
        expect(closed.config).toBeUndefined();
        expect(closed.problems).toEqual([
            expect.stringMatching(/^fhir-ha:gcp\.authorizedCidrs = \[\]: deprecated, .*fhir-ha:cluster\.apiAccess\.mode = "private" \(docs\/clouds\/gcp\.md\)/),
        ]);
        const explicit = checkConfig({ cloud: "gcp", gcp: { authorizedCidrs: [] }, cluster: { apiAccess: { mode: "private" } } }, { region: "europe-west4" });
        expect(explicit.config!.cluster.apiAccess.mode).toBe("private");
        // A validated config carries both; validating it again changes nothing.
        expect(validateConfig(open.config as any, { region: "eu-central-1" }).cluster.apiAccess).toEqual(open.config!.cluster.apiAccess);
        const both = checkConfig(
            { cloud: "aws", aws: { publicAccessCidrs: ["192.0.2.0/24"] }, cluster: { apiAccess: { allowedCidrs: [TEST_API_CIDR] } } },
            { region: "eu-central-1" },
        );
        expect(both.problems).toEqual([expect.stringMatching(/^fhir-ha:aws\.publicAccessCidrs: deprecated, and fhir-ha:cluster\.apiAccess\.allowedCidrs differs/)]);
    });
});

const CALENDAR: SupportCalendar = {
    cloud: "aws",
    asOf: "2026-11-01",
    sources: ["test"],
    extendedSupportNote: "extended support costs more",
    entries: [
        { version: "1.33", released: "2025-05-29", endOfStandard: "2026-07-29", endOfExtended: "2027-07-29" },
        { version: "1.34", released: "2025-10-02", endOfStandard: "2026-12-02", endOfExtended: "2027-12-02" },
        { version: "1.35", released: "2026-01-27", endOfStandard: "2027-03-27" },
        { version: "1.36", released: "2027-01-01", endOfStandard: "2028-03-01" },
    ],
};
const TODAY = new Date("2026-11-28T12:00:00Z");

describe("Kubernetes version calendar", () => {
    it("places each version on a fixed day", () => {
        expect(versionStatus(CALENDAR, "1.33", TODAY).state).toBe("extended");
        expect(versionStatus(CALENDAR, "1.34", TODAY)).toMatchObject({ state: "ending-soon", daysToEndOfStandard: 4 });
        expect(versionStatus(CALENDAR, "1.35", TODAY)).toMatchObject({ state: "standard", daysToEndOfStandard: 119 });
        expect(versionStatus(CALENDAR, "1.36", TODAY).state).toBe("not-yet-released");
        expect(versionStatus(CALENDAR, "1.29", TODAY).state).toBe("not-in-calendar");
        expect(versionStatus(CALENDAR, "1.33", new Date("2027-08-01T00:00:00Z")).state).toBe("unsupported");
        expect(newestSupported(CALENDAR, TODAY)?.version).toBe("1.35");
    });

    it("follows the cloud when empty, refuses a version out of standard support unless extended support is chosen", () => {
        expect(checkPinnedVersion(CALENDAR, "", TODAY)).toEqual({ problems: [], warnings: [] });
        const refused = checkPinnedVersion(CALENDAR, "1.33", TODAY);
        expect(refused.problems).toEqual([
            'fhir-ha:cluster.kubernetesVersion = "1.33": left standard support on 2026-07-29 (aws calendar as of 2026-11-01); use "" (the cloud\'s default for new clusters) or "1.35", or opt into extended support (extended support costs more)',
        ]);
        const extended = checkPinnedVersion(CALENDAR, "1.33", TODAY, true);
        expect(extended.problems).toEqual([]);
        expect(extended.warnings[0]).toMatch(/in extended support since 2026-07-29 \(until 2027-07-29\); extended support costs more/);
    });

    it("warns from 60 days before the end of standard support, and refuses what is not a minor version", () => {
        expect(checkPinnedVersion(CALENDAR, "1.34", TODAY).warnings).toEqual([
            'fhir-ha:cluster.kubernetesVersion = "1.34": leaves standard support on 2026-12-02 (in 4 days); plan the upgrade',
        ]);
        expect(checkPinnedVersion(CALENDAR, "1.35", TODAY)).toEqual({ problems: [], warnings: [] });
        expect(checkPinnedVersion(CALENDAR, "1.35.2", TODAY).problems[0]).toMatch(/must be a minor version such as "1\.34"/);
    });
});

describe("maintenance window", () => {
    const window = { days: ["saturday", "sunday"], startTime: "02:00", durationHours: 6, exclusions: [] as string[] };

    it("accepts the default window, which gives GKE its 48 hours in 32 days", () => {
        expect(maintenanceProblems(window)).toEqual([]);
        expect(hoursPer32Days(window)).toBeGreaterThanOrEqual(48);
        expect(hoursPer32Days({ ...window, days: ["sunday"], durationHours: 4 })).toBeLessThan(48);
    });

    it("names each bad part", () => {
        expect(maintenanceProblems({ ...window, days: ["sun", "sunday", "sunday"], startTime: "2am", exclusions: ["2026-12-24/2026-12-26"] })).toEqual([
            'fhir-ha:cluster.maintenance.days: "sun" not a day; use monday | tuesday | wednesday | thursday | friday | saturday | sunday',
            "fhir-ha:cluster.maintenance.days: each day at most once",
            'fhir-ha:cluster.maintenance.startTime = "2am": must be "HH:MM" (UTC), e.g. "02:00"',
            expect.stringMatching(/^fhir-ha:cluster\.maintenance\.exclusions: "2026-12-24\/2026-12-26" must be "START\/END" in RFC 3339/),
        ]);
        expect(maintenanceProblems({ ...window, days: [] })[0]).toMatch(/^fhir-ha:cluster\.maintenance\.days: at least one day/);
    });

    it("parses exclusions whose end follows their start", () => {
        expect(parseExclusion("2026-12-20T00:00:00Z/2027-01-03T00:00:00Z")).toEqual({ start: "2026-12-20T00:00:00Z", end: "2027-01-03T00:00:00Z" });
        expect(parseExclusion("2027-01-03T00:00:00Z/2026-12-20T00:00:00Z")).toBeUndefined();
    });
});

describe("placeholders of the shipped stacks", () => {
    it("recognises the values reserved for documentation, and nothing else", () => {
        expect(placeholderReason("203.0.113.0/24")).toMatch(/RFC 5737/);
        expect(placeholderReason("198.51.100.7/32")).toMatch(/RFC 5737/);
        expect(placeholderReason("198.51.0.0/16")).toBeUndefined(); // wider than the reserved range
        expect(placeholderReason("arn:aws:iam::123456789012:role/admin")).toMatch(/123456789012/);
        expect(placeholderReason("arn:aws:iam::210987654321:role/admin")).toBeUndefined();
        // A bucket named after the example account (aws-dr's standbyOf.archiveURL).
        expect(placeholderReason("s3://fhir-ha-fhir-aws-aws-prod-k3x9q2ab-123456789012-eu-west-1-an")).toMatch(/example AWS account 123456789012/);
        expect(placeholderReason("s3://fhir-ha-fhir-aws-aws-prod-k3x9q2ab-210987654321-eu-west-1-an")).toBeUndefined();
        expect(placeholderReason("00000000-0000-0000-0000-000000000000")).toMatch(/GUID/);
        expect(placeholderReason("https://fhir.example.org")).toMatch(/RFC 2606/);
        expect(placeholderReason("https://fhir.example.org.hospital.net")).toBeUndefined();
        expect(placeholderReason("example-fhir-project")).toMatch(/example name/);
        expect(placeholderReason("10.0.0.0/16")).toBeUndefined();
    });

    it("lists every placeholder with its full key", () => {
        expect(findPlaceholders({ "fhir-ha:cluster": { apiAccess: { allowedCidrs: ["10.1.0.0/16", "203.0.113.0/24"] } }, "gcp:project": "example-p" })).toEqual([
            'fhir-ha:cluster.apiAccess.allowedCidrs = "203.0.113.0/24": an address range reserved for documentation (RFC 5737)',
            'gcp:project = "example-p": an example name ("example-...")',
        ]);
    });

    it("stops a real deploy before anything exists, and only warns in the offline plan", () => {
        const raw = { cloud: "aws", cluster: { apiAccess: { allowedCidrs: ["203.0.113.0/24"] } }, aws: { adminPrincipalArn: "arn:aws:iam::123456789012:role/x" } };
        const real = checkConfig(raw, { region: "eu-central-1", rejectPlaceholders: true });
        expect(real.config).toBeUndefined();
        expect(real.problems.map((p) => p.split(" =")[0])).toEqual(["fhir-ha:cluster.apiAccess.allowedCidrs", "fhir-ha:aws.adminPrincipalArn"]);
        const offline = checkConfig(raw, { region: "eu-central-1" });
        expect(offline.config).toBeDefined();
        expect(offline.warnings.filter((w) => w.startsWith("placeholder: "))).toHaveLength(2);
    });
});
