import { cnpgClusters, list, objectName, objectNamespace } from "../resources";
import { mentions } from "../runbooks";
import { Rule } from "../types";
import { fail, notApplicable, pass } from "./result";

/**
 * The runbooks' commands use the default names (fhir-db, fhir-db-delayed in namespace fhir).
 * When a stack renames them, an operator must translate every command under stress: worth a
 * warning, not a failure.
 */
export const runbooksNameClusters: Rule = {
    id: "runbooks-name-clusters",
    item: "recovery-strategy",
    severity: "advisory",
    description: "The runbooks' commands name the clusters and namespace this stack renders",
    check(ctx) {
        if (!ctx.runbooks || Object.keys(ctx.runbooks).length === 0) return notApplicable("no runbooks to read (see runbooks-present)");
        const text = Object.values(ctx.runbooks).join("\n");
        const names = [...new Set(cnpgClusters(ctx).flatMap((c) => [`cluster ${objectName(c)}`, `namespace ${objectNamespace(c) ?? "?"}`]))];
        const missing = names.filter((n) => !mentions(text, n.split(" ")[1]));
        if (missing.length > 0) {
            return fail(`the runbooks never name ${list(missing)}: their commands use the default names. Fix: read them with your names, or keep fhir-ha:database.clusterName and fhir-ha:namespace at their defaults`);
        }
        return pass(`the runbooks name ${list(names)}`);
    },
};
