/**
 * Package metadata that must stay true: the license file matches package.json, and each peer
 * dependency's floor is the version the tests installed and ran (package-lock.json).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));

describe("package metadata", () => {
    it("ships a LICENSE with the Apache License 2.0 text that package.json names", () => {
        expect(pkg.license).toBe("Apache-2.0");
        const text = fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8");
        expect(text).toContain("Apache License");
        expect(text).toContain("Version 2.0, January 2004");
        expect(text).toContain("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");
    });

    it.each(Object.keys(pkg.peerDependencies))("puts the floor of peer %s at the version the tests installed and ran", (name) => {
        const installed = lock.packages[`node_modules/${name}`]?.version;
        expect(installed).toBeDefined();
        expect(pkg.peerDependencies[name]).toBe(`^${installed}`);
    });

    it("leaves PulumiPlugin.yaml and the sources out of the tarball, ships the docs the README links, and builds on install and pack", () => {
        // docs/ and CHANGELOG.md: the README's relative links resolve inside the package
        // (tests/package/release.test.ts checks each link against the packed file list).
        expect(pkg.files).toEqual(["dist/", "docs/", "CHANGELOG.md"]);
        // `prepare`: npm runs it on `npm install` in the repository (the install
        // `pulumi package add <git URL>` runs) and before `npm pack`; `prepack` would build twice.
        expect(pkg.scripts.prepare).toBe("npm run build && npm run build:plan");
        expect(pkg.scripts.prepack).toBeUndefined();
    });
});
