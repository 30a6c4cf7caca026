/**
 * Preloaded into every Node process the bench measures (`--import stats-hook.mjs`, through
 * NODE_OPTIONS for the whole `npm run plan` command, so npm and the plan both carry it): at exit
 * each process writes its peak resident memory, CPU time and the provider SDK files it loaded to
 * `<FHIR_HA_BENCH_STATS>/<pid>.json`. Plain JavaScript, so it adds no TypeScript loader to the
 * processes it measures. The measured program itself knows nothing of the bench.
 */
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";

const statsDir = process.env.FHIR_HA_BENCH_STATS;

/** Provider SDK files (every @pulumi package except the core SDK both sides load anyway). */
const SDK_FILE = /[\\/]node_modules[\\/]@pulumi[\\/](?!pulumi[\\/])/;

if (statsDir) {
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
        fs.writeFileSync(path.join(statsDir, `${process.pid}.json`), JSON.stringify(stats));
    });
}
