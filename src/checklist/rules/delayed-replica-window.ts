import { delayedClusters } from "../delayed";
import { goDurationSeconds, showSeconds } from "../durations";
import { Rule } from "../types";
import { perCluster } from "./cluster-common";

const MIN = 12 * 3600;
const MAX = 24 * 3600;

/**
 * Long enough to notice a destructive change (a night), short enough that promoting it does not
 * lose a whole day of good data.
 */
export const delayedReplicaWindow: Rule = {
    id: "delayed-replica-window",
    item: "delayed-replica",
    severity: "mandatory",
    description: "A replica cluster applies WAL 12 h to 24 h late (spec.replica.minApplyDelay)",
    check: (ctx) =>
        perCluster(
            delayedClusters(ctx),
            "no replica cluster with minApplyDelay in the plan. Fix: set fhir-ha:database.delayedReplica.enabled to true (delay 12h)",
            "set fhir-ha:database.delayedReplica.delay between 12h and 24h",
            (c) => {
                const text = c.inputs?.spec?.replica?.minApplyDelay;
                const seconds = goDurationSeconds(text);
                const found = `minApplyDelay ${text}`;
                if (seconds === undefined) return { problem: `${found} is not a duration`, found };
                if (seconds < MIN || seconds > MAX) return { problem: `${found} (${showSeconds(seconds)}) is outside 12h-24h`, found };
                return { found };
            },
        ),
};
