import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["tests/**/*.test.ts"],
        // Plans every shipped stack once; test files read them (tests/support/shipped-plans.ts).
        globalSetup: ["tests/global-setup.ts"],
        // Pulumi's mock runtime keeps global state per process: isolate files in forks.
        pool: "forks",
        testTimeout: 60_000,
        hookTimeout: 120_000,
    },
});
