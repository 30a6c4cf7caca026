import { cnpgClusters, list, objectName, objectNamespace, ofType, T } from "../resources";
import { CheckContext, Rule } from "../types";
import { judge, notApplicable } from "./result";

/** How each cloud's ObjectStore credentials say "use the pod's cloud identity", and what a static key looks like. */
const CREDENTIALS: Record<string, { block: string; identity: (c: Record<string, any>) => boolean; staticKeys: string[] }> = {
    aws: { block: "s3Credentials", identity: (c) => c.inheritFromIAMRole === true, staticKeys: ["accessKeyId", "secretAccessKey", "sessionToken"] },
    gcp: { block: "googleCredentials", identity: (c) => c.gkeEnvironment === true, staticKeys: ["applicationCredentials"] },
    azure: {
        block: "azureCredentials",
        identity: (c) => c.useDefaultAzureCredentials === true || c.inheritFromAzureAD === true,
        staticKeys: ["storageKey", "storageSasToken", "connectionString"],
    },
};

const KEY_RESOURCES = ["aws:iam/accessKey:AccessKey", "gcp:serviceaccount/key:Key"];

/** The cloud identity that trusts `system:serviceaccount:<ns>:<name>`, as evidence; undefined when none does. */
function trustOf(ctx: CheckContext, namespace: string, name: string): string | undefined {
    const subject = `system:serviceaccount:${namespace}:${name}`;
    switch (ctx.cloud) {
        case "aws":
            return ofType(ctx, "aws:iam/role:Role").find((r) => String(r.inputs?.assumeRolePolicy ?? "").includes(`"${subject}"`) && /AssumeRoleWithWebIdentity/.test(String(r.inputs?.assumeRolePolicy)))?.name;
        case "gcp":
            return ofType(ctx, "gcp:serviceaccount/iAMMember:IAMMember").find(
                (m) => m.inputs?.role === "roles/iam.workloadIdentityUser" && String(m.inputs?.member ?? "").endsWith(`.svc.id.goog[${namespace}/${name}]`),
            )?.name;
        case "azure":
            return ofType(ctx, "azure-native:managedidentity:FederatedIdentityCredential").find((f) => f.inputs?.subject === subject)?.name;
        default:
            return undefined;
    }
}

/**
 * Backups written with the pod's cloud identity (IRSA, GKE Workload Identity, Entra workload
 * identity): no long-lived key exists that could leak, and the trust is scoped to the exact
 * service accounts CNPG creates for each Cluster.
 */
export const workloadIdentity: Rule = {
    id: "workload-identity",
    item: "security",
    severity: "mandatory",
    description: "Backups use workload identity (no static keys); the cloud trusts exactly each Cluster's service account",
    check(ctx) {
        const cred = CREDENTIALS[ctx.cloud];
        if (!cred) return notApplicable("the kubernetes target's S3-compatible store is reached with the keys of fhir-ha:s3AccessKeyId / fhir-ha:s3SecretAccessKey");
        const problems: string[] = [];
        const found: string[] = [];
        for (const store of ofType(ctx, T.objectStore)) {
            const block = store.inputs?.spec?.configuration?.[cred.block] ?? {};
            const keys = cred.staticKeys.filter((k) => block[k] !== undefined);
            if (keys.length > 0) problems.push(`ObjectStore ${objectName(store)} uses ${cred.block}.${keys.join(", ")}`);
            else if (!cred.identity(block)) problems.push(`ObjectStore ${objectName(store)}: ${cred.block} does not use the workload identity`);
            else found.push(`ObjectStore ${objectName(store)}: ${cred.block} ${JSON.stringify(block)}`);
        }
        for (const c of cnpgClusters(ctx)) {
            const trusted = trustOf(ctx, objectNamespace(c) ?? "default", objectName(c));
            if (trusted) found.push(`service account ${objectName(c)} trusted by ${trusted}`);
            else problems.push(`no ${ctx.cloud} identity trusts service account ${objectNamespace(c)}/${objectName(c)}`);
        }
        const keys = ofType(ctx, ...KEY_RESOURCES);
        if (keys.length > 0) problems.push(`static keys created: ${list(keys.map((k) => `${k.type} ${k.name}`))}`);
        return judge(problems, found, "the cloud target must trust every CNPG Cluster's service account (names from src/names.ts) and pass no keys");
    },
};
