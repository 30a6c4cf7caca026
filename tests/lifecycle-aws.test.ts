/**
 * Day 2 on AWS as lifecycle scenarios (tests/support/lifecycle.ts): each step is the next plain
 * `pulumi up` of stacks/Pulumi.aws-prod.yaml, diffed against the step before. The cloud's side
 * (an EKS cluster that upgraded itself, subnets an older release created) is a mock layer.
 *
 * Date is faked to 2026-12-07 (the EKS calendar's as-of day): which versions are in standard
 * support decides the support policy, and the scenarios must not change meaning with the clock.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resolveZones } from "../src/clouds/aws/zones";
import { validateConfig } from "../src/validation";
import { installMockRuntime } from "../src/plan/mock-runtime";
import { ALL_CLOUD_MOCKS } from "../src/plan/mocks";
import { CloudMocks } from "../src/plan/mocks/types";
import { withTestApiAccess } from "./support/config";
import { LifecycleRun, LifecycleStepResult, operationsOf, runLifecycle, statefulTouched } from "./support/lifecycle";

/** The EKS cluster name of aws-prod planned in-process (stack "matrix"): `<project>-<component>-<stack>`. */
const CLUSTER = "fhir-ha-fhir-aws-matrix";
const ZONES = ["eu-central-1a", "eu-central-1b", "eu-central-1c"];

/**
 * AWS with the stack's cluster running `version`: DescribeCluster answers, and the add-on and AMI
 * catalogues answer concrete values for that version (stand-ins with the real formats).
 */
function eksAt(version: string, supportType = "STANDARD", amiBuild = "20261120"): CloudMocks {
    return {
        calls: {
            "aws:eks/getClusters:getClusters": () => ({ id: "clusters", names: [CLUSTER] }),
            "aws:eks/getCluster:getCluster": (inputs) => ({ id: inputs.name, name: inputs.name, version, upgradePolicies: [{ supportType }] }),
            "aws:eks/getAddonVersion:getAddonVersion": (inputs) => ({
                id: inputs.addonName,
                addonName: inputs.addonName,
                kubernetesVersion: inputs.kubernetesVersion,
                version: `v${inputs.kubernetesVersion}.0-eksbuild.1`,
            }),
            "aws:ssm/getParameter:getParameter": (inputs) => {
                const minor = /optimized-ami\/(1\.\d+)\//.exec(String(inputs.name))![1];
                const value = `${minor}.0-${amiBuild}`;
                return { id: inputs.name, name: inputs.name, type: "String", value, insecureValue: value, version: 1 };
            },
        },
        outputs: {},
    };
}

function resource(step: LifecycleStepResult, type: string, name: string) {
    const found = step.plan.resources.find((r) => r.type === type && r.name === name);
    if (!found) throw new Error(`${type} ${name} is not in step "${step.title}"`);
    return found;
}
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const SUBNET = "aws:ec2/subnet:Subnet";
const EKS = "aws:eks/cluster:Cluster";

const warnings: string[] = [];
beforeAll(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-07T12:00:00Z"));
    vi.spyOn(pulumi.log, "warn").mockImplementation(async (message: string) => {
        warnings.push(message);
    });
});
afterAll(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
});

describe("zones are identities: list edits on aws-prod", () => {
    let run: LifecycleRun;
    beforeAll(async () => {
        run = await runLifecycle("aws-prod", [
            { title: "as shipped (zones: 3)" },
            // Zone loss: one instance per zone, so the database shrinks with the zone list.
            { title: "zone b removed", change: { "fhir-ha:zones": ["eu-central-1a", "eu-central-1c"], "fhir-ha:database": { instances: 2 } } },
            { title: "zone b added back, last", change: { "fhir-ha:zones": ["eu-central-1a", "eu-central-1c", "eu-central-1b"], "fhir-ha:database": { instances: 3 } } },
            { title: "zones reordered", change: { "fhir-ha:zones": ["eu-central-1c", "eu-central-1a", "eu-central-1b"] } },
        ]);
    }, 240_000);

    it("removing a zone deletes that zone's resources only; the others keep their subnets, NAT and node group", () => {
        const removed = run.steps[1];
        expect(operationsOf(removed)).toEqual([
            "delete aws:ec2/eip:Eip fhir-aws-network-nat-eu-central-1b",
            "delete aws:ec2/natGateway:NatGateway fhir-aws-network-nat-eu-central-1b",
            "delete aws:ec2/route:Route fhir-aws-network-private-eu-central-1b-default",
            "delete aws:ec2/routeTable:RouteTable fhir-aws-network-private-eu-central-1b",
            "delete aws:ec2/routeTableAssociation:RouteTableAssociation fhir-aws-network-private-eu-central-1b",
            "delete aws:ec2/routeTableAssociation:RouteTableAssociation fhir-aws-network-public-eu-central-1b",
            "delete aws:ec2/subnet:Subnet fhir-aws-network-private-eu-central-1b",
            "delete aws:ec2/subnet:Subnet fhir-aws-network-public-eu-central-1b",
            "delete aws:eks/nodeGroup:NodeGroup fhir-aws-nodes-eu-central-1b",
            // The cluster's and the S3 endpoint's lists lose zone b's subnet and route table (in place).
            "update aws:ec2/vpcEndpoint:VpcEndpoint fhir-aws-network-s3",
            "update aws:eks/cluster:Cluster fhir-aws-cluster",
            "update fhir-ha:index:FhirPlatform fhir",
            "update kubernetes:monitoring.coreos.com/v1:PrometheusRule fhir-monitoring-alerts",
            "update kubernetes:postgresql.cnpg.io/v1:Cluster fhir-database-primary",
        ]);
        expect(statefulTouched(removed)).toEqual(["delete aws:eks/nodeGroup:NodeGroup fhir-aws-nodes-eu-central-1b"]);
        expect(resource(removed, SUBNET, "fhir-aws-network-private-eu-central-1c").inputs.cidrBlock).toBe("10.0.64.0/19");
        expect(resource(removed, SUBNET, "fhir-aws-network-public-eu-central-1c").inputs.cidrBlock).toBe("10.0.232.0/22");
    });

    it("adding a zone creates that zone's resources only, on its letter's block", () => {
        const added = run.steps[2];
        expect(operationsOf(added, ["create"])).toHaveLength(9);
        expect(operationsOf(added, ["create"]).every((o) => o.endsWith("-eu-central-1b") || o.endsWith("-eu-central-1b-default"))).toBe(true);
        expect(operationsOf(added, ["replace", "delete"])).toEqual([]);
        expect(statefulTouched(added)).toEqual([]);
        expect(resource(added, SUBNET, "fhir-aws-network-private-eu-central-1b").inputs.cidrBlock).toBe("10.0.32.0/19");
    });

    it("reordering the zones changes no cloud resource", () => {
        expect(operationsOf(run.steps[3])).toEqual(["update fhir-ha:index:FhirPlatform fhir"]);
    });
});

describe("existing stacks keep the CIDRs EC2 has, whatever their list looked like", () => {
    // A stack deployed before zones were identities, with zones [1a, 1c]: the positional plan put
    // 1c in block 1 (10.0.32.0/19), where 1b's letter points.
    const legacy: CloudMocks = {
        calls: {
            "aws:ec2/getSubnets:getSubnets": () => ({ id: "subnets", ids: ["subnet-a-priv", "subnet-c-priv", "subnet-a-pub", "subnet-c-pub"] }),
            "aws:ec2/getSubnet:getSubnet": (inputs) => {
                const known: Record<string, [string, string, string]> = {
                    "subnet-a-priv": ["eu-central-1a", "10.0.0.0/19", "fhir-aws-network-private-eu-central-1a"],
                    "subnet-c-priv": ["eu-central-1c", "10.0.32.0/19", "fhir-aws-network-private-eu-central-1c"],
                    "subnet-a-pub": ["eu-central-1a", "10.0.224.0/22", "fhir-aws-network-public-eu-central-1a"],
                    "subnet-c-pub": ["eu-central-1c", "10.0.228.0/22", "fhir-aws-network-public-eu-central-1c"],
                };
                const [availabilityZone, cidrBlock, name] = known[inputs.id];
                return { id: inputs.id, availabilityZone, cidrBlock, tags: { Name: name } };
            },
        },
        outputs: {},
    };
    let run: LifecycleRun;
    beforeAll(async () => {
        const twoZones = { "fhir-ha:zones": ["eu-central-1a", "eu-central-1c"], "fhir-ha:database": { instances: 2 } };
        run = await runLifecycle("aws-prod", [
            { title: "deployed with [1a, 1c]", change: twoZones, cloudState: [legacy] },
            { title: "1b added", change: { "fhir-ha:zones": ZONES, "fhir-ha:database": { instances: 3 } }, cloudState: [legacy] },
        ]);
    }, 240_000);

    it("1c stays on the block EC2 reports, and 1b takes the lowest free block instead of its taken letter block", () => {
        expect(resource(run.steps[0], SUBNET, "fhir-aws-network-private-eu-central-1c").inputs.cidrBlock).toBe("10.0.32.0/19");
        expect(resource(run.steps[1], SUBNET, "fhir-aws-network-private-eu-central-1c").inputs.cidrBlock).toBe("10.0.32.0/19");
        expect(resource(run.steps[1], SUBNET, "fhir-aws-network-private-eu-central-1b").inputs.cidrBlock).toBe("10.0.64.0/19");
        expect(resource(run.steps[1], SUBNET, "fhir-aws-network-public-eu-central-1b").inputs.cidrBlock).toBe("10.0.232.0/22");
        expect(operationsOf(run.steps[1], ["replace", "delete"])).toEqual([]);
        expect(statefulTouched(run.steps[1])).toEqual([]);
    });
});

describe("EKS upgraded the control plane itself: a plain pulumi up follows", () => {
    let run: LifecycleRun;
    beforeAll(async () => {
        run = await runLifecycle("aws-prod", [
            { title: "deployed, cluster at 1.35", cloudState: [eksAt("1.35")] },
            { title: "EKS moved to 1.36; a FHIR setting edited", cloudState: [eksAt("1.36")], change: { "fhir-ha:fhir": { replicas: 4 } } },
            { title: "a new AMI release for 1.36", cloudState: [eksAt("1.36", "STANDARD", "20261205")] },
        ]);
    }, 240_000);

    it("node groups, add-ons and the autoscaler move to 1.36 in place, the control plane is not touched", () => {
        const moved = run.steps[1];
        expect(operationsOf(moved)).toEqual([
            "update aws:eks/addon:Addon fhir-aws-aws-ebs-csi-driver",
            "update aws:eks/addon:Addon fhir-aws-coredns",
            "update aws:eks/addon:Addon fhir-aws-eks-node-monitoring-agent",
            "update aws:eks/addon:Addon fhir-aws-kube-proxy",
            "update aws:eks/addon:Addon fhir-aws-snapshot-controller",
            "update aws:eks/addon:Addon fhir-aws-vpc-cni",
            "update aws:eks/nodeGroup:NodeGroup fhir-aws-nodes-eu-central-1a",
            "update aws:eks/nodeGroup:NodeGroup fhir-aws-nodes-eu-central-1b",
            "update aws:eks/nodeGroup:NodeGroup fhir-aws-nodes-eu-central-1c",
            "update fhir-ha:index:FhirPlatform fhir",
            "update kubernetes:apps/v1:Deployment fhir-server-deployment",
            "update kubernetes:helm.sh/v4:Chart fhir-aws-cluster-autoscaler",
        ]);
        expect(statefulTouched(moved)).toEqual([]);
        for (const z of ZONES) {
            expect(resource(moved, NODE_GROUP, `fhir-aws-nodes-${z}`).inputs).toMatchObject({ version: "1.36", releaseVersion: "1.36.0-20261120" });
        }
        expect(resource(moved, "aws:eks/addon:Addon", "fhir-aws-coredns").inputs.addonVersion).toBe("v1.36.0-eksbuild.1");
        expect(resource(moved, "kubernetes:helm.sh/v4:Chart", "fhir-aws-cluster-autoscaler").inputs).toMatchObject({ values: { image: { tag: "v1.36.0" } } });
        expect(resource(moved, EKS, "fhir-aws-cluster").inputs.version).toBeUndefined();
    });

    it("a new recommended AMI release rolls the node groups in place, nothing else", () => {
        expect(operationsOf(run.steps[2])).toEqual(ZONES.map((z) => `update aws:eks/nodeGroup:NodeGroup fhir-aws-nodes-${z}`));
        const changed = run.steps[2].diff!.changed.find((c) => c.name === "fhir-aws-nodes-eu-central-1a")!.changes.map((c) => [c.path, c.before, c.after]);
        expect(changed).toEqual([["releaseVersion", "1.36.0-20261120", "1.36.0-20261205"]]);
    });
});

describe("a stack created at 1.33 (now in extended support) reaches STANDARD", () => {
    let run: LifecycleRun;
    beforeAll(async () => {
        warnings.length = 0;
        run = await runLifecycle("aws-prod", [
            { title: "cluster at 1.33, EXTENDED (EKS's default when it was created)", cloudState: [eksAt("1.33", "EXTENDED")] },
            {
                title: "extended support on, 1.34",
                change: { "fhir-ha:aws": { extendedSupport: true }, "fhir-ha:cluster": { kubernetesVersion: "1.34" } },
                cloudState: [eksAt("1.33", "EXTENDED")],
            },
            { title: "1.35", change: { "fhir-ha:cluster": { kubernetesVersion: "1.35" } }, cloudState: [eksAt("1.34", "EXTENDED")] },
            { title: "extended support off", change: { "fhir-ha:aws": { extendedSupport: false } }, cloudState: [eksAt("1.35", "EXTENDED")] },
        ]);
    }, 240_000);

    it("the upgraded package keeps EXTENDED on the 1.33 cluster (EKS would refuse STANDARD) and says how to leave it", () => {
        expect(resource(run.steps[0], EKS, "fhir-aws-cluster").inputs.upgradePolicy).toEqual({ supportType: "EXTENDED" });
        expect(warnings.filter((w) => w.includes("fhir-ha:aws.extendedSupport = false"))).toEqual([
            'fhir-ha:aws.extendedSupport = false: the cluster runs Kubernetes 1.33, in extended support since 2026-07-29, and EKS accepts ' +
                "upgradePolicy STANDARD only on a version in standard support; this deploy keeps EXTENDED (billed as extended support). " +
                'Way forward: set fhir-ha:aws.extendedSupport to true and fhir-ha:cluster.kubernetesVersion to "1.34", then "1.35" ' +
                '(one minor per pulumi up), then set fhir-ha:aws.extendedSupport back to false (docs/clouds/aws.md, "Existing stacks")',
        ]);
    });

    it("each minor is an in-place update of the cluster, then its node groups and add-ons", () => {
        for (const [step, version] of [[run.steps[1], "1.34"], [run.steps[2], "1.35"]] as const) {
            expect(operationsOf(step, ["replace", "delete", "create"])).toEqual([]);
            expect(statefulTouched(step)).toEqual([]);
            expect(resource(step, EKS, "fhir-aws-cluster").inputs).toMatchObject({ version, upgradePolicy: { supportType: "EXTENDED" } });
            for (const z of ZONES) expect(resource(step, NODE_GROUP, `fhir-aws-nodes-${z}`).inputs.version).toBe(version);
        }
    });

    it("on 1.35 (standard support) extendedSupport false switches the policy to STANDARD in place, nothing else", () => {
        const last = run.steps[3];
        expect(operationsOf(last)).toEqual(["update aws:eks/cluster:Cluster fhir-aws-cluster", "update fhir-ha:index:FhirPlatform fhir"]);
        const change = last.diff!.changed.find((c) => c.name === "fhir-aws-cluster")!.changes.map((c) => [c.path, c.before, c.after]);
        expect(change).toEqual([["upgradePolicy.supportType", "EXTENDED", "STANDARD"]]);
    });
});

describe("refusals before any resource is registered", () => {
    it("resolveZones refuses an AWS provider in another region than aws:region before asking for zones or registering anything", async () => {
        const otherRegion: CloudMocks = {
            calls: { "aws:index/getRegion:getRegion": () => ({ id: "us-east-1", region: "us-east-1", name: "us-east-1" }) },
            outputs: {},
        };
        const recorder = await installMockRuntime({ project: "fhir-ha", stack: "matrix", mocks: [...ALL_CLOUD_MOCKS, otherRegion] });
        const config = validateConfig(withTestApiAccess({ cloud: "aws", cluster: { nodeSize: "m6i.xlarge" } }), { region: "eu-central-1" });
        await expect(resolveZones(config)).rejects.toThrow(
            'aws:region = "eu-central-1": the AWS provider of this component works in "us-east-1"; set aws:region to the provider\'s region, or pass a provider for aws:region',
        );
        expect(recorder.invokes).not.toContain("aws:index/getAvailabilityZones:getAvailabilityZones");
        expect(recorder.resources).toEqual([]);
    });
});
