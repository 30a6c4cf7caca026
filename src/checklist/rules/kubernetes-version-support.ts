import { CALENDARS } from "../../cloud/calendars";
import { versionStatus, WARN_DAYS } from "../../cloud/kubernetes-versions";
import { pinnedVersions } from "../cluster-version";
import { Rule } from "../types";
import { judge, notApplicable } from "./result";

/**
 * A pinned Kubernetes version is flagged from WARN_DAYS (60) days before it leaves standard
 * support, with what staying on it costs (the cloud's calendar, src/cloud/calendars). Cloud-neutral:
 * a cloud takes part by filling its calendar. Advisory: validation already refuses a version past
 * standard support without the extended-support opt-in; this rule is the early warning.
 */
export const kubernetesVersionSupport: Rule = {
    id: "kubernetes-version-support",
    item: "zones",
    severity: "advisory",
    description: `The cluster's Kubernetes version stays in standard support for more than ${WARN_DAYS} days`,
    check(ctx) {
        const pins = pinnedVersions(ctx);
        if (pins === undefined) return notApplicable("the cluster is brought by you: its Kubernetes version is its owner's to keep supported");
        const calendar = CALENDARS[ctx.cloud];
        if (pins.length === 0) return notApplicable(`no ${ctx.cloud} cluster in the plan`);
        const today = ctx.today ?? new Date();
        const day = today.toISOString().slice(0, 10);
        const problems: string[] = [];
        const found: string[] = [];
        for (const p of pins) {
            if (p.minor === "") {
                found.push(`${p.cluster}: follows ${ctx.cloud}'s default version (fhir-ha:cluster.kubernetesVersion "")`);
                continue;
            }
            if (!calendar || calendar.entries.length === 0) {
                problems.push(`${p.cluster}: Kubernetes ${p.minor} is pinned, and the ${ctx.cloud} support calendar has no entries to judge it by`);
                continue;
            }
            const s = versionStatus(calendar, p.minor, today);
            const asOf = `${ctx.cloud} calendar as of ${calendar.asOf}`;
            switch (s.state) {
                case "standard":
                    found.push(`${p.cluster}: Kubernetes ${p.minor} in standard support until ${s.entry!.endOfStandard} (${s.daysToEndOfStandard} days from ${day}; ${asOf})`);
                    break;
                case "ending-soon":
                    problems.push(
                        `${p.cluster}: Kubernetes ${p.minor} leaves standard support on ${s.entry!.endOfStandard}, in ${s.daysToEndOfStandard} days (${asOf}); after that: ${calendar.extendedSupportNote}`,
                    );
                    break;
                case "extended":
                    problems.push(`${p.cluster}: Kubernetes ${p.minor} left standard support on ${s.entry!.endOfStandard} (${asOf}): ${calendar.extendedSupportNote}`);
                    break;
                default:
                    problems.push(`${p.cluster}: Kubernetes ${p.minor} is ${s.state.replace(/-/g, " ")} (${asOf})`);
            }
        }
        return judge(problems, found, 'upgrade: set fhir-ha:cluster.kubernetesVersion to a newer minor version, or to "" to follow the cloud');
    },
};
