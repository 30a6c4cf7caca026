/**
 * `npm test` on a fresh machine: the global setup makes sure promtool is there. These tests check
 * the decision and the stop path as a user meets it (a PATH with neither promtool nor apt-get).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { promtoolAction } from "./support/promtool";

const ROOT = path.resolve(__dirname, "..");

describe("promtool on a fresh machine", () => {
    it("installs only as root with apt-get, and does nothing when promtool runs", () => {
        expect(promtoolAction({ missing: undefined, root: false, aptGet: false })).toEqual({ kind: "ok" });
        expect(promtoolAction({ missing: "not found", root: true, aptGet: true })).toEqual({ kind: "install" });
        expect(promtoolAction({ missing: "not found", root: false, aptGet: true }).kind).toBe("stop");
        expect(promtoolAction({ missing: "not found", root: true, aptGet: false }).kind).toBe("stop");
    });

    it("stops at once with the one apt-get command when it cannot install (no promtool, no apt-get on PATH)", () => {
        // A PATH holding only node: promtool and apt-get are both absent, as on a non-Debian machine.
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-ha-nopromtool-"));
        try {
            fs.symlinkSync(process.execPath, path.join(bin, "node"));
            const script = `require(${JSON.stringify(path.join(ROOT, "tests/support/promtool.ts"))}).ensurePromtool();`;
            const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
                cwd: ROOT,
                env: { PATH: bin, HOME: os.tmpdir() },
                encoding: "utf8",
                timeout: 30_000,
            });
            expect(r.status, r.stderr).not.toBe(0);
            expect(r.stderr).toContain("npm test needs promtool");
            expect(r.stderr).toContain("sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus");
            expect(r.stderr).not.toContain("installing Debian package");
        } finally {
            fs.rmSync(bin, { recursive: true, force: true });
        }
    });
});
