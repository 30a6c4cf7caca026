/**
 * Values unknown until deploy, as the checklist meets them. In the offline plan they are
 * `{ "unknown": true, ... }` (src/plan/unknowns.ts); under CrossGuard, @pulumi/policy hands the
 * rules a proxy that throws its `UnknownValueError` when a rule reads one. The offline checklist
 * reads plans through the same kind of proxy, so a rule that needs an unknown value stops the same
 * way in both places, and `evaluateRule` reports it as "cannot decide before deploy" (advisory).
 */

/** Thrown when a rule reads a value that is unknown until deploy (same name as @pulumi/policy's). */
export class UnknownValueError extends Error {
    constructor(readonly path: string[]) {
        super(`value at .${path.join(".")} can't be known during preview`);
        this.name = "UnknownValueError";
    }
}

/** Ours or @pulumi/policy's (its class sets no `name`, so compare the constructor's). */
export function isUnknownValueError(e: unknown): e is Error {
    return e instanceof Error && (e.name === "UnknownValueError" || e.constructor?.name === "UnknownValueError");
}

function isUnknownMark(v: unknown): v is { unknown: true; from?: { urn: string; output: string }[]; template?: string } {
    return !!v && typeof v === "object" && !Array.isArray(v) && (v as Record<string, unknown>).unknown === true;
}

/** The one resource output an unknown input value is exactly (`{ urn, output }`), when the plan resolved it. */
export function referenceOf(value: unknown): { urn: string; output: string } | undefined {
    if (!isUnknownMark(value) || value.template !== undefined || value.from?.length !== 1) return undefined;
    return value.from[0];
}

/** The resource URN an input value is the ID of, when it is an ID reference the plan resolved. */
export function idReferenceOf(value: unknown): string | undefined {
    const ref = referenceOf(value);
    return ref?.output === "id" ? ref.urn : undefined;
}

/**
 * `inputs` as the rules read them: an unknown value throws `UnknownValueError`, except
 *  - a reference to one output of one resource (its `id`, its `arn`), passed through so rules
 *    can follow the wiring (`refersTo` in resources.ts): the offline plan knows which resource
 *    it names, though not the value;
 *  - a text with deploy-time parts, read as its template (the parts show as markers).
 */
export function unknownCheckingInputs<T>(value: T, path: string[] = []): T {
    if (!value || typeof value !== "object") return value;
    return new Proxy(value as unknown as object, {
        get(target, prop, receiver) {
            const field = Reflect.get(target, prop, receiver);
            if (typeof prop === "symbol") return field;
            const here = [...path, prop];
            if (isUnknownMark(field)) {
                if (referenceOf(field)) return field;
                if (typeof field.template === "string") return field.template;
                throw new UnknownValueError(here);
            }
            // The proxy invariant: a non-configurable, non-writable property must read as itself.
            const desc = Object.getOwnPropertyDescriptor(target, prop);
            if (desc && "value" in desc && desc.configurable === false && desc.writable === false) return field;
            return typeof field === "object" && field !== null ? unknownCheckingInputs(field, here) : field;
        },
    }) as T;
}
