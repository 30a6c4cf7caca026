/**
 * Evaluates the `x-kubernetes-validations` CEL rules of the CloudNativePG and Barman Cloud CRD
 * schemas (the project's copy in schemas/cloudnative-pg/) against rendered objects, the way the
 * API server does: each rule runs with `self` bound to the value at the node that declares it,
 * only when that value is present; a transition rule (one that mentions `oldSelf`) runs only on
 * an update, and only when the old object has a value there too.
 * Evaluator: @marcbachmann/cel-js (has(), exists(), startsWith(), size() are CEL standard).
 */
import { evaluate } from "@marcbachmann/cel-js";
import * as fs from "fs";
import * as path from "path";

export const CEL_SCHEMA_DIR = path.resolve(__dirname, "..", "..", "schemas", "cloudnative-pg");

type Schema = Record<string, any>;

export interface CelRule {
    /** Where the rule is declared, as a path of property names ("[]" for array items). */
    at: string[];
    rule: string;
    message: string;
    /** Mentions oldSelf: evaluated on updates only. */
    transition: boolean;
}

const cache = new Map<string, CelRule[]>();

/** Every CEL rule of the schema of apiVersion/kind, with where it is declared. */
export function celRules(apiVersion: string, kind: string): CelRule[] {
    const key = `${apiVersion}/${kind}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const file = path.join(CEL_SCHEMA_DIR, `${apiVersion.replace("/", "_")}_${kind}.json`);
    const schema = JSON.parse(fs.readFileSync(file, "utf8")).schema as Schema;
    const rules: CelRule[] = [];
    const walk = (s: Schema | undefined, at: string[]) => {
        if (!s || typeof s !== "object") return;
        for (const v of s["x-kubernetes-validations"] ?? []) {
            rules.push({ at, rule: v.rule, message: v.message ?? v.rule, transition: /\boldSelf\b/.test(v.rule) });
        }
        for (const [k, child] of Object.entries<Schema>(s.properties ?? {})) walk(child, [...at, k]);
        if (s.items) walk(s.items, [...at, "[]"]);
        if (typeof s.additionalProperties === "object") walk(s.additionalProperties, [...at, "{}"]);
    };
    walk(schema, []);
    cache.set(key, rules);
    return rules;
}

/** The values at a declared path, with a concrete path each (arrays and maps fan out). */
function valuesAt(obj: unknown, at: string[], concrete: string[] = []): { path: string[]; value: unknown }[] {
    if (obj === undefined || obj === null) return [];
    if (at.length === 0) return [{ path: concrete, value: obj }];
    const [head, ...rest] = at;
    if (head === "[]") {
        return Array.isArray(obj) ? obj.flatMap((v, i) => valuesAt(v, rest, [...concrete, String(i)])) : [];
    }
    if (head === "{}") {
        return typeof obj === "object" ? Object.entries(obj as object).flatMap(([k, v]) => valuesAt(v, rest, [...concrete, k])) : [];
    }
    return typeof obj === "object" ? valuesAt((obj as Record<string, unknown>)[head], rest, [...concrete, head]) : [];
}

function getPath(obj: unknown, p: string[]): unknown {
    return p.reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), obj);
}

/**
 * Problems (empty when every rule holds) of `obj`, created fresh (`old` absent) or updated from
 * `old`. A rule the evaluator cannot run is a problem too, so an unsupported rule never passes
 * silently.
 */
export function celProblems(obj: Record<string, any>, old?: Record<string, any>): string[] {
    const problems: string[] = [];
    const name = `${obj.kind} ${obj.metadata?.name ?? "(unnamed)"}`;
    for (const r of celRules(obj.apiVersion, obj.kind)) {
        if (r.transition && !old) continue;
        for (const { path: p, value } of valuesAt(obj, r.at)) {
            const vars: Record<string, unknown> = { self: value };
            if (r.transition) {
                const before = getPath(old, p);
                if (before === undefined) continue;
                vars.oldSelf = before;
            }
            let ok: unknown;
            try {
                ok = evaluate(r.rule, vars);
            } catch (err) {
                problems.push(`${name}: .${p.join(".")}: rule ${JSON.stringify(r.rule)} could not be evaluated: ${(err as Error).message}`);
                continue;
            }
            if (ok !== true) problems.push(`${name}: .${p.join(".")}: ${r.message}`);
        }
    }
    return problems;
}
