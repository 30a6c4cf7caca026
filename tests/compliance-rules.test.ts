/**
 * The compliance rules (audit trails, node-disk encryption, backup-identity isolation): each
 * passes on the shipped production stacks and fails on a copy of their plan with one thing
 * broken, naming what it found and what to change.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ChecklistEntry, evaluateRule, PlanLike, RULES } from "../src/checklist";
import { all, contextOf, FailCase, find, mutated, planStacks, PlannedStack, remove } from "./checklist-plans";

const STACKS = ["local", "aws-prod", "gcp-prod", "azure-prod"];
const MANAGED = ["aws-prod", "gcp-prod", "azure-prod"];
const IDS = ["kubernetes-audit-logs", "backup-access-logs", "node-disk-encryption", "backup-identity-isolated"];
let plans: Record<string, PlannedStack>;

beforeAll(async () => {
    plans = await planStacks(STACKS);
}, 120_000);

function check(id: string, ctx: ReturnType<typeof contextOf>): ChecklistEntry {
    const rule = RULES.find((r) => r.id === id);
    if (!rule) throw new Error(`no rule ${id}`);
    return evaluateRule(rule, ctx);
}

const STORE = "kubernetes:barmancloud.cnpg.io/v1:ObjectStore";
/** Every ObjectStore keeps backups `days` long: the window the records must cover. */
const retention = (days: number) => (d: PlanLike) => {
    for (const s of all(d, STORE)) s.inputs.spec.retentionPolicy = `${days}d`;
};
const diag = (d: PlanLike, name: string) => find(d, "azure-native:monitor:DiagnosticSetting", name).inputs;
const backupRole = (d: PlanLike) => find(d, "aws:iam/role:Role", "fhir-aws-backup").inputs;
/** Rewrites the backup role's trust policy (a text with deploy-time parts in the plan: its template). */
const editTrust = (d: PlanLike, edit: (policy: Record<string, any>) => void) => {
    const r = backupRole(d);
    const text = typeof r.assumeRolePolicy === "string" ? r.assumeRolePolicy : r.assumeRolePolicy.template;
    const policy = JSON.parse(text);
    edit(policy);
    if (typeof r.assumeRolePolicy === "string") r.assumeRolePolicy = JSON.stringify(policy);
    else r.assumeRolePolicy.template = JSON.stringify(policy);
};

describe("on the shipped stacks", () => {
    it.each(MANAGED)("%s passes every compliance rule", (stack) => {
        for (const id of IDS) expect(check(id, contextOf(plans[stack])), id).toMatchObject({ passed: true });
    });

    it("the kubernetes target is told to verify the store's access log; the rules about a cluster it does not create do not apply", () => {
        const ctx = contextOf(plans.local);
        expect(check("backup-access-logs", ctx)).toMatchObject({ passed: false, severity: "advisory" });
        for (const id of ["kubernetes-audit-logs", "node-disk-encryption", "backup-identity-isolated"]) expect(check(id, ctx), id).toMatchObject({ applicable: false });
    });

    const evidence: [string, string, RegExp][] = [
        ["kubernetes-audit-logs", "aws-prod", /log group \/aws\/eks\/fhir-ha-fhir-aws-aws-prod\/cluster kept 90 days \(window 30\).*audit log on/],
        ["kubernetes-audit-logs", "gcp-prod", /Admin Activity audit logs \(always on, _Required bucket\) kept 400 days/],
        ["kubernetes-audit-logs", "azure-prod", /AKS cluster aks-fhir-ha-azure-prod: audit log in workspace fhir-azure-audit-workspace kept 90 days/],
        ["backup-access-logs", "aws-prod", /access logs in fhir-aws-backups-access-logs kept 90 days/],
        ["backup-access-logs", "gcp-prod", /DATA_READ and DATA_WRITE on for storage\.googleapis\.com.*log bucket gcp-prod-fhir-gcp-audit kept 90 days/],
        ["backup-access-logs", "azure-prod", /StorageRead\/Write\/Delete in workspace fhir-azure-audit-workspace kept 90 days/],
        ["node-disk-encryption", "aws-prod", /fhir-aws-nodes-eu-central-1c: \/dev\/xvda gp3 encrypted, IMDSv2 required, hop limit 1/],
        ["node-disk-encryption", "gcp-prod", /Google-managed keys/],
        ["node-disk-encryption", "azure-prod", /pool user1: OS disk .*server-side encryption/],
        ["backup-identity-isolated", "aws-prod", /role fhir-aws-backup: only .*Cluster fhir-aws-cluster .* with exact subjects/],
        ["backup-identity-isolated", "gcp-prod", /svc\.id\.goog\[fhir\/fhir-db\]; the namespace is confirmed unique in the project/],
        ["backup-identity-isolated", "azure-prod", /issuer of AKS cluster fhir-azure-aks .*subject system:serviceaccount:fhir:fhir-db/],
    ];
    it.each(evidence)("%s on %s names what it found", (id, stack, pattern) => {
        expect(check(id, contextOf(plans[stack])).evidence).toMatch(pattern);
    });
});


const FAILING: FailCase[] = [
    {
        rule: "kubernetes-audit-logs",
        stack: "aws-prod",
        what: "the audit log type off",
        change: (d) => (find(d, "aws:eks/cluster:Cluster").inputs.enabledClusterLogTypes = ["api"]),
        evidence: [/enabledClusterLogTypes \["api"\] lacks "audit"/],
    },
    {
        rule: "kubernetes-audit-logs",
        stack: "aws-prod",
        what: "backups kept longer than the log group",
        change: retention(120),
        evidence: [/kept only 90 days, less than the 120-day backup window/, /fhir-ha:backup\.retention/],
    },
    {
        rule: "kubernetes-audit-logs",
        stack: "gcp-prod",
        what: "backups kept longer than the _Required bucket's 400 days",
        change: retention(500),
        evidence: [/kept only 400 days, less than the 500-day backup window/],
    },
    {
        rule: "kubernetes-audit-logs",
        stack: "azure-prod",
        what: "no diagnostic setting on the cluster",
        change: (d) => remove(d, "azure-native:monitor:DiagnosticSetting", "fhir-azure-cluster-audit"),
        evidence: [/no diagnostic setting sends kube-audit or kube-audit-admin/],
    },
    {
        rule: "kubernetes-audit-logs",
        stack: "azure-prod",
        what: "only the guard category",
        change: (d) => (diag(d, "fhir-azure-cluster-audit").logs = [{ category: "guard", enabled: true }]),
        evidence: [/no diagnostic setting sends kube-audit/],
    },
    {
        rule: "backup-access-logs",
        stack: "aws-prod",
        what: "no server access logging",
        change: (d) => remove(d, "aws:s3/bucketLogging:BucketLogging"),
        evidence: [/S3 bucket fhir-ha-fhir-aws-aws-prod-[a-z0-9]{8}-123456789012-eu-central-1-an: no server access logging/],
    },
    {
        rule: "backup-access-logs",
        stack: "aws-prod",
        what: "access logs expiring after 7 days",
        change: (d) => (find(d, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "fhir-aws-backups-access-logs-lifecycle").inputs.rules[0].expiration.days = 7),
        evidence: [/access logs in fhir-aws-backups-access-logs kept only 7 days, less than the 30-day backup window/],
    },
    {
        rule: "backup-access-logs",
        stack: "gcp-prod",
        what: "reads not audited",
        change: (d) => (find(d, "gcp:projects/iAMAuditConfig:IAMAuditConfig").inputs.auditLogConfigs = [{ logType: "DATA_WRITE" }]),
        evidence: [/lack DATA_READ \(off by default\)/],
    },
    {
        rule: "backup-access-logs",
        stack: "gcp-prod",
        what: "no sink to a log bucket of the stack",
        change: (d) => remove(d, "gcp:logging/projectSink:ProjectSink"),
        evidence: [/stay only in the _Default log bucket \(30 days unless changed\)/],
    },
    {
        rule: "backup-access-logs",
        stack: "azure-prod",
        what: "deletes not logged",
        change: (d) => (diag(d, "fhir-azure-backup-blob-audit").logs = [{ category: "StorageRead", enabled: true }, { category: "StorageWrite", enabled: true }]),
        evidence: [/the blob service's diagnostic setting lacks StorageDelete/],
    },
    {
        rule: "backup-access-logs",
        stack: "azure-prod",
        what: "backups kept longer than the workspace",
        change: retention(365),
        evidence: [/kept only 90 days, less than the 365-day backup window/],
    },
    {
        rule: "node-disk-encryption",
        stack: "aws-prod",
        what: "a node group without the launch template",
        change: (d) => delete find(d, "aws:eks/nodeGroup:NodeGroup", "fhir-aws-nodes-eu-central-1b").inputs.launchTemplate,
        evidence: [/node group fhir-aws-nodes-eu-central-1b: no launch template/, /fhir-ha:aws\.encryptNodeDisks/],
    },
    {
        rule: "node-disk-encryption",
        stack: "aws-prod",
        what: "an unencrypted root volume",
        change: (d) => (find(d, "aws:ec2/launchTemplate:LaunchTemplate").inputs.blockDeviceMappings[0].ebs.encrypted = "false"),
        evidence: [/launch template fhir-aws-node-template does not encrypt the root volume/],
    },
    {
        rule: "node-disk-encryption",
        stack: "aws-prod",
        what: "IMDSv1 allowed",
        change: (d) => (find(d, "aws:ec2/launchTemplate:LaunchTemplate").inputs.metadataOptions.httpTokens = "optional"),
        evidence: [/allows IMDSv1 \(httpTokens optional\)/],
    },
    {
        rule: "node-disk-encryption",
        stack: "azure-prod",
        what: "an ephemeral OS disk without host encryption",
        change: (d) => (find(d, "azure-native:containerservice:ManagedCluster").inputs.agentPoolProfiles[0].osDiskType = "Ephemeral"),
        evidence: [/pool system: ephemeral OS disk on the host without host encryption/],
    },
    {
        rule: "backup-identity-isolated",
        stack: "aws-prod",
        what: "a subject pattern",
        change: (d) =>
            editTrust(d, (p) => {
                for (const s of p.Statement) {
                    s.Condition = { StringLike: s.Condition.StringEquals };
                }
            }),
        evidence: [/role fhir-aws-backup: the service-account subject is a StringLike pattern/],
    },
    {
        rule: "backup-identity-isolated",
        stack: "aws-prod",
        what: "trust in the whole account instead of the cluster's OIDC provider",
        change: (d) =>
            editTrust(d, (p) => {
                for (const s of p.Statement) s.Principal = { Federated: "arn:aws:iam::123456789012:root" };
            }),
        evidence: [/role fhir-aws-backup trusts arn:aws:iam::123456789012:root, not one cluster's OIDC provider/],
    },
    {
        rule: "backup-identity-isolated",
        stack: "azure-prod",
        what: "a federated credential for another issuer",
        change: (d) => {
            for (const f of all(d, "azure-native:managedidentity:FederatedIdentityCredential")) f.inputs.issuer = "https://token.actions.githubusercontent.com";
        },
        evidence: [/issuer "https:\/\/token\.actions\.githubusercontent\.com" is not the stack's AKS cluster/],
    },
    {
        rule: "backup-identity-isolated",
        stack: "gcp-prod",
        what: "a namespace not confirmed unique in the project",
        change: (d) => delete find(d, "gcp:serviceaccount/account:Account", "fhir-gcp-backup-sa").inputs.description,
        evidence: [/trusts serviceAccount:example-fhir-project\.svc\.id\.goog\[fhir\/fhir-db\], a principal every cluster of the project can present/, /fhir-ha:gcp\.namespaceUniqueInProject/],
    },
];

describe("a plan with one thing broken fails the rule that guards it", () => {
    it.each(FAILING.map((c) => [c.rule, c.stack, c.what, c] as const))("%s on %s: %s", (rule, stack, _what, c) => {
        const e = check(rule, mutated(plans[stack], c.change));
        expect(e).toMatchObject({ passed: false, severity: "mandatory" });
        for (const pattern of c.evidence) expect(e.evidence).toMatch(pattern);
    });

    it("fails each rule on every managed cloud it judges", () => {
        const covered = new Set(FAILING.map((c) => `${c.rule} ${c.stack}`));
        // GKE encrypts every boot disk (no plan change can turn that off): node-disk-encryption has no gcp case.
        const expected = IDS.flatMap((id) => MANAGED.map((s) => `${id} ${s}`)).filter((k) => k !== "node-disk-encryption gcp-prod");
        expect(expected.filter((k) => !covered.has(k))).toEqual([]);
    });
});

describe("the backup buckets are judged without the access-log bucket", () => {
    it("an S3 bucket that only receives access logs is not held to the backup bucket's versioning", () => {
        const ctx = contextOf(plans["aws-prod"]);
        expect(check("backup-versioned", ctx)).toMatchObject({ passed: true });
        expect(check("backup-versioned", ctx).evidence).not.toMatch(/access-logs/);
    });
});
