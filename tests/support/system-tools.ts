/**
 * System tools `npm test` runs (promtool for the alert rules, jq for the Jobs' filters): the test
 * command makes sure each is there, once per run from vitest's global setup. On a fresh Debian
 * machine as root it installs the Debian package; anywhere else it stops the run at once with the
 * one command to run.
 */
import { spawnSync } from "node:child_process";

export interface SystemTool {
    /** What runs it (may be overridden, e.g. PROMTOOL=/path/to/promtool). */
    command: string;
    /** The Debian package that brings it. */
    debianPackage: string;
    /** What npm test needs it for, for the message. */
    purpose: string;
    /** Where else it can come from, for the message. */
    elsewhere: string;
}

/** The one command that installs a tool on Debian/Ubuntu (what ensureTool runs as root). */
export function installCommand(tool: SystemTool): string {
    return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${tool.debianPackage}`;
}

/** Why the tool cannot run here, or undefined when it can. */
export function toolMissing(tool: SystemTool): string | undefined {
    const r = spawnSync(tool.command, ["--version"], { encoding: "utf8" });
    if (r.error || r.status !== 0) return `${tool.command} not found (${r.error?.message ?? r.stderr}); install it with: ${installCommand(tool)}`;
    return undefined;
}

/** What this machine allows: whether the tool runs, whether we are root, whether apt-get exists. */
export interface ToolHost {
    missing: string | undefined;
    root: boolean;
    aptGet: boolean;
}

/** ok: nothing to do; install: run apt-get here; stop: fail the run with the command for the user. */
export type ToolAction = { kind: "ok" } | { kind: "install" } | { kind: "stop"; message: string };

/** Pure decision: install only where it can (root with apt-get), otherwise stop with the command. */
export function toolAction(tool: SystemTool, host: ToolHost): ToolAction {
    if (host.missing === undefined) return { kind: "ok" };
    if (host.root && host.aptGet) return { kind: "install" };
    const why = host.aptGet ? "not root" : "no apt-get on this machine";
    return {
        kind: "stop",
        message:
            `npm test needs ${tool.purpose} and cannot install it here (${why}).\n` +
            `Install it, then run npm test again:\n    ${installCommand(tool)}\n` +
            `(elsewhere: ${tool.elsewhere})`,
    };
}

function onPath(command: string): boolean {
    return spawnSync("/bin/sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;
}

/**
 * Makes the tool available or throws with the command to run. Installing runs `apt-get update`
 * once (a fresh machine has no package lists) and installs the package without recommends.
 */
export function ensureTool(tool: SystemTool, log: (line: string) => void = (l) => console.error(l)): void {
    const action = toolAction(tool, {
        missing: toolMissing(tool),
        root: typeof process.getuid === "function" && process.getuid() === 0,
        aptGet: onPath("apt-get"),
    });
    if (action.kind === "ok") return;
    if (action.kind === "stop") throw new Error(action.message);
    log(`${tool.command} missing: installing Debian package ${tool.debianPackage} (apt-get update, apt-get install)`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    for (const args of [["update", "-q"], ["install", "-y", "-q", "--no-install-recommends", tool.debianPackage]]) {
        const r = spawnSync("apt-get", args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        if (r.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (${r.status}):\n${r.stdout}${r.stderr}\nInstall it yourself: ${installCommand(tool)}`);
    }
    const after = toolMissing(tool);
    if (after) throw new Error(`installed ${tool.debianPackage} but ${tool.command} still does not run: ${after}`);
}

/** jq: the snapshot pruner's and the first-backup wait's filters run in the tests with the host's jq. */
export const JQ: SystemTool = {
    command: "jq",
    debianPackage: "jq",
    purpose: "jq for the backup Jobs' filters",
    elsewhere: "any jq 1.6 or newer on PATH",
};
