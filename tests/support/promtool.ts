/**
 * Runs Prometheus's own `promtool` (Debian package `prometheus`) on rule files rendered by the
 * monitoring tier. The test command makes sure it is there (ensurePromtool, from vitest's global
 * setup, once per run): on a fresh Debian machine as root it installs the package; anywhere else it
 * stops the run at once with the one command to run.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { ensureTool, installCommand, SystemTool, ToolAction, ToolHost, toolAction, toolMissing } from "./system-tools";

export const PROMTOOL = process.env.PROMTOOL ?? "promtool";

/** promtool, as the system tools of `npm test` are described (support/system-tools.ts). */
export const PROMTOOL_TOOL: SystemTool = {
    command: PROMTOOL,
    debianPackage: "prometheus",
    purpose: "promtool (Prometheus) for the alert rule tests",
    elsewhere: "a Prometheus release's promtool on PATH, or PROMTOOL=/path/to/promtool",
};

/** The one command that installs promtool on Debian/Ubuntu (what ensurePromtool runs as root). */
export const PROMTOOL_INSTALL_COMMAND = installCommand(PROMTOOL_TOOL);

/** Why promtool cannot run here, or undefined when it can. */
export function promtoolMissing(): string | undefined {
    return toolMissing(PROMTOOL_TOOL);
}

/** Pure decision: install only where it can (root with apt-get), otherwise stop with the command. */
export function promtoolAction(host: ToolHost): ToolAction {
    return toolAction(PROMTOOL_TOOL, host);
}

/** Makes promtool available or throws with the command to run (ensureTool). */
export function ensurePromtool(log?: (line: string) => void): void {
    ensureTool(PROMTOOL_TOOL, log);
}

export interface PromtoolRun {
    code: number | null;
    output: string;
}

/** Writes each file (name -> YAML document) into a fresh temp dir and runs promtool there. */
export function promtool(args: string[], files: Record<string, unknown>): PromtoolRun {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-promtool-"));
    try {
        for (const [name, doc] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), stringify(doc));
        const r = spawnSync(PROMTOOL, args, { cwd: dir, encoding: "utf8", timeout: 60_000 });
        return { code: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
