/**
 * Rules that cannot hold on a standby of a region pair by design: it takes no backups and serves
 * no FHIR pods until promoted (docs/database.md, "Region pair (standby)"). On such a stack they
 * are not applicable, saying so, rather than failed or silently passed; once promoted they apply.
 */
import { isPairStandby, objectName, pairClusters, pairPrimaryOf } from "../resources";
import { CheckContext, Rule } from "../types";
import { notApplicable } from "./result";

/** `Cluster <name>, standby of <primary>` for each standby of the plan; [] when there is none. */
export function standbysOf(ctx: CheckContext): string[] {
    return pairClusters(ctx)
        .filter(isPairStandby)
        .map((c) => `${objectName(c)} is a standby of ${pairPrimaryOf(c)}`);
}

/**
 * The rule, not applicable while the plan's cluster is a standby, with why. `appliesAnyway` names
 * plans where it applies even then (a new standby's delayed replica, which follows the other
 * region's archive).
 */
export function notWhileStandby(rule: Rule, why: string, appliesAnyway: (ctx: CheckContext) => boolean = () => false): Rule {
    return {
        ...rule,
        check(ctx) {
            const standbys = pairClusters(ctx).filter(isPairStandby);
            if (standbys.length === 0 || appliesAnyway(ctx)) return rule.check(ctx);
            const of = [...new Set(standbys.map(pairPrimaryOf))].join(", ");
            return notApplicable(
                `not applicable while a standby of ${of} (Cluster ${standbys.map(objectName).join(", ")}): ${why}; ` +
                    "it applies once promoted (fhir-ha:database.standbyOf.promoted)",
            );
        },
    };
}
