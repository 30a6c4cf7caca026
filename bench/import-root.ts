/**
 * Measures how long importing the package root takes and which provider SDKs it loads (it
 * should load none: clouds are loaded when a stack needs one). Prints one JSON line.
 */
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";

const root = path.resolve(__dirname, "..");
// The package root; before it existed the platform module was the entry point.
const entry = ["src/index.ts", "src/platform/fhir-platform.ts"].map((f) => path.join(root, f)).find((f) => fs.existsSync(f))!;

const start = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(entry);
const ms = performance.now() - start;
const sdks = [
    ...new Set(
        Object.keys(require.cache)
            .map((f) => /[\\/]node_modules[\\/](@pulumi[\\/][^\\/]+)/.exec(f)?.[1].replace("\\", "/"))
            .filter((p): p is string => p !== undefined),
    ),
].sort();
process.stdout.write(`${JSON.stringify({ entry: path.relative(root, entry), ms, pulumiPackages: sdks })}\n`);
