/** Small plan documents built by hand, for the tests of the plan diff's rules (tests/plan-*.test.ts). */
import { PlanDocument, PlanResource, PlanResourceOptions } from "../../src/plan/document";

export const STACK = "s";

export const urn = (type: string, name: string, parentType?: string) => `urn:pulumi:${STACK}::fhir-ha::${parentType ? `${parentType}$` : ""}${type}::${name}`;

export const NO_OPTIONS: PlanResourceOptions = {
    dependencies: [],
    protect: false,
    retainOnDelete: false,
    ignoreChanges: [],
    replaceOnChanges: [],
    deleteBeforeReplace: false,
    aliases: [],
};

export function res(type: string, name: string, inputs: Record<string, unknown>, options: Partial<PlanResourceOptions> = {}, parentType?: string): PlanResource {
    return { urn: urn(type, name, parentType), type, name, parent: null, custom: true, inputs, options: { ...NO_OPTIONS, ...options } };
}

export const doc = (...resources: PlanResource[]): PlanDocument => ({ stack: STACK, cloud: "aws", resources, outputs: {}, notes: [] });
