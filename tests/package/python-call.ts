/**
 * Reads one call expression of a Python program into a tree, for the subset the examples use:
 * calls with positional and keyword arguments, lists, strings, numbers, True/False/None and
 * dotted names. Enough to compare the Python example's SDK call with the component's schema
 * without a Python interpreter (the test machine need not have one).
 */
export type PyValue =
    | { kind: "call"; callee: string; args: PyValue[]; kwargs: Record<string, PyValue> }
    | { kind: "list"; items: PyValue[] }
    | { kind: "string"; value: string }
    | { kind: "number"; value: number }
    | { kind: "constant"; value: boolean | null }
    | { kind: "name"; value: string };

type Token = { t: "name" | "string" | "number" | "punct"; v: string };

function tokenize(src: string): Token[] {
    const tokens: Token[] = [];
    const re = /\s+|#[^\n]*|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\d+(?:\.\d+)?)|([A-Za-z_][\w.]*)|([()[\]=,])|(.)/gy;
    for (let m = re.exec(src); m && m.index < src.length; m = re.exec(src)) {
        if (m[1]) tokens.push({ t: "string", v: JSON.parse(m[1].startsWith("'") ? `"${m[1].slice(1, -1).replace(/"/g, '\\"')}"` : m[1]) });
        else if (m[2]) tokens.push({ t: "number", v: m[2] });
        else if (m[3]) tokens.push({ t: "name", v: m[3] });
        else if (m[4]) tokens.push({ t: "punct", v: m[4] });
        else if (m[5]) throw new Error(`python-call: unsupported character ${JSON.stringify(m[5])}`);
    }
    return tokens;
}

/** Parses the first call of `callee` in `source`. */
export function parsePythonCall(source: string, callee: string): Extract<PyValue, { kind: "call" }> {
    const at = source.search(new RegExp(`(^|[^\\w.])${callee.replace(/\./g, "\\.")}\\s*\\(`));
    if (at < 0) throw new Error(`python-call: no call of ${callee}`);
    const tokens = tokenize(source.slice(at + (/[\w.]/.test(source[at]) ? 0 : 1)));
    let i = 0;
    const expect = (v: string) => {
        if (tokens[i]?.v !== v) throw new Error(`python-call: expected ${v}, got ${tokens[i]?.v ?? "end"}`);
        i++;
    };
    const value = (): PyValue => {
        const tok = tokens[i++];
        if (!tok) throw new Error("python-call: unexpected end");
        if (tok.t === "string") return { kind: "string", value: tok.v };
        if (tok.t === "number") return { kind: "number", value: Number(tok.v) };
        if (tok.t === "punct" && tok.v === "[") {
            const items: PyValue[] = [];
            while (tokens[i]?.v !== "]") {
                items.push(value());
                if (tokens[i]?.v === ",") i++;
            }
            expect("]");
            return { kind: "list", items };
        }
        if (tok.t === "name") {
            if (tok.v === "True" || tok.v === "False") return { kind: "constant", value: tok.v === "True" };
            if (tok.v === "None") return { kind: "constant", value: null };
            if (tokens[i]?.v !== "(") return { kind: "name", value: tok.v };
            i++;
            const args: PyValue[] = [];
            const kwargs: Record<string, PyValue> = {};
            while (tokens[i]?.v !== ")") {
                if (tokens[i]?.t === "name" && tokens[i + 1]?.v === "=") {
                    const key = tokens[i].v;
                    i += 2;
                    kwargs[key] = value();
                } else {
                    args.push(value());
                }
                if (tokens[i]?.v === ",") i++;
                else if (tokens[i]?.v !== ")") throw new Error(`python-call: expected , or ) after an argument of ${tok.v}, got ${tokens[i]?.v ?? "end"}`);
            }
            expect(")");
            return { kind: "call", callee: tok.v, args, kwargs };
        }
        throw new Error(`python-call: unexpected ${tok.v}`);
    };
    const call = value();
    if (call.kind !== "call" || call.callee !== callee) throw new Error(`python-call: ${callee} is not a call`);
    return call;
}
