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

    it("leaves PulumiPlugin.yaml out of the tarball and builds on pack, not on install", () => {
        expect(pkg.files).toEqual(["dist/"]);
        expect(pkg.scripts.prepare).toBeUndefined();
        expect(pkg.scripts.prepack).toBe("npm run build");
    });
});
