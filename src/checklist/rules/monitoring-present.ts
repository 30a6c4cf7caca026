import { CLUSTER_LABEL } from "../../database/constants";
import { cnpgClusters, list, objectName, ofType } from "../resources";
import { Rule } from "../types";
import { MONITOR_TYPES, renderedAlerts } from "./monitoring-common";
import { fail, pass } from "./result";

/**
 * A strategy is only "used" when a failure pages someone: the plan renders alert rules, and a
 * monitor scrapes every CNPG cluster's instances (the `cnpg.io/cluster` selector) on their
 * `metrics` port.
 */
export const monitoringPresent: Rule = {
    id: "monitoring-present",
    item: "recovery-strategy",
    severity: "mandatory",
    description: "Alert rules are rendered, and every CNPG cluster's instances are scraped on their metrics port",
    check(ctx) {
        const fix = "set fhir-ha:monitoring.mode to install, existing or googleManaged (docs/monitoring.md)";
        const alerts = renderedAlerts(ctx);
        if (alerts.length === 0) return fail(`no PrometheusRule or ClusterRules with alerts in the plan: failures page no one. Fix: ${fix}`);
        const monitors = ofType(ctx, ...MONITOR_TYPES);
        const scraped = (cluster: string) =>
            monitors.some((m) => {
                const sel = m.inputs?.spec?.selector ?? {};
                const byLabel = sel.matchLabels?.[CLUSTER_LABEL] === cluster;
                const byExpr = (sel.matchExpressions ?? []).some(
                    (e: any) => e.key === CLUSTER_LABEL && e.operator === "In" && Array.isArray(e.values) && e.values.includes(cluster),
                );
                const endpoints = [...(m.inputs?.spec?.podMetricsEndpoints ?? []), ...(m.inputs?.spec?.endpoints ?? [])];
                return (byLabel || byExpr) && endpoints.some((ep: any) => ep.port === "metrics");
            });
        const clusters = cnpgClusters(ctx).map(objectName);
        const unscraped = clusters.filter((c) => !scraped(c));
        if (unscraped.length > 0) return fail(`no PodMonitor or PodMonitoring scrapes port metrics of cluster(s) ${list(unscraped)}. Fix: ${fix}`);
        return pass(`${alerts.length} alerts in ${list([...new Set(alerts.map((a) => a.from))])}; ${monitors.length} monitors, scraping cluster(s) ${list(clusters)}`);
    },
};
