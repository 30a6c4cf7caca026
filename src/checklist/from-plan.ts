/** The checklist's view of an offline plan document (out/plan/<stack>.json). */
import { inferCloud } from "./resources";
import { CheckContext } from "./types";
import { unknownCheckingInputs } from "./unknown";

/** The part of a plan document the checklist reads (kept structural: no import of src/plan). */
export interface PlanLike {
    cloud?: string;
    resources: { urn: string; type: string; name: string; parent: string | null; inputs: Record<string, unknown> }[];
    resourceOptions?: Record<string, { protect: boolean; retainOnDelete: boolean }>;
}

export function contextFromPlan(doc: PlanLike, runbooks?: Record<string, string>): CheckContext {
    // A plan that recorded resource options lists only resources with one set: absent means false.
    const options = doc.resourceOptions;
    return {
        cloud: inferCloud(doc.resources) || doc.cloud || "",
        resources: doc.resources.map((r) => ({
            ...r,
            // Unknown values throw when a rule reads them, as under CrossGuard (./unknown.ts).
            inputs: unknownCheckingInputs(r.inputs as Record<string, any>),
            protect: options ? (options[r.urn]?.protect ?? false) : undefined,
            retainOnDelete: options ? (options[r.urn]?.retainOnDelete ?? false) : undefined,
        })),
        runbooks,
    };
}
