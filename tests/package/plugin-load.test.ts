/**
 * `pulumi package add <git URL>` as Pulumi takes it, minus the CLI:
 *   1. a fresh clone of the repository at HEAD (what Pulumi downloads from the git URL);
 *   2. the install Pulumi runs in it: `npm install --loglevel=error` (pulumi/pulumi
 *      sdk/nodejs/npm/npm.go `installCmd`, called with production=false by the Node.js language
 *      host's InstallDependencies, sdk/nodejs/cmd/pulumi-language-nodejs/main.go, for a plugin
 *      with a PulumiPlugin.yaml: pkg/workspace/plugins.go `installDependenciesForPluginSpec`);
 *   3. the plugin started as the language host's RunPlugin starts it: `node
 *      @pulumi/pulumi/cmd/run-plugin <plugin dir>` with PULUMI_NODEJS_TYPESCRIPT=true, which does
 *      `require(<plugin dir>)` (Node resolves package.json `main`), collects the exported
 *      components and serves them as a provider (cmd/run-plugin/run.js);
 *   4. GetSchema over gRPC, as `pulumi package add` asks for the schema it generates SDKs from:
 *      the provider runs the component analyzer over the clone's sources.
 * The clone's node_modules is seeded with hard links to this checkout's (same lockfile), so the
 * install resolves nothing from the registry but runs the same lifecycle (including `prepare`).
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "..", "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-plugin-"));
const clone = path.join(work, "fhir-ha");
let install: { status: number | null; output: string };
let plugin: ChildProcess | undefined;
let schema: Record<string, any>;
let pluginOutput = "";

function run(cmd: string, args: string[], cwd: string) {
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ?? ""}` };
}

/** Starts the plugin like RunPlugin and resolves with the port it prints. */
function startPlugin(): Promise<number> {
    return new Promise((resolve, reject) => {
        const runPlugin = path.join(clone, "node_modules/@pulumi/pulumi/cmd/run-plugin");
        plugin = spawn(process.execPath, [runPlugin, clone], { cwd: clone, env: { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "true" } });
        plugin.stdout!.on("data", (d) => {
            pluginOutput += d;
            const m = /^(\d+)\s*$/m.exec(pluginOutput);
            if (m) resolve(Number(m[1]));
        });
        plugin.stderr!.on("data", (d) => (pluginOutput += d));
        plugin.on("exit", (code) => reject(new Error(`the plugin exited ${code} before serving:\n${pluginOutput}`)));
    });
}

function getSchema(port: number): Promise<string> {
    // The clone's own gRPC stubs, as the CLI's client speaks the same protocol.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const grpc = require(path.join(clone, "node_modules/@grpc/grpc-js"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const services = require(path.join(clone, "node_modules/@pulumi/pulumi/proto/provider_grpc_pb.js"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const messages = require(path.join(clone, "node_modules/@pulumi/pulumi/proto/provider_pb.js"));
    const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new Promise((resolve, reject) =>
        client.getSchema(new messages.GetSchemaRequest(), (err: Error | null, res: any) => {
            client.close();
            if (err) reject(err);
            else resolve(res.getSchema());
        }),
    );
}

beforeAll(async () => {
    const head = run("git", ["rev-parse", "HEAD"], REPO).output.trim();
    const cloned = run("git", ["clone", "--quiet", "--no-checkout", REPO, clone], work);
    if (cloned.status !== 0) throw new Error(cloned.output);
    run("git", ["checkout", "--quiet", head], clone);
    // Seed node_modules with hard links (no copy, no download); npm's own record is not shared.
    const seeded = run("cp", ["-al", fs.realpathSync(path.join(REPO, "node_modules")), path.join(clone, "node_modules")], work);
    if (seeded.status !== 0) throw new Error(seeded.output);
    fs.rmSync(path.join(clone, "node_modules/.package-lock.json"), { force: true });
    install = run("npm", ["install", "--loglevel=error", "--no-audit", "--no-fund"], clone);
    if (install.status === 0) schema = JSON.parse(await getSchema(await startPlugin()));
}, 600_000);

afterAll(() => {
    plugin?.kill();
    fs.rmSync(work, { recursive: true, force: true });
});

describe("pulumi package add <git URL>: the plugin load path", () => {
    it("a fresh clone has no dist/ until the install Pulumi runs builds it", () => {
        expect(run("git", ["ls-files", "dist"], clone).output.trim()).toBe("");
        expect(install.status, install.output).toBe(0);
        const main = JSON.parse(fs.readFileSync(path.join(clone, "package.json"), "utf8")).main;
        expect(fs.existsSync(path.join(clone, main))).toBe(true);
    });

    it("require(<plugin dir>) loads, and the provider serves a schema with FhirPlatform", () => {
        expect(schema.name).toBe("fhir-ha");
        expect(Object.keys(schema.resources)).toEqual(["fhir-ha:index:FhirPlatform"]);
        const platform = schema.resources["fhir-ha:index:FhirPlatform"];
        expect(platform.isComponent).toBe(true);
        expect(platform.requiredInputs).toEqual(["config"]);
        expect(platform.inputProperties.config.$ref).toBe("#/types/fhir-ha:index:FhirPlatformSettings");
        expect(schema.types["fhir-ha:index:FhirPlatformSettings"].required).toContain("cloud");
        expect(Object.keys(platform.properties)).toEqual(expect.arrayContaining(["fhirEndpoint", "kubeconfig"]));
    });

    it("announces the version of package.json, the one the docs' tag names", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
        expect(schema.version).toBe(pkg.version);
    });
});
