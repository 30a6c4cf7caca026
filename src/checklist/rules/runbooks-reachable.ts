import { UNPLANNED_EVENT_RUNBOOKS } from "../../monitoring/rules";
import { list } from "../resources";
import { mentions } from "../runbooks";
import { Rule } from "../types";
import { renderedAlerts } from "./monitoring-common";
import { fail, pass } from "./result";

/**
 * Every runbook of an unplanned event (failover, zone loss, region loss, backup failure) is
 * opened by at least one rendered alert (its `runbook_url`), and names the alerts that open it,
 * so the operator who is paged lands on the procedure and the procedure says why they are there.
 */
export const runbooksReachable: Rule = {
    id: "runbooks-reachable-from-alerts",
    item: "recovery-strategy",
    severity: "mandatory",
    description: "Every unplanned-event runbook is the runbook_url of an alert, and names the alerts that open it",
    check(ctx) {
        const alerts = renderedAlerts(ctx);
        if (alerts.length === 0) return fail("no alerts are rendered, so no runbook is reachable from one. Fix: see monitoring-present");
        const problems: string[] = [];
        const found: string[] = [];
        for (const runbook of UNPLANNED_EVENT_RUNBOOKS) {
            const opening = [...new Set(alerts.filter((a) => a.runbook === runbook).map((a) => a.alert))];
            if (opening.length === 0) {
                problems.push(`no alert's runbook_url points at ${runbook}`);
                continue;
            }
            const text = ctx.runbooks?.[runbook];
            const unnamed = text === undefined ? [] : opening.filter((a) => !mentions(text, a));
            if (unnamed.length > 0) problems.push(`${runbook} does not name ${list(unnamed)}, which open(s) it`);
            found.push(`${runbook} <- ${list(opening)}`);
        }
        if (problems.length > 0) return fail(`${problems.join("; ")}. Fix: add the alert to the runbook's "Alerts that open this runbook" section, or restore the rule`);
        return pass(`${found.join("; ")}${ctx.runbooks ? "" : " (runbook texts not read here)"}`);
    },
};
