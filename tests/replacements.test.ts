/**
 * The replacement data (src/plan/replacements/*.json) covers every resource type the shipped
 * stacks register, each entry names its source, and a type lives in exactly one file. A missing
 * entry fails with the exact entry to add.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PlanDocument } from "../src/plan/document";
import { pathCovers, REPLACEMENT_FILES, REPLACEMENTS, replacementFileFor } from "../src/plan/replacements";
import { listStacks } from "../src/plan/stack-files";
import { shippedPlan } from "./support/shipped-plans";

const STACKS = listStacks(path.join(__dirname, "..", "stacks"));

/** The entry a contributor adds for a type that has none: said exactly, with where it goes. */
function missingEntryMessage(type: string): string {
    return [
        `no replacement data for ${type}.`,
        `Add it to src/plan/replacements/${replacementFileFor(type)} under "types":`,
        `  "${type}": { "source": "<provider source file, schema or doc page>", "replaceOn": { "<input path>": "<why: ForceNew / replaceOnChanges / immutable>" } }`,
        `(an empty "replaceOn" when no input forces replacement; "immutable" for fields a CRD's CEL rule freezes; "component": true for a component resource)`,
    ].join("\n");
}

describe("replacement data", () => {
    it.each(STACKS)("has an entry for every resource type %s registers", (stack) => {
        const types = [...new Set(shippedPlan<PlanDocument>(stack).resources.map((r) => r.type))].sort();
        const missing = types.filter((t) => !REPLACEMENTS[t]);
        expect(missing.map(missingEntryMessage).join("\n\n")).toBe("");
    });

    it("names a source for every entry and a reason for every path; each type in one file, the file of its package", () => {
        const seen = new Map<string, string>();
        for (const [file, data] of Object.entries(REPLACEMENT_FILES)) {
            expect(fs.existsSync(path.join(__dirname, "..", "src/plan/replacements", file))).toBe(true);
            for (const [type, entry] of Object.entries(data.types)) {
                expect(seen.get(type), `${type} is in ${seen.get(type)} and ${file}`).toBeUndefined();
                seen.set(type, file);
                expect(replacementFileFor(type), type).toBe(file);
                expect(entry.source.length, type).toBeGreaterThan(10);
                for (const [p, why] of [...Object.entries(entry.replaceOn), ...Object.entries(entry.immutable ?? {})]) {
                    expect(p, type).toMatch(/^(\*|[A-Za-z][\w]*(\.[A-Za-z][\w]*|\[\*\])*)$/);
                    expect(why.length, `${type} ${p}`).toBeGreaterThan(3);
                }
            }
        }
    });

    it("files a type under its package's replacement file (the one a missing entry's message names)", () => {
        expect(replacementFileFor("kubernetes:monitoring.coreos.com/v1:PodMonitor")).toBe("kubernetes.json");
        expect(replacementFileFor("aws:route53/record:Record")).toBe("aws.json");
        expect(replacementFileFor("azure-native:network:PrivateEndpoint")).toBe("azure-native.json");
        expect(replacementFileFor("tls:index/privateKey:PrivateKey")).toBe("random-tls.json");
    });

    it("matches paths: equal, below, above; [*] for any list item", () => {
        expect(pathCovers("spec.selector", "spec.selector.matchLabels.app")).toBe(true);
        expect(pathCovers("spec.cluster", "spec")).toBe(true);
        expect(pathCovers("spec.cluster", "spec.method")).toBe(false);
        expect(pathCovers("spec.containers[*].image", "spec.containers[fhir].image")).toBe(true);
        expect(pathCovers("*", "anything.at.all")).toBe(true);
    });

    it("records the CEL-immutable CNPG fields from the in-project CRD schemas", () => {
        // Every `self == oldSelf` rule in schemas/cloudnative-pg/ is an `immutable` entry.
        const dir = path.join(__dirname, "..", "schemas", "cloudnative-pg");
        const found: string[] = [];
        for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".json"))) {
            const { apiVersion, kind, schema } = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
            const walk = (s: any, p: string) => {
                if (!s || typeof s !== "object") return;
                for (const r of s["x-kubernetes-validations"] ?? []) if (/oldSelf == self|self == oldSelf/.test(r.rule)) found.push(`kubernetes:${apiVersion}:${kind} ${p}`);
                for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, p ? `${p}.${k}` : k);
            };
            walk(schema, "");
        }
        expect(found.length).toBeGreaterThan(0);
        for (const f of found) {
            const [type, p] = f.split(" ");
            expect(Object.keys(REPLACEMENTS[type]?.immutable ?? {}), f).toContain(p);
        }
    });
});
