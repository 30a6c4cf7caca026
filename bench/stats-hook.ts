/**
 * Preloaded into every process the bench measures (`node --import tsx --import stats-hook.ts`):
 * at exit it writes the process's peak resident memory and the provider SDK files it loaded to
 * the file named by FHIR_HA_BENCH_STATS. The measured program itself knows nothing of the bench.
 */
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";

const statsFile = process.env.FHIR_HA_BENCH_STATS;

/** Provider SDK files (every @pulumi package except the core SDK both sides load anyway). */
const SDK_FILE = /[\\/]node_modules[\\/]@pulumi[\\/](?!pulumi[\\/])/;

if (statsFile) {
    process.on("exit", () => {
        // The require cache is process-wide; any require function sees all of it, in load order.
        const cache = createRequire(path.join(process.cwd(), "bench.js")).cache;
        const usage = process.resourceUsage();
        const stats = {
            // Linux reports kilobytes.
            maxRssKb: usage.maxRSS,
            // CPU time varies much less than wall time on a machine shared with other work.
            cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
            sdkFiles: Object.keys(cache).filter((f) => SDK_FILE.test(f)),
        };
        fs.writeFileSync(statsFile, JSON.stringify(stats));
    });
}
