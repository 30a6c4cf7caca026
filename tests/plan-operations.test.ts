/**
 * What `plan --diff` says the engine would do with each resource, on small plan documents built
 * for each engine rule: replace-forcing paths from the replacement data, aliases, ignoreChanges,
 * protect, retainOnDelete, deleteBeforeReplace, the Kubernetes provider's cluster rule, and
 * unknowns that change because what they wait for is replaced.
 */
import { describe, expect, it } from "vitest";
import { buildPlanDocument, PlanResourceOptions } from "../src/plan/document";
import { diffPlans, MARKDOWN_LIMIT, planOperations, renderDiffJson, renderDiffMarkdown, renderDiffText } from "../src/plan/diff";
import { PlannedResource } from "../src/plan/mock-runtime";
import { doc, res, STACK, urn } from "./support/synthetic-plan";

const opOf = (d: ReturnType<typeof planOperations>, name: string) => d.find((o) => o.name === name)!;

const BUCKET = "aws:s3/bucket:Bucket";
const K8S_PROVIDER = "pulumi:providers:kubernetes";
const kubeconfig = (server: string) => `apiVersion: v1\nclusters:\n- cluster:\n    server: ${server}\n  name: c\ncontexts:\n- context:\n    cluster: c\n    user: u\n  name: ctx\ncurrent-context: ctx\nkind: Config\nusers:\n- name: u\n  user:\n    token: t\n`;

describe("operations", () => {
    it("updates on a path the provider updates in place, replaces on a ForceNew path (aws.json)", () => {
        const base = doc(res(BUCKET, "b", { bucket: "one", tags: { a: "1" } }));
        expect(opOf(planOperations(base, doc(res(BUCKET, "b", { bucket: "one", tags: { a: "2" } }))), "b")).toMatchObject({ op: "update", changes: [{ path: "tags.a" }] });
        const replaced = opOf(planOperations(base, doc(res(BUCKET, "b", { bucket: "two", tags: { a: "1" } }))), "b");
        expect(replaced).toMatchObject({ op: "replace", replaceReasons: ["bucket"] });
        expect(opOf(planOperations(base, base), "b").op).toBe("same");
    });

    it("creates and deletes; a protected delete or replace is an error, a retained delete keeps the resource", () => {
        const base = doc(res(BUCKET, "old", { bucket: "x" }, { protect: true }), res(BUCKET, "kept", { bucket: "y" }, { retainOnDelete: true }));
        const d = diffPlans(base, doc(res(BUCKET, "new", { bucket: "z" })));
        expect(d.operations.map((o) => [o.name, o.op])).toEqual([
            ["new", "create"],
            ["old", "delete"],
            ["kept", "delete"],
        ]);
        expect(opOf(d.operations, "kept").retained).toBe(true);
        expect(d.errors).toEqual([`${BUCKET} old is protected and would be deleted: pulumi preview stops here`]);
        const replace = diffPlans(doc(res(BUCKET, "p", { bucket: "a" }, { protect: true })), doc(res(BUCKET, "p", { bucket: "b" }, { protect: true })));
        expect(replace.errors[0]).toMatch(/is protected and would be replaced \(bucket\)/);
    });

    it("follows aliases: a renamed resource is the same resource, not a delete and a create", () => {
        const base = doc(res(BUCKET, "backups", { bucket: "x" }));
        const head = doc(res(BUCKET, "backup-bucket", { bucket: "x" }, { aliases: [{ name: "backups" }] }));
        const ops = planOperations(base, head);
        expect(ops).toHaveLength(1);
        expect(ops[0]).toMatchObject({ op: "same", renamedFrom: urn(BUCKET, "backups") });
        // A full URN alias works the same way; without an alias it is a delete and a create.
        expect(planOperations(base, doc(res(BUCKET, "b2", { bucket: "x" }, { aliases: [{ urn: urn(BUCKET, "backups") }] })))[0].op).toBe("same");
        expect(planOperations(base, doc(res(BUCKET, "b3", { bucket: "x" }))).map((o) => o.op)).toEqual(["create", "delete"]);
    });

    it("drops ignoreChanges paths, and replaceOnChanges makes a path force a replace", () => {
        const NG = "aws:eks/nodeGroup:NodeGroup";
        const base = doc(res(NG, "ng", { scalingConfig: { desiredSize: 1, maxSize: 3 } }, { ignoreChanges: ["scalingConfig.desiredSize"] }));
        const head = doc(res(NG, "ng", { scalingConfig: { desiredSize: 2, maxSize: 3 } }, { ignoreChanges: ["scalingConfig.desiredSize"] }));
        expect(opOf(planOperations(base, head), "ng")).toMatchObject({ op: "same", ignored: ["scalingConfig.desiredSize"] });
        const SB = "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup";
        const sb = (cluster: string, opts: Partial<PlanResourceOptions>) => res(SB, "weekly", { metadata: { name: "w" }, spec: { cluster: { name: cluster } } }, opts);
        const withOption = opOf(planOperations(doc(sb("a", { replaceOnChanges: ["spec.cluster"] })), doc(sb("b", { replaceOnChanges: ["spec.cluster"] }))), "weekly");
        // The name is fixed, so pulumi-kubernetes deletes the old object first.
        expect(withOption).toMatchObject({ op: "replace", replaceReasons: ["spec.cluster.name"], deleteBeforeReplace: true });
        // Without it, the provider would send an update the CRD's CEL rule rejects: an error.
        const without = opOf(planOperations(doc(sb("a", {})), doc(sb("b", {}))), "weekly");
        expect(without.op).toBe("update");
        expect(without.error).toMatch(/API server rejects this update \(spec\.cluster\.name immutable/);
    });

    it("replaces a Kubernetes provider whose kubeconfig points at another cluster, unless clusterIdentifier is set", () => {
        const p = (inputs: Record<string, unknown>) => res(K8S_PROVIDER, "k8s", inputs);
        expect(opOf(planOperations(doc(p({ kubeconfig: kubeconfig("https://a") })), doc(p({ kubeconfig: kubeconfig("https://b") }))), "k8s")).toMatchObject({
            op: "replace",
        });
        // The same cluster, another user token: an update.
        const sameCluster = kubeconfig("https://a").replace("token: t", "token: u");
        expect(opOf(planOperations(doc(p({ kubeconfig: kubeconfig("https://a") })), doc(p({ kubeconfig: sameCluster }))), "k8s").op).toBe("update");
        // Unknown now (its cluster is being replaced): a replace, as pulumi-kubernetes' DiffConfig decides.
        expect(opOf(planOperations(doc(p({ kubeconfig: kubeconfig("https://a") })), doc(p({ kubeconfig: { unknown: true } }))), "k8s").op).toBe("replace");
        // With clusterIdentifier, only a change of it replaces.
        const withId = (kc: unknown, id: string) => p({ kubeconfig: kc, clusterIdentifier: id });
        expect(opOf(planOperations(doc(withId(kubeconfig("https://a"), "prod")), doc(withId(kubeconfig("https://b"), "prod"))), "k8s").op).toBe("update");
        expect(opOf(planOperations(doc(withId(kubeconfig("https://a"), "prod")), doc(withId(kubeconfig("https://a"), "prod-2"))), "k8s")).toMatchObject({
            op: "replace",
            replaceReasons: ["clusterIdentifier"],
        });
    });

    it("a move to another Kubernetes provider of the same cluster is no replace; to another cluster, or another family's provider, it is", () => {
        const SECRET = "kubernetes:core/v1:Secret";
        const main = res(K8S_PROVIDER, "k8s", { kubeconfig: kubeconfig("https://a"), clusterIdentifier: "prod", enableServerSideApply: true });
        const upsert = res(K8S_PROVIDER, "k8s-retained", { kubeconfig: kubeconfig("https://a"), clusterIdentifier: "prod", enableServerSideApply: true, upsertExistingObjects: true });
        const elsewhere = res(K8S_PROVIDER, "k8s-other", { kubeconfig: kubeconfig("https://a"), clusterIdentifier: "staging" });
        const secret = (provider: string) => res(SECRET, "s", { metadata: { name: "s" }, stringData: { a: "1" } }, { provider });
        const moved = planOperations(doc(main, secret(main.urn)), doc(main, upsert, secret(upsert.urn)));
        expect(opOf(moved, "s").op).toBe("same");
        expect(opOf(moved, "k8s-retained").op).toBe("create");
        const toOther = planOperations(doc(main, elsewhere, secret(main.urn)), doc(main, elsewhere, secret(elsewhere.urn)));
        expect(opOf(toOther, "s")).toMatchObject({ op: "replace", replaceReasons: ["provider (moved; its DiffConfig replaces: clusterIdentifier)"] });
        const AWS_PROVIDER = "pulumi:providers:aws";
        const bucket = (provider: string) => res(BUCKET, "b", { bucket: "x" }, { provider });
        const awsMove = planOperations(
            doc(res(AWS_PROVIDER, "east", {}), res(AWS_PROVIDER, "west", {}), bucket(urn(AWS_PROVIDER, "east"))),
            doc(res(AWS_PROVIDER, "east", {}), res(AWS_PROVIDER, "west", {}), bucket(urn(AWS_PROVIDER, "west"))),
        );
        expect(opOf(awsMove, "b")).toMatchObject({ op: "replace", replaceReasons: ["provider"] });
    });

    it("cascades: what waits for a replaced resource's outputs changes, and is replaced when that path forces it", () => {
        const CLUSTER = "aws:eks/cluster:Cluster";
        const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
        const cluster = (name: string) => res(CLUSTER, "eks", { name, roleArn: "r" });
        const endpoint = { unknown: true, from: [{ urn: urn(CLUSTER, "eks"), output: "endpoint" }], template: "kubeconfig with (known after deploy: Cluster eks .endpoint)" };
        const provider = res(K8S_PROVIDER, "k8s", { kubeconfig: endpoint });
        const deployment = res(DEPLOYMENT, "web", { metadata: { name: "web" }, spec: { replicas: 2 } }, { provider: provider.urn });
        const ops = planOperations(doc(cluster("a"), provider, deployment), doc(cluster("b"), provider, deployment));
        expect(ops.map((o) => [o.name, o.op])).toEqual([
            ["eks", "replace"],
            ["k8s", "replace"],
            ["web", "replace"],
        ]);
        expect(opOf(ops, "web").replaceReasons).toEqual(["provider (replaced)"]);
    });

    it("flags a type with no replacement data instead of guessing", () => {
        const d = diffPlans(doc(res("acme:x:Thing", "t", { a: 1 })), doc(res("acme:x:Thing", "t", { a: 2 })));
        expect(d.warnings).toEqual(["no replacement data for acme:x:Thing: this diff cannot tell an update from a replace"]);
    });

    it("warns when a config key documented as replacing something changed", () => {
        const base = { ...doc(), config: { "fhir-ha:cluster": '{"nodeSize":"a"}' } };
        const head = { ...doc(), config: { "fhir-ha:cluster": '{"nodeSize":"b"}' } };
        // Object-valued keys are compared leaf by leaf: the warning names the leaf that changed.
        expect(diffPlans(base, head, { "fhir-ha:cluster.nodeSize": "the node groups" }).warnings).toEqual([
            "fhir-ha:cluster.nodeSize changed: changing it replaces the node groups (docs/configuration.md)",
        ]);
    });
});

describe("renderers", () => {
    const base = doc(res(BUCKET, "a", { bucket: "x" }), res(BUCKET, "gone", { bucket: "g" }));
    const head = doc(res(BUCKET, "a", { bucket: "y" }), res(BUCKET, "new", { bucket: "n" }));
    const diff = diffPlans(base, head);

    it("marks each resource as pulumi preview does, in markdown and text", () => {
        const md = renderDiffMarkdown(diff);
        expect(md).toContain("1 to create, 0 to update, 1 to replace, 1 to delete, 0 unchanged");
        expect(md).toContain("- `+-` `aws:s3/bucket:Bucket` **a** — replaced because of `bucket`");
        expect(md).toContain("- `-` `aws:s3/bucket:Bucket` **gone**");
        expect(md).toContain("- `+` `aws:s3/bucket:Bucket` **new**");
        const text = renderDiffText(diff);
        expect(text).toContain("  +- aws:s3/bucket:Bucket a (replace because of bucket)");
        expect(text).toContain("        bucket: x → y");
        expect(text).toContain("  -  aws:s3/bucket:Bucket gone");
        expect(text).toContain("  +  aws:s3/bucket:Bucket new");
    });

    it("gives one JSON entry per resource: urn, type, op, changed paths, what forced a replace", () => {
        const json = JSON.parse(renderDiffJson(diff));
        expect(json.resources).toEqual([
            { urn: urn(BUCKET, "a"), type: BUCKET, op: "replace", changed: ["bucket"], replaceBecause: ["bucket"], deleteBeforeReplace: false },
            { urn: urn(BUCKET, "new"), type: BUCKET, op: "create", changed: [] },
            { urn: urn(BUCKET, "gone"), type: BUCKET, op: "delete", changed: [] },
        ]);
    });

    it("stays under GitHub's comment limit and keeps every replace and delete in view", () => {
        const many = (n: number, value: string) =>
            Array.from({ length: n }, (_, i) => res("kubernetes:core/v1:ConfigMap", `cm-${i}`, { metadata: { name: `cm-${i}` }, spec: { v: value.repeat(100) } }));
        const big = diffPlans(doc(...many(900, "a"), res(BUCKET, "doomed", { bucket: "d" })), doc(...many(900, "b")));
        const md = renderDiffMarkdown(big);
        expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
        expect(md.length).toBeLessThan(65_536);
        expect(md).toContain("**doomed**");
        expect(md).toMatch(/_Truncated to stay under GitHub's comment limit: \d+ input table\(s\) and \d+ created\/updated resource line\(s\) left out/);
    });
});

describe("the plan document", () => {
    const raw = (name: string, type: string, inputs: Record<string, unknown>, extra: Partial<PlannedResource> = {}): PlannedResource => ({
        urn: urn(type, name),
        type,
        name,
        parent: null,
        custom: true,
        raw: inputs,
        ...extra,
    });

    it("records every resource's options and shows deploy-time values as unknown, with what they wait for", () => {
        const subnet = raw("net", "aws:ec2/subnet:Subnet", { cidrBlock: "10.0.0.0/24" });
        const assoc = raw("net", "aws:ec2/routeTableAssociation:RouteTableAssociation", {});
        const group = raw("ng", "aws:eks/nodeGroup:NodeGroup", { subnetIds: ["net-id"], nodeRoleArn: "(known after deploy: Role node .arn)", policy: '{"arn":"(known after deploy: Role node .arn)"}' }, {
            dependencies: [subnet.urn],
            provider: `${urn("pulumi:providers:aws", "p")}::04da6b54`,
            protect: true,
            ignoreChanges: ["scalingConfig.desiredSize"],
            aliases: [{ urn: "", spec: { name: "old", type: "", noParent: false } }],
        });
        const role = raw("node", "aws:iam/role:Role", {});
        const d = buildPlanDocument({ stack: STACK, cloud: "aws", resources: [subnet, assoc, group, role], outputs: {} });
        const ng = d.resources.find((r) => r.name === "ng")!;
        // The ID of the subnet it depends on, not of the association with the same name.
        expect(ng.inputs.subnetIds).toEqual([{ unknown: true, from: [{ urn: subnet.urn, output: "id" }] }]);
        expect(ng.inputs.nodeRoleArn).toEqual({ unknown: true, from: [{ urn: role.urn, output: "arn" }] });
        expect(ng.inputs.policy).toEqual({ unknown: true, from: [{ urn: role.urn, output: "arn" }], template: '{"arn":"(known after deploy: Role node .arn)"}' });
        expect(ng.options).toEqual({
            aliases: [{ name: "old" }],
            deleteBeforeReplace: false,
            dependencies: [subnet.urn],
            ignoreChanges: ["scalingConfig.desiredSize"],
            protect: true,
            provider: urn("pulumi:providers:aws", "p"),
            replaceOnChanges: [],
            retainOnDelete: false,
        });
    });
});
