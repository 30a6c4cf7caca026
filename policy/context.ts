/**
 * What CrossGuard hands a stack policy, in the checklist's shape. Properties are the resources'
 * inputs on preview of a create, and their outputs once deployed; policy/outputs.ts gives back
 * what a provider keeps out of its outputs (azure-native's path parameters). Values unknown until deploy are not undefined: the
 * props are @pulumi/policy's proxy, which throws its `UnknownValueError` when a rule reads one;
 * `evaluateRule(..., { rethrowUnknown: true })` lets that reach CrossGuard.
 * CrossGuard reports `protect` but not `retainOnDelete`, so the latter stays unknown.
 */
import { PolicyResource } from "@pulumi/policy";
import { CheckContext, inferCloud } from "../src/checklist";
import { propsForChecklist } from "./outputs";

export function contextFromPolicyResources(resources: PolicyResource[], runbooks?: Record<string, string>): CheckContext {
    const mapped = resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent?.urn ?? null,
        inputs: propsForChecklist(r),
        protect: r.opts?.protect,
        retainOnDelete: undefined,
    }));
    return { cloud: inferCloud(mapped), resources: mapped, runbooks };
}
