/**
 * `backup.replica.region` on GCP: a Cloud Monitoring alert policy on the dual-region bucket's
 * turbo replication missing its 15-minute RPO (the AWS stack's counterpart is the CloudWatch
 * alarms in clouds/aws/backup-replica.ts).
 *
 * Cloud Storage publishes per bucket (monitored resource `gcs_bucket`, label `bucket_name`) the
 * gauge `storage.googleapis.com/replication/missing_rpo_minutes_last_30d`: the minutes in the
 * last 30 days in which the bucket missed its RPO, computed with a delay that
 * `replication/time_since_metrics_updated` reports (launch stage BETA). Source: Google Cloud
 * metrics list, section "storage"
 * (https://cloud.google.com/monitoring/api/metrics_gcp_p_z#gcp-storage); the name and meaning were
 * checked here against listings that mirror Google's metric descriptors, not against that page
 * itself, which this machine cannot reach: docs/clouds/gcp.md says how to confirm it in a project.
 *
 * The condition is a plain threshold on the gauge (`ALIGN_MAX` is valid for a GAUGE metric;
 * `ALIGN_DELTA` is not): the policy fires while the last 30 days hold a missed minute, which is
 * what a stated RPO of 20 minutes cannot absorb. No notification channel: as on AWS, the operator
 * routes it (docs/clouds/gcp.md, "Replicated archive").
 */
import * as monitoring from "@pulumi/gcp/monitoring";
import * as pulumi from "@pulumi/pulumi";

export const MISSING_RPO_METRIC = "storage.googleapis.com/replication/missing_rpo_minutes_last_30d";

/** Pure: the alert policy's arguments for one bucket. */
export function replicationAlertArgs(project: pulumi.Input<string>, bucketName: pulumi.Input<string>, labels: Record<string, string>): monitoring.AlertPolicyArgs {
    return {
        project,
        displayName: pulumi.interpolate`fhir-ha: ${bucketName} missed turbo replication's 15-minute RPO`,
        combiner: "OR",
        severity: "WARNING",
        conditions: [
            {
                displayName: "turbo replication missed its RPO in the last 30 days",
                conditionThreshold: {
                    filter: pulumi.interpolate`metric.type="${MISSING_RPO_METRIC}" AND resource.type="gcs_bucket" AND resource.label.bucket_name="${bucketName}"`,
                    comparison: "COMPARISON_GT",
                    thresholdValue: 0,
                    duration: "0s",
                    aggregations: [{ alignmentPeriod: "3600s", perSeriesAligner: "ALIGN_MAX" }],
                },
            },
        ],
        documentation: {
            mimeType: "text/markdown",
            content:
                "The archive's copy in the second region was later than turbo replication's 15 minutes: a region loss in that time " +
                "would have lost more than the stated RPO. See docs/runbooks/region-loss.md.",
        },
        userLabels: labels,
    };
}

export function createReplicationAlert(
    name: string,
    project: pulumi.Input<string>,
    bucketName: pulumi.Input<string>,
    labels: Record<string, string>,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[],
): monitoring.AlertPolicy {
    return new monitoring.AlertPolicy(`${name}-backups-replication-alert`, replicationAlertArgs(project, bucketName, labels), { parent, dependsOn });
}
