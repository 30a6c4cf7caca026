/**
 * Helm releases of official charts, as plain data, and the one way this package installs them:
 * `helm.v4.Chart`, which renders the chart in the program so every object is a Pulumi resource
 * (previewed, diffed and deleted like the rest). The database tier's operators, the
 * monitoring tier's stack and the AWS target's Cluster Autoscaler are all built from this.
 */
import * as pulumi from "@pulumi/pulumi";
import * as helmv4 from "@pulumi/kubernetes/helm/v4";

/**
 * `Values` is plain for releases decided by config alone; a release whose values wait on a cloud
 * output (the autoscaler's role ARN and cluster version) takes `pulumi.Input` values.
 */
export interface ChartRelease<Values = Record<string, unknown>> {
    /** The chart's key in config (`fhir-ha:charts.<key>`, the monitoring tier's own, or a cloud's chart pins). */
    key: string;
    /** Helm release name; also what the chart names its objects after. */
    releaseName: string;
    chart: string;
    version: string;
    repository: string;
    namespace: string;
    values: Values;
}

/** The release as a `helm.v4.Chart` named `<name>-<releaseName>`. */
export function installRelease(name: string, release: ChartRelease<pulumi.Input<Record<string, unknown>>>, opts: pulumi.ComponentResourceOptions): helmv4.Chart {
    return new helmv4.Chart(
        `${name}-${release.releaseName}`,
        {
            name: release.releaseName,
            chart: release.chart,
            version: release.version,
            repositoryOpts: { repo: release.repository },
            namespace: release.namespace,
            values: release.values,
        },
        opts,
    );
}
