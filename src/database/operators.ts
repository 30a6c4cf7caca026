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
import { checkJob, checkRole, checkRoleBinding, checkServiceAccount } from "./cert-manager-check";
import { CERT_MANAGER_NAMESPACE, OPERATOR_NAMESPACE, OPERATOR_POD_NAME } from "./constants";
import { installRelease } from "../charts/release";
import { OPERATOR_PRIORITY_CLASS, OperatorFeatures, operatorReleases, PLUGIN_PRIORITY, PLUGIN_PRIORITY_CLASS } from "./operator-releases";

export interface DatabaseOperatorsArgs {
    charts: ChartsConfig;
    /** Optional operator features (cert-manager's Gateway API support for the FHIR tier's HTTPS gateway). */
    features?: OperatorFeatures;
}

export class DatabaseOperators extends pulumi.ComponentResource {
    public readonly releases: Record<string, helmv4.Chart>;
    /**
     * What anything that asks cert-manager for a certificate waits for: the check Job that
     * completes once cert-manager's webhook admits Certificates (its CA bundle injected).
     */
    public readonly certManagerReady: pulumi.Resource[] = [];

    constructor(name: string, args: DatabaseOperatorsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fhir-ha:database:Operators", name, {}, opts);
        const releases = operatorReleases(args.charts, args.features);
        const namespaces: Record<string, corev1.Namespace> = {};
        for (const ns of new Set(releases.map((r) => r.namespace))) {
            namespaces[ns] = new corev1.Namespace(`${name}-${ns}-namespace`, { metadata: { name: ns } }, { parent: this });
        }
        // What a release waits for besides the releases in its `after` list.
        const extra: Record<string, pulumi.Resource[]> = {};
        this.releases = {};
        for (const r of releases) {
            if (r.key === "barmanCloud") {
                const check = this.certManagerCheck(name, namespaces[CERT_MANAGER_NAMESPACE]);
                this.certManagerReady.push(check);
                extra[r.key] = [check, this.priorityClass(`${name}-plugin-priority`, PLUGIN_PRIORITY_CLASS)];
            }
            if (r.key === "cloudnativePg") {
                extra[r.key] = [this.priorityClass(`${name}-operator-priority`, OPERATOR_PRIORITY_CLASS)];
                this.operatorDisruptionBudget(name, namespaces[OPERATOR_NAMESPACE]);
            }
            this.releases[r.key] = installRelease(name, r, {
                parent: this,
                dependsOn: [namespaces[r.namespace], ...r.after.map((k) => this.releases[k]), ...(extra[r.key] ?? [])],
            });
        }
        this.registerOutputs({});
    }

    /** The Job that completes once cert-manager's webhook admits Certificates (after its chart). */
    private certManagerCheck(name: string, namespace: corev1.Namespace): batchv1.Job {
        const args = { name: "fhir-ha-cert-manager-check", namespace: CERT_MANAGER_NAMESPACE, image: KUBECTL_IMAGE };
        const after = { parent: this, dependsOn: [namespace] };
        const sa = new corev1.ServiceAccount(`${name}-cert-manager-check`, checkServiceAccount(args), after);
        const role = new rbacv1.Role(`${name}-cert-manager-check`, checkRole(args), after);
        const binding = new rbacv1.RoleBinding(`${name}-cert-manager-check`, checkRoleBinding(args), { parent: this, dependsOn: [sa, role] });
        return new batchv1.Job(`${name}-cert-manager-check`, checkJob(args), {
            parent: this,
            dependsOn: [binding, this.releases.certManager],
        });
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
