/**
 * The pure day-2 pieces of the AWS target: subnet blocks by zone identity, the support-policy
 * transition, the AMI release parameter, add-on holds, the deployer's proxy and static keys, and
 * the warnings AWS gives for keys it cannot honour.
 */
import * as http from "http";
import { AddressInfo } from "net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addonVersionProblems, heldAddonVersions } from "../src/clouds/aws/addons";
import { authenticatedProbe } from "../src/clouds/aws/api-health";
import { tokenIdentity } from "../src/clouds/aws/credentials";
import { subnetOfName } from "../src/clouds/aws/existing-subnets";
import { amiReleaseParameter } from "../src/clouds/aws/node-groups";
import { proxyFor } from "../src/clouds/aws/proxy";
import { awsSettingsProblems } from "../src/clouds/aws/settings";
import { ExistingSubnet, subnetPlan, zoneLetterBlock } from "../src/clouds/aws/subnet-plan";
import { climbTo, supportDecision } from "../src/clouds/aws/support-policy";
import { CALENDAR } from "../src/cloud/calendars/aws";
import { checkConfig, validateConfig } from "../src/validation";
import { withTestApiAccess } from "./support/config";

const awsConfig = (raw: Record<string, unknown> = {}) => validateConfig(withTestApiAccess({ cloud: "aws", ...raw }), { region: "eu-central-1" });
const DAY = new Date("2026-12-07T12:00:00Z");

describe("subnet blocks are zone identities", () => {
    const cidrs = (zones: string[], existing: ExistingSubnet[] = []) => Object.fromEntries(subnetPlan("10.0.0.0/16", zones, existing).map((p) => [p.zone, p.privateCidr]));

    it("a new stack of the region's first zones gets the blocks the positional plan gave them", () => {
        expect(cidrs(["eu-central-1a", "eu-central-1b", "eu-central-1c"])).toEqual({
            "eu-central-1a": "10.0.0.0/19",
            "eu-central-1b": "10.0.32.0/19",
            "eu-central-1c": "10.0.64.0/19",
        });
    });

    it("a zone keeps its block when others are removed, added or reordered", () => {
        expect(cidrs(["eu-central-1a", "eu-central-1c"])["eu-central-1c"]).toBe("10.0.64.0/19");
        expect(cidrs(["eu-central-1c", "eu-central-1a", "eu-central-1b"])["eu-central-1c"]).toBe("10.0.64.0/19");
        expect(cidrs(["us-east-1a", "us-east-1c", "us-east-1f"])).toEqual({ "us-east-1a": "10.0.0.0/19", "us-east-1c": "10.0.64.0/19", "us-east-1f": "10.0.160.0/19" });
    });

    it("a subnet EC2 has keeps its CIDR, and a new zone whose letter block is taken gets the lowest free one", () => {
        const existing = [
            { zone: "eu-central-1a", kind: "private" as const, cidr: "10.0.0.0/19" },
            { zone: "eu-central-1c", kind: "private" as const, cidr: "10.0.32.0/19" },
            { zone: "eu-central-1c", kind: "public" as const, cidr: "10.0.228.0/22" },
        ];
        const plan = subnetPlan("10.0.0.0/16", ["eu-central-1a", "eu-central-1c", "eu-central-1b"], existing);
        expect(plan.find((p) => p.zone === "eu-central-1c")).toEqual({ zone: "eu-central-1c", privateCidr: "10.0.32.0/19", publicCidr: "10.0.228.0/22" });
        expect(plan.find((p) => p.zone === "eu-central-1b")).toEqual({ zone: "eu-central-1b", privateCidr: "10.0.64.0/19", publicCidr: "10.0.232.0/22" });
    });

    it("the block of a zone being removed stays taken during the deploy that removes it (EC2 deletes it last)", () => {
        const existing: ExistingSubnet[] = ["a", "b", "c"].map((l, i) => ({ zone: `eu-west-9${l}`, kind: "private", cidr: `10.0.${i * 32}.0/19` }));
        // b goes, d comes: d's letter block 3 is free; a zone named without a letter takes the lowest free block, 4.
        expect(cidrs(["eu-west-9a", "eu-west-9c", "eu-west-9d", "zone-9"], existing)).toEqual({
            "eu-west-9a": "10.0.0.0/19",
            "eu-west-9c": "10.0.64.0/19",
            "eu-west-9d": "10.0.96.0/19",
            "zone-9": "10.0.128.0/19",
        });
        expect(zoneLetterBlock("zone-9")).toBeUndefined();
    });

    it("reads only this network's subnets from their Name tags", () => {
        expect(subnetOfName("fhir-aws-network", "fhir-aws-network-private-eu-central-1a", "eu-central-1a", "10.0.0.0/19")).toEqual({
            zone: "eu-central-1a",
            kind: "private",
            cidr: "10.0.0.0/19",
        });
        expect(subnetOfName("fhir-aws-network", "fhir-aws-network-public-eu-central-1b", "eu-central-1b", "10.0.228.0/22")?.kind).toBe("public");
        expect(subnetOfName("fhir-aws-network", "someone-elses-subnet", "eu-central-1a", "10.0.0.0/19")).toBeUndefined();
    });
});

describe("support policy transitions (EKS accepts STANDARD only on a version in standard support)", () => {
    it("a new cluster, or one on a version in standard support, gets STANDARD; extended support chosen gets EXTENDED", () => {
        expect(supportDecision(false, undefined, DAY)).toEqual({ supportType: "STANDARD" });
        expect(supportDecision(false, { version: "1.35", supportType: "EXTENDED" }, DAY)).toEqual({ supportType: "STANDARD" });
        expect(supportDecision(true, { version: "1.35", supportType: "STANDARD" }, DAY)).toEqual({ supportType: "EXTENDED" });
    });

    it("a cluster in extended support keeps EXTENDED with the way forward, naming both keys", () => {
        const d = supportDecision(false, { version: "1.34", supportType: "EXTENDED" }, DAY);
        expect(d.supportType).toBe("EXTENDED");
        expect(d.warning).toMatch(/^fhir-ha:aws\.extendedSupport = false: the cluster runs Kubernetes 1\.34, in extended support since 2026-12-02/);
        expect(d.warning).toContain('fhir-ha:cluster.kubernetesVersion to "1.35" (one minor per pulumi up)');
    });

    it("climbs one minor at a time to the first version in standard support", () => {
        expect(climbTo(CALENDAR, "1.32", DAY)).toEqual(["1.33", "1.34", "1.35"]);
        expect(climbTo(CALENDAR, "1.33", new Date("2027-04-01T00:00:00Z"))).toEqual(["1.34", "1.35", "1.36"]);
    });

    it("the calendar knows 1.36, so a 1.36 pin is accepted", () => {
        expect(CALENDAR.entries.map((e) => e.version)).toContain("1.36");
        expect(() => awsConfig({ cluster: { kubernetesVersion: "1.36" } })).not.toThrow();
    });
});

describe("node image patching and add-on holds", () => {
    it("reads the recommended AL2023 release of the group's architecture and Kubernetes minor", () => {
        expect(amiReleaseParameter("1.35", "AL2023_x86_64_STANDARD")).toBe("/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/release_version");
        expect(amiReleaseParameter("1.36", "AL2023_ARM_64_STANDARD")).toBe("/aws/service/eks/optimized-ami/1.36/amazon-linux-2023/arm64/standard/recommended/release_version");
    });

    it("holds listed add-ons at their version and refuses entries it cannot use, naming the key", () => {
        expect(heldAddonVersions(["coredns=v1.12.4-eksbuild.1"])).toEqual({ coredns: "v1.12.4-eksbuild.1" });
        expect(addonVersionProblems(["coredns=v1.12.4-eksbuild.1", "vpc-cni=v1.20.0-eksbuild.1"])).toEqual([]);
        expect(addonVersionProblems(["coredns=latest"])).toEqual([
            'fhir-ha:aws.addonVersions: "coredns=latest" is not "name=version" with an EKS add-on version such as "coredns=v1.12.4-eksbuild.1"',
        ]);
        expect(addonVersionProblems(["metrics-server=v0.7.2-eksbuild.1"])[0]).toMatch(/^fhir-ha:aws\.addonVersions: "metrics-server" is not an add-on this stack manages \(vpc-cni, kube-proxy, coredns/);
        expect(awsSettingsProblems(awsConfig({ aws: { addonVersions: ["coredns"] } }))).toEqual([
            'fhir-ha:aws.addonVersions: "coredns" is not "name=version" with an EKS add-on version such as "coredns=v1.12.4-eksbuild.1"',
        ]);
    });
});

describe("keys AWS cannot honour are said, not silently accepted", () => {
    it("warns that cluster.maintenance does nothing on EKS when it is set, and only then", () => {
        const set = checkConfig(withTestApiAccess({ cloud: "aws", cluster: { maintenance: { days: ["sunday"] } } }), { region: "eu-central-1" });
        expect(set.warnings.filter((w) => w.startsWith("fhir-ha:cluster.maintenance"))).toEqual([
            "fhir-ha:cluster.maintenance is ignored on cloud aws: EKS has no maintenance window; node groups and add-ons change only when you run " +
                "pulumi up (run it in your window), and an EKS-forced control-plane upgrade cannot be scheduled (docs/clouds/aws.md, Maintenance)",
        ]);
        const unset = checkConfig(withTestApiAccess({ cloud: "aws" }), { region: "eu-central-1" });
        expect(unset.warnings.filter((w) => w.startsWith("fhir-ha:cluster.maintenance"))).toEqual([]);
    });

    it("refuses static keys in stack config, which get-token would not use, with the way forward", () => {
        expect(() => tokenIdentity({ accessKey: "(set)" })).toThrow(
            /aws:accessKey: the kubeconfig's credential \(`aws eks get-token`\) cannot read keys from Pulumi config.*put the keys in a named profile \(aws:profile\) or in AWS_ACCESS_KEY_ID/,
        );
    });
});

describe("the API probe goes through the deployer's HTTPS proxy", () => {
    it("picks HTTPS_PROXY unless NO_PROXY exempts the host", () => {
        const eks = new URL("https://ABC.gr7.eu-central-1.eks.amazonaws.com/api");
        expect(proxyFor(eks, {})).toBeUndefined();
        expect(proxyFor(eks, { HTTPS_PROXY: "http://proxy.corp:3128" })?.host).toBe("proxy.corp:3128");
        expect(proxyFor(eks, { https_proxy: "proxy.corp:3128" })?.host).toBe("proxy.corp:3128");
        expect(proxyFor(eks, { HTTPS_PROXY: "http://proxy.corp:3128", NO_PROXY: "localhost,.amazonaws.com" })).toBeUndefined();
        expect(proxyFor(eks, { HTTPS_PROXY: "http://proxy.corp:3128", NO_PROXY: "eks.amazonaws.com:443" })).toBeUndefined();
        expect(proxyFor(eks, { HTTPS_PROXY: "http://proxy.corp:3128", NO_PROXY: "example.com" })?.hostname).toBe("proxy.corp");
    });

    let proxy: http.Server;
    const connects: string[] = [];
    beforeAll(async () => {
        proxy = http.createServer();
        proxy.on("connect", (req, socket) => {
            connects.push(req.url ?? "");
            socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
        });
        await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    });
    afterAll(() => new Promise<void>((r) => proxy.close(() => r())));

    it("tunnels the probe's request with CONNECT to the API server's host", async () => {
        const port = (proxy.address() as AddressInfo).port;
        const kubeconfig = JSON.stringify({
            clusters: [{ cluster: { server: "https://api.fhir.invalid:443", "certificate-authority-data": "" } }],
            users: [{ user: { exec: { command: "node", args: ["-e", 'console.log(JSON.stringify({status:{token:"t"}}))'] } } }],
        });
        const saved = process.env.HTTPS_PROXY;
        process.env.HTTPS_PROXY = `http://127.0.0.1:${port}`;
        try {
            const result = await authenticatedProbe(kubeconfig);
            expect(result.ok).toBe(false);
            expect(result.reason).toBe(`proxy 127.0.0.1:${port} refused CONNECT api.fhir.invalid:443: HTTP 403`);
        } finally {
            if (saved === undefined) delete process.env.HTTPS_PROXY;
            else process.env.HTTPS_PROXY = saved;
        }
        expect(connects).toEqual(["api.fhir.invalid:443"]);
    });
});
