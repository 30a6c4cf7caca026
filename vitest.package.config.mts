import { defineConfig } from "vitest/config";

/**
 * `npm run test:package`: the package as its users get it. tests/package/tarball.test.ts packs
 * the package (building it), installs the tarball into a consumer program and type-checks that;
 * tests/package/multi-language.test.ts runs Pulumi's component analyzer (a TypeScript program of
 * the whole project) as `pulumi package add` does; plugin-load.test.ts takes the plugin load path
 * from a fresh clone (npm install, run-plugin, GetSchema); examples.test.ts checks examples/;
 * release.test.ts the version, tags, metadata and the README's links. None reads the shipped
 * plans, so there is no global setup.
 */
export default defineConfig({
    test: {
        include: ["tests/package/**/*.test.ts"],
        pool: "forks",
        testTimeout: 120_000,
        hookTimeout: 300_000,
    },
});
