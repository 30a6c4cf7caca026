/** Tags every AWS resource of the platform carries, so a bill or a console search finds them. */

export function baseTags(componentName: string, stack: string): Record<string, string> {
    return { "fhir-ha:component": componentName, "fhir-ha:stack": stack };
}

/** The base tags plus resource-specific ones (later keys win). */
export function awsTags(base: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
    return { ...base, ...extra };
}
