/**
 * Helm releases of official charts, as plain data, and the one way this package installs them:
 * `helm.v4.Chart`, which renders the chart in the program so every object is a Pulumi resource
 * (previewed, diffed and deleted like the rest). The database tier's operators and the
 * monitoring tier's stack are both built from this.
 */
import * as pulumi from "@pulumi/pulumi";
import * as helmv4 from "@pulumi/kubernetes/helm/v4";

export interface ChartRelease {
    /** The chart's key in config (`fhir-ha:charts.<key>`, or the monitoring tier's own). */
    key: string;
    /** Helm release name; also what the chart names its objects after. */
    releaseName: string;
    chart: string;
    version: string;
    repository: string;
    namespace: string;
    values: Record<string, unknown>;
}

/** The release as a `helm.v4.Chart` named `<name>-<releaseName>`. */
export function installRelease(name: string, release: ChartRelease, opts: pulumi.ComponentResourceOptions): helmv4.Chart {
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
