/**
 * Runs Prometheus's own `promtool` (Debian package `prometheus`, installed by
 * drill/install-deps.sh) on rule files rendered by the monitoring tier.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";

export const PROMTOOL = process.env.PROMTOOL ?? "promtool";

/** Why promtool cannot run here, or undefined when it can. */
export function promtoolMissing(): string | undefined {
    const r = spawnSync(PROMTOOL, ["--version"], { encoding: "utf8" });
    if (r.error || r.status !== 0) {
        return `${PROMTOOL} not found (${r.error?.message ?? r.stderr}); install it with: bash drill/install-deps.sh (Debian package prometheus)`;
    }
    return undefined;
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
