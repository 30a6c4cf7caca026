/**
 * What each cloud contributes to the offline plan's mock layer: answers to the provider invokes
 * its code makes, and the output properties its resources have after a deploy. Values are
 * realistic and deterministic (a function of the inputs only), so two plans of one commit are
 * identical and a plan diff shows real changes only.
 */
export interface CloudMocks {
    /** Invoke answers by token, e.g. "aws:index/getAvailabilityZones:getAvailabilityZones". */
    calls: Record<string, (inputs: Record<string, any>) => Record<string, any>>;
    /**
     * Extra state by resource type token, merged over the inputs: outputs the program reads
     * (ARNs, endpoints, issuer URLs). Values only a deploy can know should be recognisable
     * markers built with `afterDeploy`, not invented look-alikes.
     */
    outputs: Record<string, (name: string, inputs: Record<string, any>) => Record<string, any>>;
}

/** A recognisable stand-in for a value only a deploy can know, e.g. an API server endpoint. */
export function afterDeploy(type: string, name: string, property: string): string {
    return `(known after deploy: ${type.split(":").pop()} ${name} .${property})`;
}
