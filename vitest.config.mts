import { availableParallelism } from "node:os";
import { BaseSequencer, TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

/**
 * Files that spend long in child processes (plans) start first, so they do not form a tail after
 * the quick files; the rest keep vitest's order.
 */
const SLOW_FIRST = ["plan-diff.test.ts", "plan.test.ts", "checklist-plan.test.ts"];

class SlowFirstSequencer extends BaseSequencer {
    async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
        const sorted = await super.sort(files);
        const rank = (f: TestSpecification) => {
            const i = SLOW_FIRST.findIndex((name) => f.moduleId.endsWith(`/${name}`));
            return i < 0 ? SLOW_FIRST.length : i;
        };
        return [...sorted].sort((a, b) => rank(a) - rank(b));
    }
}

export default defineConfig({
    test: {
        include: ["tests/**/*.test.ts"],
        // The package as users get it (npm pack + install + tsc, the component analyzer) runs the
        // TypeScript compiler over the whole project several times: `npm run test:package`
        // (vitest.package.config.mts), which CI runs after `npm test`.
        exclude: ["tests/package/**", "**/node_modules/**"],
        // Plans every shipped stack once; test files read them (tests/support/shipped-plans.ts).
        globalSetup: ["tests/global-setup.ts"],
        // Test files run in forks, and the files of one fork share it (no fresh module graph per
        // file): loading the Pulumi SDKs again for every file cost more than half of the test
        // time. Pulumi's mock runtime is global to a process, so every helper that installs it
        // (tests/support/render.ts, in-process-plan.ts) installs it again whenever another one
        // installed its own or the options differ, and installMockRuntime replaces the config.
        pool: "forks",
        isolate: false,
        // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine.
        // The main process only waits, so use every core.
        maxWorkers: availableParallelism(),
        sequence: { sequencer: SlowFirstSequencer },
        testTimeout: 60_000,
        hookTimeout: 120_000,
    },
});
