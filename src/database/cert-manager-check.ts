/**
 * Waits until cert-manager can admit its own objects before the Barman Cloud plugin's chart
 * creates its Issuer and Certificates. A ready cert-manager webhook Deployment is not enough: the
 * API server can call the webhook only once cainjector has written the CA bundle into the
 * webhook configurations. cert-manager's chart checks this with its `startupapicheck` Job, a Helm
 * hook, and Pulumi's `helm.v4.Chart` does not run hooks; so this Job does the same check
 * (a server-side dry-run create of a Certificate, which goes through the webhook, as
 * `cmctl check api` does) until it passes. Pulumi waits for a Job to complete.
 * Nothing is created: a dry run is validated and discarded by the API server.
 */
import { kubectlPodSpec } from "./kubectl-pod";
/** How long the check may take before the deploy fails (cainjector usually needs seconds). */
export const CERT_MANAGER_CHECK_SECONDS = 600;


/** The Certificate the check submits as a dry run; it names an Issuer that need not exist. */
export function probeCertificate(namespace: string) {
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: "fhir-ha-api-check", namespace },
        spec: { secretName: "fhir-ha-api-check", dnsNames: ["fhir-ha-api-check.invalid"], issuerRef: { name: "fhir-ha-api-check", kind: "Issuer" } },
    };
}

/** Submits $PROBE as a server-side dry run every 5 s until it is admitted, for 10 minutes. */
export function admissionCheckScript(admitted: string, refusing: string): string {
    return [
        "set -u",
        'printf "%s" "${PROBE}" > /tmp/probe.json',
        // A dry run goes through every admission webhook (cert-manager's and CNPG's declare sideEffects: None).
        "for i in $(seq 1 120); do",
        `  if kubectl create --dry-run=server -f /tmp/probe.json; then echo "${admitted} (attempt \${i})"; exit 0; fi`,
        "  sleep 5",
        "done",
        `echo "${refusing} still refuses after 10 minutes"; exit 1`,
    ].join("\n");
}

export const CHECK_SCRIPT = admissionCheckScript("cert-manager admits Certificates", "cert-manager webhook");

export interface CertManagerCheckArgs {
    name: string;
    namespace: string;
    image: string;
    /** Another operator's check (default: cert-manager's Certificate probe). */
    probe?: AdmissionProbe;
}

/** What an admission check submits, the RBAC rule that allows it, and what it reports. */
export interface AdmissionProbe {
    object: Record<string, unknown>;
    rule: { apiGroups: string[]; resources: string[]; verbs: string[] };
    script: string;
}

function probeOf(args: CertManagerCheckArgs): AdmissionProbe {
    return (
        args.probe ?? {
            object: probeCertificate(args.namespace),
            rule: { apiGroups: ["cert-manager.io"], resources: ["certificates"], verbs: ["create"] },
            script: CHECK_SCRIPT,
        }
    );
}

export function checkServiceAccount(args: CertManagerCheckArgs) {
    return { metadata: { name: args.name, namespace: args.namespace } };
}

/** A dry-run create needs the create verb; it may only create Certificates in its own namespace. */
export function checkRole(args: CertManagerCheckArgs) {
    return {
        metadata: { name: args.name, namespace: args.namespace },
        rules: [probeOf(args).rule],
    };
}

export function checkRoleBinding(args: CertManagerCheckArgs) {
    return {
        metadata: { name: args.name, namespace: args.namespace },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: args.name },
        subjects: [{ kind: "ServiceAccount", name: args.name, namespace: args.namespace }],
    };
}

export function checkJob(args: CertManagerCheckArgs) {
    return {
        metadata: {
            name: args.name,
            namespace: args.namespace,
            annotations: {
                "pulumi.com/timeoutSeconds": String(CERT_MANAGER_CHECK_SECONDS),
                // A check that failed (cert-manager was broken) is run again by the next `pulumi up`.
                "pulumi.com/replaceUnready": "true",
            },
        },
        spec: {
            backoffLimit: 0,
            activeDeadlineSeconds: CERT_MANAGER_CHECK_SECONDS,
            template: {
                spec: kubectlPodSpec({
                    serviceAccountName: args.name,
                    container: "check",
                    image: args.image,
                    script: probeOf(args).script,
                    env: [{ name: "PROBE", value: JSON.stringify(probeOf(args).object) }],
                }),
            },
        },
    };
}

/**
 * The check for a CloudNativePG operator the cluster already runs (`charts.cloudnativePg.install:
 * false`): a dry-run create of a minimal Cluster passes only once the CRD exists and CNPG's
 * mutating and validating webhooks answer, which is what the tier's Clusters need.
 */
export function cnpgProbe(namespace: string): AdmissionProbe {
    return {
        object: {
            apiVersion: "postgresql.cnpg.io/v1",
            kind: "Cluster",
            metadata: { name: "fhir-ha-api-check", namespace },
            spec: { instances: 1, storage: { size: "1Gi" } },
        },
        rule: { apiGroups: ["postgresql.cnpg.io"], resources: ["clusters"], verbs: ["create"] },
        script: admissionCheckScript("CloudNativePG admits Clusters", "CloudNativePG webhook"),
    };
}
