/**
 * The Kubernetes objects of a plan, one per `kubernetes:` resource whose inputs are an object
 * (apiVersion + kind). Components such as a Helm chart or a ConfigGroup register no object of
 * their own and are left out; their type still shows in the tree.
 */
import { PlanDocument } from "./document";
import { unknownsAsText } from "./unknowns";

export interface KubernetesObject {
    /** File name under out/plan/<stack>/: `<kind>-<resource name>.yaml`, unique within the plan. */
    file: string;
    /** The Pulumi resource the object belongs to. */
    urn: string;
    object: Record<string, unknown> & { apiVersion: string; kind: string };
}

function isObject(inputs: Record<string, unknown>): inputs is KubernetesObject["object"] {
    return typeof inputs.apiVersion === "string" && typeof inputs.kind === "string";
}

/** Characters safe in a file name on every OS; Pulumi names may hold `/` or `:`. */
function fileSafe(s: string): string {
    return s.replace(/[^A-Za-z0-9._-]+/g, "_");
}

export function kubernetesObjects(doc: PlanDocument): KubernetesObject[] {
    const used = new Map<string, number>();
    const out: KubernetesObject[] = [];
    for (const r of doc.resources) {
        if (!r.type.startsWith("kubernetes:") || !isObject(r.inputs)) continue;
        const base = `${fileSafe(r.inputs.kind.toLowerCase())}-${fileSafe(r.name)}`;
        // Same kind and name under two parents: number the later ones (document order is stable).
        const seen = used.get(base) ?? 0;
        used.set(base, seen + 1);
        // Plain YAML: unknowns as text (`[unknown]`, or a text's template with its deploy-time parts marked).
        out.push({ file: `${seen === 0 ? base : `${base}-${seen + 1}`}.yaml`, urn: r.urn, object: unknownsAsText(r.inputs) as KubernetesObject["object"] });
    }
    return out;
}
