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

export const PROMTOOL = process.env.PROMTOOL ?? "promtool";

/** The one command that installs promtool on Debian/Ubuntu (what ensurePromtool runs as root). */
export const PROMTOOL_INSTALL_COMMAND = "sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus";

/** Why promtool cannot run here, or undefined when it can. */
export function promtoolMissing(): string | undefined {
    const r = spawnSync(PROMTOOL, ["--version"], { encoding: "utf8" });
    if (r.error || r.status !== 0) {
        return `${PROMTOOL} not found (${r.error?.message ?? r.stderr}); install it with: ${PROMTOOL_INSTALL_COMMAND}`;
    }
    return undefined;
}

/** What this machine allows: whether promtool runs, whether we are root, whether apt-get exists. */
export interface PromtoolHost {
    missing: string | undefined;
    root: boolean;
    aptGet: boolean;
}

/** ok: nothing to do; install: run apt-get here; stop: fail the run with the command for the user. */
export type PromtoolAction = { kind: "ok" } | { kind: "install" } | { kind: "stop"; message: string };

/** Pure decision: install only where it can (root with apt-get), otherwise stop with the command. */
export function promtoolAction(host: PromtoolHost): PromtoolAction {
    if (host.missing === undefined) return { kind: "ok" };
    if (host.root && host.aptGet) return { kind: "install" };
    const why = host.aptGet ? "not root" : "no apt-get on this machine";
    return {
        kind: "stop",
        message:
            `npm test needs promtool (Prometheus) for the alert rule tests and cannot install it here (${why}).\n` +
            `Install it, then run npm test again:\n    ${PROMTOOL_INSTALL_COMMAND}\n` +
            `(elsewhere: a Prometheus release's promtool on PATH, or PROMTOOL=/path/to/promtool)`,
    };
}

function onPath(command: string): boolean {
    return spawnSync("/bin/sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;
}

/**
 * Makes promtool available or throws with the command to run. Installing runs `apt-get update`
 * once (a fresh machine has no package lists) and installs `prometheus` without recommends.
 */
export function ensurePromtool(log: (line: string) => void = (l) => console.error(l)): void {
    const action = promtoolAction({
        missing: promtoolMissing(),
        root: typeof process.getuid === "function" && process.getuid() === 0,
        aptGet: onPath("apt-get"),
    });
    if (action.kind === "ok") return;
    if (action.kind === "stop") throw new Error(action.message);
    log("promtool missing: installing Debian package prometheus (apt-get update, apt-get install)");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    for (const args of [["update", "-q"], ["install", "-y", "-q", "--no-install-recommends", "prometheus"]]) {
        const r = spawnSync("apt-get", args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        if (r.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (${r.status}):\n${r.stdout}${r.stderr}\nInstall it yourself: ${PROMTOOL_INSTALL_COMMAND}`);
    }
    const after = promtoolMissing();
    if (after) throw new Error(`installed prometheus but promtool still does not run: ${after}`);
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
