/**
 * renovate.json is what adds digests to the pinned images and proposes new tags. Renovate itself
 * (its validator, and a lookup against a local registry) runs in `.ci/run` through
 * `npm run check:renovate` (scripts/renovate-check.ts); these offline checks hold the config and
 * src/config/pins.ts to each other on every `npm test`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { imageProblem } from "../src/config/cnpg-admission";
import { FHIR_IMAGES, PINNED_IMAGES, POSTGRES_IMAGES } from "../src/config/pins";
import { parseImageReference } from "../src/fhir/image";

const root = path.join(__dirname, "..");
const config = JSON.parse(fs.readFileSync(path.join(root, "renovate.json"), "utf8"));
const PINS_FILE = "src/config/pins.ts";
const pinsText = fs.readFileSync(path.join(root, PINS_FILE), "utf8");
const manager = config.customManagers[0];
const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

interface Extracted {
    match: string;
    depName: string;
    currentValue: string;
    currentDigest?: string;
}

/** What Renovate's regex manager extracts from a file (matches are per file, not per line). */
function extract(text: string): Extracted[] {
    return manager.matchStrings.flatMap((source: string) =>
        [...text.matchAll(new RegExp(source, "g"))].map((m) => ({ match: m[0], ...(m.groups as Omit<Extracted, "match">) })),
    );
}

/** The handlebars of autoReplaceStringTemplate: triple-brace values and {{#if x}}…{{/if}}, nothing else. */
function render(template: string, values: Record<string, string | undefined>): string {
    const out = template
        .replace(/\{\{#if (\w+)\}\}(.*?)\{\{\/if\}\}/g, (_m, key: string, body: string) => (values[key] ? body : ""))
        .replace(/\{\{\{(\w+)\}\}\}/g, (_m, key: string) => values[key] ?? "");
    if (out.includes("{{")) throw new Error(`template construct not understood: ${template}`);
    return out;
}

/** A reference as extracted: repository:tag, plus @digest once Renovate has pinned it. */
const reference = (d: Extracted) => `${d.depName}:${d.currentValue}${d.currentDigest ? `@${d.currentDigest}` : ""}`;

describe("renovate.json", () => {
    it("manages exactly the container images pinned in src/config/pins.ts, each as a whole quoted reference", () => {
        const found = extract(pinsText);
        expect(found.map(reference).sort()).toEqual([...PINNED_IMAGES].sort());
        for (const d of found) expect(d.match).toBe(`"${reference(d)}"`);
        expect(manager.managerFilePatterns.map((p: string) => new RegExp(p.slice(1, -1)).test(PINS_FILE))).toEqual([true]);
        expect(config.enabledManagers).toEqual(["custom.regex"]);
        expect(manager.datasourceTemplate).toBe("docker");
    });

    it("pins digests: the replacement adds @sha256 to a tag, keeps a tag-only reference unchanged without one, and round-trips a pinned one", () => {
        // As a package rule, the form of Renovate's own docker:pinDigests preset.
        expect(config.packageRules).toContainEqual(expect.objectContaining({ matchDatasources: ["docker"], pinDigests: true }));
        for (const d of extract(pinsText)) {
            const template = manager.autoReplaceStringTemplate;
            expect(render(template, { depName: d.depName, newValue: d.currentValue, newDigest: d.currentDigest })).toBe(d.match);
            const pinned = render(template, { depName: d.depName, newValue: d.currentValue, newDigest: DIGEST });
            expect(pinned).toBe(`"${d.depName}:${d.currentValue}@${DIGEST}"`);
            // The pinned reference is re-extracted with its digest, so the next update replaces it whole.
            expect(extract(`x = ${pinned};`)).toEqual([{ match: pinned, depName: d.depName, currentValue: d.currentValue, currentDigest: DIGEST }]);
        }
    });

    it("the references it writes pass the package's own validation: fhir.image and CloudNativePG's image rules", () => {
        const tagOf = (image: string) => image.replace(/@sha256:[0-9a-f]{64}$/, "");
        for (const image of Object.values(FHIR_IMAGES)) {
            expect(parseImageReference(`${tagOf(image)}@${DIGEST}`)).toMatchObject({ digest: DIGEST });
        }
        for (const image of Object.values(POSTGRES_IMAGES)) expect(imageProblem(`${tagOf(image)}@${DIGEST}`)).toBeUndefined();
    });

    it("leaves out chart repositories and other quoted strings that contain a colon", () => {
        const urls = extract('repository: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.21.1"');
        expect(urls).toEqual([]);
    });

    it("keeps every package rule on a dependency it extracts, and HAPI's versioning on its vX.Y.Z-N tags", () => {
        const names = new Set(extract(pinsText).map((d) => d.depName));
        for (const rule of config.packageRules) for (const name of rule.matchDepNames ?? []) expect(names).toContain(name);
        const hapi = config.packageRules.find((r: { versioning?: string }) => r.versioning);
        const versioning = new RegExp(hapi.versioning.replace(/^regex:/, ""));
        expect(extract(pinsText).find((d) => d.depName === "hapiproject/hapi")?.currentValue).toMatch(versioning);
        expect(versioning.exec("v8.10.0-3")?.groups).toMatchObject({ major: "8", minor: "10", patch: "0", build: "3" });
        expect("v8.10.0-3-tomcat").not.toMatch(versioning);
        // Major updates are proposed for none of the pinned lines.
        for (const name of names) {
            const off = config.packageRules.some((r: { matchDepNames?: string[]; matchUpdateTypes?: string[]; enabled?: boolean }) => r.matchDepNames?.includes(name) && r.enabled === false && r.matchUpdateTypes?.includes("major"));
            expect(off, name).toBe(true);
        }
    });

    it("uses only regular expressions RE2 accepts (Renovate compiles them with RE2: no lookaround, no backreferences)", () => {
        const regexes = [...manager.matchStrings, ...manager.managerFilePatterns, ...config.packageRules.flatMap((r: { versioning?: string }) => (r.versioning ? [r.versioning] : []))];
        for (const source of regexes) expect(source).not.toMatch(/\(\?<?[=!]|\\[1-9]/);
    });
});
