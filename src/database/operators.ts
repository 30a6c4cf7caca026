/**
 * Installs the operators from their official charts with `helm.v4.Chart`, whose objects are
 * Pulumi resources of their own and so appear one by one in a preview diff. Custom resources
 * of the tier depend on this component, so they are created after the CRDs exist and the
 * webhook Deployments are ready (Pulumi waits for Deployments to roll out).
 */
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as helmv4 from "@pulumi/kubernetes/helm/v4";
import * as pulumi from "@pulumi/pulumi";
import { ChartsConfig } from "../config/types";
import { OperatorFeatures, operatorReleases } from "./operator-releases";

export interface DatabaseOperatorsArgs {
    charts: ChartsConfig;
    /** Optional operator features (cert-manager's Gateway API support for the FHIR tier's HTTPS gateway). */
    features?: OperatorFeatures;
}

export class DatabaseOperators extends pulumi.ComponentResource {
    public readonly releases: Record<string, helmv4.Chart>;

    constructor(name: string, args: DatabaseOperatorsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fhir-ha:database:Operators", name, {}, opts);
        const releases = operatorReleases(args.charts, args.features);
        const namespaces: Record<string, corev1.Namespace> = {};
        for (const ns of new Set(releases.map((r) => r.namespace))) {
            namespaces[ns] = new corev1.Namespace(`${name}-${ns}-namespace`, { metadata: { name: ns } }, { parent: this });
        }
        this.releases = {};
        for (const r of releases) {
            this.releases[r.key] = new helmv4.Chart(
                `${name}-${r.releaseName}`,
                {
                    name: r.releaseName,
                    chart: r.chart,
                    version: r.version,
                    repositoryOpts: { repo: r.repository },
                    namespace: r.namespace,
                    values: r.values,
                },
                { parent: this, dependsOn: [namespaces[r.namespace], ...r.after.map((k) => this.releases[k])] },
            );
        }
        this.registerOutputs({});
    }
}
