import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["tests/**/*.test.ts"],
        // Pulumi's mock runtime keeps global state per process: isolate files in forks.
        pool: "forks",
        testTimeout: 60_000,
        hookTimeout: 60_000,
    },
});
