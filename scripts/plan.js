#!/usr/bin/env node
/**
 * `npm run plan`: runs the plan CLI compiled to JavaScript (.plan-js/, built by `npm run
 * build:plan`, which `npm install` runs through `prepare`) when that build is newer than every
 * source file, and src/plan/cli.ts through the TypeScript loader otherwise. Plain JavaScript so
 * that the fast path loads no loader at all: transpiling src/ on every run made the command about
 * twice as slow as a mock program with the same SDKs (bench/run.ts measures it).
 *
 *   node scripts/plan.js [plan options]      same options as src/plan/cli.ts
 *   node scripts/plan.js --stamp             marks .plan-js/ as built from the current sources
 *   node scripts/plan.js --compiled-is-fresh exit 0 when the fast path would run, 1 otherwise
 */
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const BUILD = path.join(ROOT, ".plan-js");
const STAMP = path.join(BUILD, ".built");
/** Besides src/: what changes the compiled output. */
const BUILD_INPUTS = ["tsconfig.json", "tsconfig.plan.json", "package.json"];

/** The newest modification time (ms) of a file or of any file under a folder. */
function newest(file) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return 0;
    if (!stat.isDirectory()) return stat.mtimeMs;
    let max = stat.mtimeMs; // a deleted or renamed file changes its folder's time
    for (const entry of fs.readdirSync(file)) max = Math.max(max, newest(path.join(file, entry)));
    return max;
}

/** True when .plan-js/ was built after the last change to src/ and the build's settings. */
function compiledIsFresh() {
    const stamp = fs.statSync(STAMP, { throwIfNoEntry: false });
    if (!stamp) return false;
    const sources = Math.max(newest(path.join(ROOT, "src")), ...BUILD_INPUTS.map((f) => newest(path.join(ROOT, f))));
    return sources < stamp.mtimeMs;
}

if (process.argv[2] === "--compiled-is-fresh") process.exit(compiledIsFresh() ? 0 : 1);
if (process.argv[2] === "--stamp") {
    fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
    process.exit(0);
}

if (compiledIsFresh()) {
    require(path.join(BUILD, "plan", "cli.js"))
        .runCommand(process.argv.slice(2))
        .then((code) => process.exit(code));
} else {
    // Sources changed since the build: run them through the TypeScript loader, as before.
    const { spawnSync } = require("child_process");
    const { pathToFileURL } = require("url");
    const tsx = pathToFileURL(require.resolve("tsx")).href;
    const cli = path.join(ROOT, "src", "plan", "cli.ts");
    const child = spawnSync(process.execPath, ["--import", tsx, cli, ...process.argv.slice(2)], { stdio: "inherit" });
    if (child.error) throw child.error;
    process.exit(child.status ?? 1);
}
