import { NAMESPACE_UNIQUE_MARKER } from "../../cloud/namespace-unique";
import { parsePolicy } from "../backup-buckets";
import { cnpgClusters, objectName, objectNamespace, ofType } from "../resources";
import { CheckContext, Rule, RuleResult } from "../types";
import { isUnknownValueError } from "../unknown";
import { perCloud, pointsAt } from "./audit-common";
import { fail, judge, notApplicable } from "./result";


/**
 * IRSA: the role trusts one IAM OIDC provider, and each EKS cluster has its own OIDC issuer
 * (EKS user guide, "Create an IAM OIDC provider for your cluster": "Each cluster has its own
 * OpenID Connect (OIDC) issuer URL"), so a service account of the same name in another cluster
 * presents a token from another issuer. The subject must match exactly (StringEquals), not a pattern.
 */
function aws(ctx: CheckContext, subjects: string[]): RuleResult {
    const roles = ofType(ctx, "aws:iam/role:Role")
        .map((r) => ({ r, statements: parsePolicy(r.inputs?.assumeRolePolicy).filter((s) => s.Action === "sts:AssumeRoleWithWebIdentity" || s.Action?.includes?.("sts:AssumeRoleWithWebIdentity")) }))
        .filter(({ statements }) => statements.some((s) => subjects.some((sub) => JSON.stringify(s.Condition ?? {}).includes(`"${sub}"`))));
    if (roles.length === 0) return fail("no IAM role trusts the CNPG clusters' service accounts");
    const problems: string[] = [];
    const found: string[] = [];
    for (const { r, statements } of roles) {
        for (const s of statements) {
            const federated = String(s.Principal?.Federated ?? "");
            const exact = Object.entries(s.Condition?.StringEquals ?? {}).some(([k]) => k.endsWith(":sub"));
            const pattern = Object.keys(s.Condition?.StringLike ?? {}).some((k) => k.endsWith(":sub"));
            if (!/:oidc-provider\//.test(federated)) problems.push(`role ${r.name} trusts ${federated || "no federated principal"}, not one cluster's OIDC provider`);
            else if (!exact || pattern) problems.push(`role ${r.name}: the service-account subject is ${pattern ? "a StringLike pattern" : "not checked"}`);
            else found.push(`role ${r.name}: only ${federated.replace(/^.*:oidc-provider\//, "")} with exact subjects`);
        }
    }
    return judge(problems, found, "the aws target's IRSA roles trust the stack's own cluster OIDC provider with StringEquals on :sub");
}

/**
 * Entra workload identity: a federated credential names one issuer and one subject, and each AKS
 * cluster has its own OIDC issuer URL (AKS, "Create an OIDC provider on AKS").
 */
function azure(ctx: CheckContext, subjects: string[]): RuleResult {
    const clusters = ofType(ctx, "azure-native:containerservice:ManagedCluster");
    const creds = ofType(ctx, "azure-native:managedidentity:FederatedIdentityCredential").filter((f) => subjects.includes(f.inputs?.subject));
    if (creds.length === 0) return fail("no federated credential trusts the CNPG clusters' service accounts");
    const problems: string[] = [];
    const found: string[] = [];
    for (const f of creds) {
        let issuer: unknown;
        try {
            issuer = f.inputs?.issuer;
        } catch (e) {
            // Unknown in a first preview: the azure target reads it from the stack's own cluster
            // (src/clouds/azure). With one AKS cluster in the stack, that is the issuer.
            if (!isUnknownValueError(e) || clusters.length !== 1) throw e;
            found.push(`credential ${f.name}: issuer of AKS cluster ${clusters[0].name} (known after deploy: az identity federated-credential list), subject ${f.inputs.subject}`);
            continue;
        }
        const own = clusters.find((c) => pointsAt(issuer, c));
        const aksIssuer = typeof issuer === "string" && /^https:\/\/[a-z0-9-]+\.oic\.prod-aks\.azure\.com\/[0-9a-f-]+\/[0-9a-f-]+\/?$/.test(issuer);
        if (own) found.push(`credential ${f.name}: issuer of AKS cluster ${own.name}, subject ${f.inputs.subject}`);
        else if (aksIssuer) found.push(`credential ${f.name}: a per-cluster AKS issuer ${issuer}, subject ${f.inputs.subject}`);
        else if (typeof issuer === "string" && /^https?:\/\//.test(issuer)) problems.push(`credential ${f.name}: issuer ${JSON.stringify(issuer)} is not the stack's AKS cluster`);
        // Neither a URL nor a reference (a value the offline plan or a policy run cannot show): reported, not judged.
        else found.push(`credential ${f.name}: issuer ${JSON.stringify(issuer)} (verify: az identity federated-credential list), subject ${f.inputs.subject}`);
    }
    return judge(problems, found, "the azure target federates the backup identity with the stack's own AKS OIDC issuer");
}

/**
 * GKE Workload Identity: `PROJECT.svc.id.goog[NAMESPACE/KSA]` is one principal for every cluster
 * of the project ("identity sameness": Google Cloud, "Best practices for using fleet Workload
 * Identity"), so no plan can show the identity is the stack's own: the user confirms that no other
 * cluster of the project runs the namespace (fhir-ha:gcp.namespaceUniqueInProject), and the gcp
 * target records it in the trusted Google service account's description.
 */
function gcp(ctx: CheckContext): RuleResult {
    const members = ofType(ctx, "gcp:serviceaccount/iAMMember:IAMMember").filter((m) => m.inputs?.role === "roles/iam.workloadIdentityUser");
    if (members.length === 0) return fail("no Google service account trusts a Kubernetes service account");
    const accounts = ofType(ctx, "gcp:serviceaccount/account:Account");
    const problems: string[] = [];
    const found: string[] = [];
    for (const m of members) {
        const member = String(m.inputs?.member ?? "");
        const id = m.inputs?.serviceAccountId;
        // `projects/<p>/serviceAccounts/<accountId>@<p>.iam.gserviceaccount.com`, or the plan's reference to the account.
        const account = accounts.find((a) => pointsAt(id, a) || (typeof id === "string" && id.includes(`/serviceAccounts/${a.inputs?.accountId}@`)));
        const confirmed = String(account?.inputs?.description ?? "").includes(NAMESPACE_UNIQUE_MARKER);
        if (confirmed) found.push(`${m.name} trusts ${member}; the namespace is confirmed unique in the project`);
        else problems.push(`${m.name} trusts ${member}, a principal every cluster of the project can present (a second stack with the same namespace could read or delete this archive)`);
    }
    return judge(
        problems,
        found,
        "give each stack of a GCP project its own fhir-ha:namespace (a new stack; the namespace of an existing one cannot change without a restore), then set fhir-ha:gcp.namespaceUniqueInProject true (docs/compliance.md)",
    );
}

/** Another stack's (or another cluster's) pods cannot act as this stack's backup identity. */
export const backupIdentityIsolated: Rule = {
    id: "backup-identity-isolated",
    item: "security",
    severity: "mandatory",
    description: "The backup identity is trusted only from this stack's cluster, so no other stack can read or delete its archive",
    check(ctx) {
        const subjects = cnpgClusters(ctx).map((c) => `system:serviceaccount:${objectNamespace(c) ?? "default"}:${objectName(c)}`);
        return perCloud(ctx, { aws: (c) => aws(c, subjects), gcp, azure: (c) => azure(c, subjects) }, () =>
            notApplicable("the kubernetes target reaches its store with the keys of fhir-ha:s3AccessKeyId / fhir-ha:s3SecretAccessKey: keep them to this stack"),
        );
    },
};
