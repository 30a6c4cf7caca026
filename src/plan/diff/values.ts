/** A path-by-path difference of two JSON values: what changed in a resource's inputs. */

export interface InputChange {
    /** Dotted path; list items with a `name` are addressed by it: `containers[fhir].env[BOX_DB_HOST].value`. */
    path: string;
    before: unknown;
    after: unknown;
}

/** Items of a list that can be matched by a `name` (containers, env vars, ports, volumes). */
function namedItems(list: unknown[]): Map<string, unknown> | undefined {
    const names = list.map((v) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>).name : undefined));
    if (names.some((n) => typeof n !== "string") || new Set(names).size !== names.length) return undefined;
    return new Map(list.map((v, i) => [names[i] as string, v]));
}

function isObject(v: unknown): v is Record<string, unknown> {
    return !!v && typeof v === "object" && !Array.isArray(v);
}

function join(path: string, key: string): string {
    return path === "" ? key : `${path}.${key}`;
}

/** Every leaf difference between two JSON values, as paths. */
export function diffValues(before: unknown, after: unknown, path = ""): InputChange[] {
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    if (isObject(before) && isObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((k) => diffValues(before[k], after[k], join(path, k)));
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        const a = namedItems(before);
        const b = namedItems(after);
        if (a && b) {
            const names = [...new Set([...a.keys(), ...b.keys()])];
            return names.flatMap((n) => diffValues(a.get(n), b.get(n), `${path}[${n}]`));
        }
        // Lists of scalars, or unnamed items of equal count: compare by position.
        if (before.length === after.length) return before.flatMap((v, i) => diffValues(v, after[i], `${path}[${i}]`));
    }
    return [{ path, before, after }];
}

