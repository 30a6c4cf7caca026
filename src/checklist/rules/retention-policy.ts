import { retentionDays } from "../durations";
import { byObjectName, objectName, objectNamespace, ofType, T, walArchiver, writableClusters } from "../resources";
import { Rule } from "../types";
import { fail, judge } from "./result";

/** A month of recovery window: any point of the last 30 days can be restored. */
export const retentionPolicy: Rule = {
    id: "retention-policy",
    item: "monthly-retention",
    severity: "mandatory",
    description: "The archive of every writable cluster keeps a recovery window of at least 30 days",
    check(ctx) {
        const stores = ofType(ctx, T.objectStore);
        const used = writableClusters(ctx)
            .map((c) => ({ cluster: objectName(c), store: byObjectName(stores, walArchiver(c)?.parameters?.barmanObjectName, objectNamespace(c)) }))
            .filter((u) => u.store);
        if (used.length === 0) return fail("no ObjectStore archives a writable cluster (see wal-archiving). Fix: set fhir-ha:backup.retention to 30d");
        const findings = used.map((u) => {
            const policy = u.store?.inputs?.spec?.retentionPolicy;
            const days = retentionDays(policy);
            const label = `ObjectStore ${objectName(u.store!)} (Cluster ${u.cluster}): retentionPolicy ${policy ?? "unset"}`;
            const problem = policy === undefined ? `${label}, backups are never pruned` : days === undefined ? `${label} cannot be read` : days < 30 ? `${label} is ${days} days` : undefined;
            return { label, problem };
        });
        return judge(
            findings.flatMap((f) => (f.problem ? [f.problem] : [])),
            findings.map((f) => f.label),
            "set fhir-ha:backup.retention to 30d or more",
        );
    },
};
