/**
 * The fhir-ha checklist as a CrossGuard policy pack:
 *
 *   pulumi preview --policy-pack policy [--policy-pack-config levels.json]
 *
 * The rules are the ones `npm run plan` reports (src/checklist), so a stack passes or fails the
 * same way offline and against a real preview.
 */
import { PolicyPack } from "@pulumi/policy";
import { loadRunbooks } from "../src/checklist/load-runbooks";
import { checklistPolicies } from "./policies";

let runbooks: Record<string, string> | undefined;

new PolicyPack("fhir-ha-checklist", {
    // Read docs/runbooks/ once, the first time a policy needs it.
    policies: checklistPolicies(() => (runbooks ??= loadRunbooks())),
});
