/**
 * A real Prometheus (Debian's `prometheus`) and postgres exporters on 127.0.0.1, as the alerts
 * drill runs them: the exporters scrape the drill's PostgreSQL servers, Prometheus scrapes them
 * every second and evaluates the monitoring tier's rules. Pure config builders plus the alert
 * state read from Prometheus' HTTP API.
 */
import { JOBS } from "../../src/monitoring/constants";
import { RuleGroup } from "../../src/monitoring/rules";

export interface ExporterTarget {
    /** The pod the PostgreSQL server stands for (fhir-db-1). */
    pod: string;
    port: number;
}

/** Labels the PodMonitor's relabelling gives a CNPG instance's series in the cluster. */
export function instanceLabels(namespace: string, cluster: string, pod: string): Record<string, string> {
    return { namespace, cnpg_cluster: cluster, pod };
}

export function prometheusConfig(args: { namespace: string; cluster: string; targets: ExporterTarget[]; ruleFile: string; intervalSeconds: number }) {
    return {
        global: { scrape_interval: `${args.intervalSeconds}s`, evaluation_interval: `${args.intervalSeconds}s`, scrape_timeout: `${args.intervalSeconds}s` },
        rule_files: [args.ruleFile],
        scrape_configs: [
            {
                job_name: JOBS.postgres,
                static_configs: args.targets.map((t) => ({
                    targets: [`127.0.0.1:${t.port}`],
                    labels: instanceLabels(args.namespace, args.cluster, t.pod),
                })),
            },
        ],
    };
}

/** The rule groups evaluated every `intervalSeconds`, as Prometheus' rule file. */
export function ruleFile(groups: RuleGroup[], intervalSeconds: number) {
    return { groups: groups.map((g) => ({ ...g, interval: `${intervalSeconds}s` })) };
}

export interface ActiveAlert {
    name: string;
    state: string;
    labels: Record<string, string>;
    activeAt?: string;
}

/** Parses GET /api/v1/alerts. */
export function parseAlerts(body: unknown): ActiveAlert[] {
    const b = body as { status?: string; data?: { alerts?: { labels: Record<string, string>; state: string; activeAt?: string }[] } };
    if (b?.status !== "success" || !Array.isArray(b.data?.alerts)) throw new Error(`unexpected /api/v1/alerts answer: ${JSON.stringify(body).slice(0, 300)}`);
    return b.data!.alerts!.map((a) => ({ name: a.labels.alertname, state: a.state, labels: a.labels, activeAt: a.activeAt }));
}

export function firing(alerts: ActiveAlert[], name: string): ActiveAlert[] {
    return alerts.filter((a) => a.name === name && a.state === "firing");
}
