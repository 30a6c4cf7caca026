/**
 * Used as users use it: pack the package, install the tarball into a fresh consumer program
 * with only ONE cloud SDK, type-check the consumer against the published types, and run it under
 * the mock runtime. A require of another cloud's SDK would fail there (it is not installed), and
 * the consumer also reports which @pulumi packages were loaded.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = join(__dirname, "..", "..");
const version = (pkg: string) => JSON.parse(readFileSync(join(repo, "node_modules", pkg, "package.json"), "utf8")).version;

let work: string;
let tarball: string;
let consumer: string;

function run(cmd: string, args: string[], cwd: string): string {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_loglevel: "error" } });
}

const CONSUMER_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { FhirPlatform, ConfigValidationError, FhirPlatformArgs } from "fhir-ha";
import { AwsCluster } from "fhir-ha/aws";
import { FhirDatabase } from "fhir-ha/database";
import { FhirServer } from "fhir-ha/fhir-server";
import { installMockRuntime, settle } from "fhir-ha/testing";

// Type-level use of the per-cloud and per-tier entry points.
type Parts = [typeof AwsCluster, typeof FhirDatabase, typeof FhirServer];
const parts: Parts | undefined = undefined;

async function main() {
    const recorder = await installMockRuntime({ config: { "aws:region": "eu-central-1" } });
    const args: FhirPlatformArgs = {
        config: { cloud: "aws", fhir: { engine: "hapi" }, cluster: { apiAccess: { allowedCidrs: ["198.51.100.0/24"] } } },
    };
    const platform = new FhirPlatform("fhir", args);
    await settle(recorder);
    let refused = "";
    try {
        new FhirPlatform("bad", { config: { cloud: "aws", zoneCount: 1 } });
    } catch (e) {
        refused = e instanceof ConfigValidationError ? e.problems.join("; ") : String(e);
    }
    const loaded = Object.keys(require.cache)
        .map((p) => /node_modules\\/(@pulumi\\/[^/]+)\\//.exec(p)?.[1])
        .filter((p): p is string => !!p);
    console.log(JSON.stringify({
        types: [...new Set(recorder.resources.map((r) => r.type))].sort(),
        loaded: [...new Set(loaded)].sort(),
        refused,
        hasParts: parts === undefined,
        platformUrn: await new Promise((resolve) => platform.urn.apply(resolve)),
    }));
}
main().catch((e) => { console.error(e); process.exit(1); });
`;

/** True when dist/ was built after the last change to any source file (`npm install` builds it). */
function distIsFresh(): boolean {
    const built = join(repo, "dist", "index.js");
    if (!existsSync(built)) return false;
    const newest = (dir: string): number =>
        readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
            const p = join(dir, e.name);
            return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
        }, 0);
    return statSync(built).mtimeMs >= Math.max(newest(join(repo, "src")), statSync(join(repo, "package.json")).mtimeMs);
}

beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "fhir-ha-pack-"));
    // `npm pack` runs the `prepare` build, as `npm publish` would; skip it when dist/ was just
    // built from the same sources. (`prepare` also builds on `npm install` in the repository,
    // which `pulumi package add <git URL>` runs with every devDependency anyway:
    // tests/package/plugin-load.test.ts.)
    const packed = run("npm", ["pack", "--json", "--pack-destination", work, ...(distIsFresh() ? ["--ignore-scripts"] : [])], repo);
    tarball = join(work, JSON.parse(packed)[0].filename);

    consumer = join(work, "consumer");
    mkdirSync(consumer);
    writeFileSync(
        join(consumer, "package.json"),
        JSON.stringify({
            name: "consumer",
            private: true,
            dependencies: { "fhir-ha": `file:${tarball}`, "@pulumi/aws": version("@pulumi/aws") },
            // The same versions as this repo's lock, so the install is served from the npm cache.
            overrides: Object.fromEntries(["@pulumi/pulumi", "@pulumi/kubernetes", "@pulumi/random", "@pulumi/tls"].map((p) => [p, version(p)])),
        }),
    );
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], consumer);
    writeFileSync(join(consumer, "index.ts"), CONSUMER_PROGRAM);
    writeFileSync(
        join(consumer, "tsconfig.json"),
        JSON.stringify({
            // What `pulumi new typescript` generates: CommonJS with classic node resolution, so
            // the per-cloud entry points must resolve through typesVersions.
            compilerOptions: { strict: true, target: "es2020", module: "commonjs", moduleResolution: "node", outDir: "bin", skipLibCheck: true, types: [] },
            files: ["index.ts"],
        }),
    );
}, 240_000);

afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
});

describe("the published package", () => {
    it("holds only the build output, its types, and the docs the README links; no plugin manifest", () => {
        const files = run("tar", ["tzf", tarball], work).trim().split("\n");
        expect(files).toContain("package/dist/index.js");
        expect(files).toContain("package/dist/index.d.ts");
        expect(files).toContain("package/dist/clouds/aws/index.d.ts");
        // The component analyzer of `pulumi package add` reads TypeScript sources, which the
        // tarball does not ship: the plugin path is the git URL (docs/usage.md), not the tarball.
        expect(files).not.toContain("package/PulumiPlugin.yaml");
        expect(files).toContain("package/LICENSE");
        // docs/ and CHANGELOG.md: the README's relative links (tests/package/release.test.ts), and the
        // figures the docs show (docs/images/*.svg).
        expect(files).toContain("package/docs/usage.md");
        expect(files).toContain("package/CHANGELOG.md");
        const stray = files.filter((f) => !/^package\/(dist\/.*\.(js|d\.ts)|docs\/.*\.md|docs\/images\/[\w-]+\.svg|package\.json|README\.md|CHANGELOG\.md|LICENSE)$/.test(f));
        expect(stray).toEqual([]);
        expect(files.some((f) => f.includes("/plan/cli") || f.includes("/program."))).toBe(false);
    });

    it("type-checks a consumer program against the published types", () => {
        const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");
        expect(() => run(process.execPath, [tsc, "-p", "."], consumer)).not.toThrow();
    });

    it("runs under mocks with only the AWS SDK installed, and loads no other cloud's SDK", () => {
        const out = JSON.parse(run(process.execPath, ["bin/index.js"], consumer).trim().split("\n").pop()!);
        expect(out.loaded).toContain("@pulumi/aws");
        expect(out.loaded).not.toContain("@pulumi/gcp");
        expect(out.loaded).not.toContain("@pulumi/azure-native");
        expect(out.types).toContain("fhir-ha:index:FhirPlatform");
        expect(out.types).toContain("fhir-ha:aws:Cluster");
        expect(out.types).toContain("aws:eks/cluster:Cluster");
        expect(out.types).toContain("fhir-ha:fhir:FhirServer");
        expect(out.refused).toMatch(/fhir-ha:zones = 1: must be from 2 to 6 zones/);
    });
});
