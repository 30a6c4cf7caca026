/**
 * The plan diff for machines (`--format json`): one entry per resource with its operation, the
 * changed input paths and, for a replace, the paths that forced it.
 */
import { PlanDiff } from "./compare";

export function renderDiffJson(diff: PlanDiff): string {
    const resources = diff.operations.map((o) => ({
        urn: o.urn,
        type: o.type,
        op: o.op,
        changed: o.changes.map((c) => c.path),
        ...(o.op === "replace" ? { replaceBecause: o.replaceReasons ?? [], deleteBeforeReplace: o.deleteBeforeReplace === true } : {}),
        ...(o.renamedFrom ? { renamedFrom: o.renamedFrom } : {}),
        ...(o.retained ? { retained: true } : {}),
        ...(o.error ? { error: o.error } : {}),
    }));
    return `${JSON.stringify({ stack: diff.stack, errors: diff.errors, warnings: diff.warnings, config: diff.config, resources, checklist: diff.checklist }, null, 2)}\n`;
}
