/** What the monitoring rules read from a plan: the rendered alert rules and scrape monitors. */
import { CheckContext, CheckedResource } from "../types";

export const RULE_TYPES = ["kubernetes:monitoring.coreos.com/v1:PrometheusRule", "kubernetes:monitoring.googleapis.com/v1:ClusterRules"];
export const MONITOR_TYPES = ["kubernetes:monitoring.coreos.com/v1:PodMonitor", "kubernetes:monitoring.googleapis.com/v1:PodMonitoring"];

export interface RenderedAlert {
    alert: string;
    runbookUrl: string;
    /** The file name the runbook_url ends in (automatic-failover.md). */
    runbook: string;
    from: string;
}

export function renderedAlerts(ctx: CheckContext): RenderedAlert[] {
    return ctx.resources
        .filter((r) => RULE_TYPES.includes(r.type))
        .flatMap((r: CheckedResource) =>
            ((r.inputs?.spec?.groups ?? []) as { rules?: Record<string, any>[] }[]).flatMap((g) =>
                (g.rules ?? [])
                    .filter((rule) => typeof rule.alert === "string")
                    .map((rule) => {
                        const url = String(rule.annotations?.runbook_url ?? "");
                        return { alert: rule.alert as string, runbookUrl: url, runbook: url.split("#")[0].split("/").pop() ?? "", from: r.name };
                    }),
            ),
        );
}
