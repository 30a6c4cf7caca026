/**
 * Installs the operators from their official charts with `helm.v4.Chart`, whose objects are
 * Pulumi resources of their own and so appear one by one in a preview diff. Custom resources
 * of the tier depend on this component, so they are created after the CRDs exist and the
 * webhook Deployments are ready (Pulumi waits for Deployments to roll out).
 *
 * Order: cert-manager and CloudNativePG first; then a check Job that waits until cert-manager's
 * webhook admits Certificates (cert-manager-check.ts); then the Barman Cloud plugin, whose chart
 * creates an Issuer and Certificates, with its PriorityClass.
 */
import * as batchv1 from "@pulumi/kubernetes/batch/v1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as policyv1 from "@pulumi/kubernetes/policy/v1";
import * as helmv4 from "@pulumi/kubernetes/helm/v4";
import * as rbacv1 from "@pulumi/kubernetes/rbac/v1";
import * as schedulingv1 from "@pulumi/kubernetes/scheduling/v1";
import * as pulumi from "@pulumi/pulumi";
import { KUBECTL_IMAGE } from "../config/pins";
import { ChartsConfig } from "../config/types";
import { AdmissionProbe, checkJob, checkRole, checkRoleBinding, checkServiceAccount, cnpgProbe } from "./cert-manager-check";
import { CERT_MANAGER_NAMESPACE, OPERATOR_NAMESPACE, OPERATOR_POD_NAME } from "./constants";
import { installRelease } from "../charts/release";
import { OPERATOR_PRIORITY_CLASS, OperatorFeatures, operatorReleases, PLUGIN_PRIORITY, PLUGIN_PRIORITY_CLASS } from "./operator-releases";

export interface DatabaseOperatorsArgs {
    charts: ChartsConfig;
    /** Optional operator features (cert-manager's Gateway API support for the FHIR tier's HTTPS gateway). */
    features?: OperatorFeatures;
}

export class DatabaseOperators extends pulumi.ComponentResource {
    /** The charts this component installs (an operator the cluster already runs has none). */
    public readonly releases: Record<string, helmv4.Chart>;
    /** Per release key: what a later release waits for (its chart, or the check of an installed operator). */
    private readonly ready: Record<string, pulumi.Resource> = {};
    /**
     * What anything that asks cert-manager for a certificate waits for: the check Job that
     * completes once cert-manager's webhook admits Certificates (its CA bundle injected).
     */
    public readonly certManagerReady: pulumi.Resource[] = [];

    constructor(name: string, args: DatabaseOperatorsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fhir-ha:database:Operators", name, {}, opts);
        const releases = operatorReleases(args.charts, args.features);
        // A namespace is created with the operator that lives in it; where the cluster already
        // runs an operator (install: false), its namespace exists and is not ours.
        const namespaces: Record<string, corev1.Namespace> = {};
        for (const ns of new Set(releases.map((r) => r.namespace))) {
            if (releases.some((r) => r.namespace === ns && !r.install)) continue;
            namespaces[ns] = new corev1.Namespace(`${name}-${ns}-namespace`, { metadata: { name: ns } }, { parent: this });
        }
        const installed = (key: string) => releases.find((r) => r.key === key)!.install;
        // What a release waits for besides the releases in its `after` list.
        const extra: Record<string, pulumi.Resource[]> = {};
        this.releases = {};
        for (const r of releases) {
            if (r.key === "barmanCloud") {
                // cert-manager's check runs in its namespace, or in the operators' when the
                // cluster brings its own cert-manager (wherever that runs).
                const checkNamespace = installed("certManager") ? CERT_MANAGER_NAMESPACE : OPERATOR_NAMESPACE;
                const check = this.admissionCheck(name, "cert-manager-check", checkNamespace, namespaces[checkNamespace], this.ready.certManager);
                this.certManagerReady.push(check);
                extra[r.key] = [check, this.priorityClass(`${name}-plugin-priority`, PLUGIN_PRIORITY_CLASS)];
            }
            if (r.key === "cloudnativePg" && r.install) {
                extra[r.key] = [this.priorityClass(`${name}-operator-priority`, OPERATOR_PRIORITY_CLASS)];
                this.operatorDisruptionBudget(name, namespaces[OPERATOR_NAMESPACE]);
            }
            if (!r.install) {
                // cert-manager's check is the plugin's dependency above; CNPG gets its own.
                if (r.key === "cloudnativePg") this.ready[r.key] = this.admissionCheck(name, "cnpg-check", OPERATOR_NAMESPACE, undefined, undefined, cnpgProbe(OPERATOR_NAMESPACE));
                continue;
            }
            this.releases[r.key] = installRelease(name, r, {
                parent: this,
                dependsOn: [...(namespaces[r.namespace] ? [namespaces[r.namespace]] : []), ...r.after.flatMap((k) => this.ready[k] ?? []), ...(extra[r.key] ?? [])],
            });
            this.ready[r.key] = this.releases[r.key];
        }
        this.registerOutputs({});
    }

    /**
     * A Job that completes once an operator's webhook admits its objects (a server-side dry run,
     * cert-manager-check.ts), after its chart when this component installs it.
     */
    private admissionCheck(
        name: string,
        role: string,
        namespace: string,
        namespaceResource: corev1.Namespace | undefined,
        chart: pulumi.Resource | undefined,
        probe?: AdmissionProbe,
    ): batchv1.Job {
        const args = { name: `fhir-ha-${role}`, namespace, image: KUBECTL_IMAGE, probe };
        const after = { parent: this, dependsOn: namespaceResource ? [namespaceResource] : [] };
        const sa = new corev1.ServiceAccount(`${name}-${role}`, checkServiceAccount(args), after);
        const rbacRole = new rbacv1.Role(`${name}-${role}`, checkRole(args), after);
        const binding = new rbacv1.RoleBinding(`${name}-${role}`, checkRoleBinding(args), { parent: this, dependsOn: [sa, rbacRole] });
        return new batchv1.Job(`${name}-${role}`, checkJob(args), { parent: this, dependsOn: [binding, ...(chart ? [chart] : [])] });
    }

    /**
     * At most one of the CNPG operator's two replicas is evicted at a time (a node drain, a node
     * pool upgrade), so one always holds or can take the leader lease. The cloudnative-pg chart
     * 0.29.0 renders no PodDisruptionBudget (templates/: no pdb), hence this one.
     */
    private operatorDisruptionBudget(name: string, namespace: corev1.Namespace): policyv1.PodDisruptionBudget {
        return new policyv1.PodDisruptionBudget(
            `${name}-operator-pdb`,
            {
                metadata: { name: "cnpg-operator", namespace: OPERATOR_NAMESPACE },
                spec: { minAvailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": OPERATOR_POD_NAME } } },
            },
            { parent: this, dependsOn: [namespace] },
        );
    }

    private priorityClass(resourceName: string, className: string): schedulingv1.PriorityClass {
        return new schedulingv1.PriorityClass(
            resourceName,
            {
                metadata: { name: className },
                value: PLUGIN_PRIORITY,
                globalDefault: false,
                preemptionPolicy: "PreemptLowerPriority",
            },
            { parent: this },
        );
    }
}
