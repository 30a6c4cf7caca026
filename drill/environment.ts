/**
 * The machine-level facts a run needs: which PostgreSQL binaries, which unprivileged user, that the
 * barman-cloud tools are installed, and a clean environment for every child (no inherited cloud
 * credentials, UTC so that Barman's zone-less times and PostgreSQL's agree).
 */
import * as fs from "fs";
import * as path from "path";
import { run, runOk } from "./exec";
import { OsUser } from "./postgres";

/** The majors with a server under /usr/lib/postgresql (Debian's layout), newest first. */
export function installedMajors(root = "/usr/lib/postgresql"): number[] {
    return fs.existsSync(root)
        ? fs
              .readdirSync(root)
              .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, "bin", "postgres")))
              .map(Number)
              .sort((a, b) => b - a)
        : [];
}

/** The newest PostgreSQL under /usr/lib/postgresql (Debian's layout), or $PG_BIN. */
export function findPostgresBin(root = "/usr/lib/postgresql", override = process.env.PG_BIN): string {
    if (override) return override;
    const versions = installedMajors(root);
    if (versions.length === 0) throw new Error(`no PostgreSQL server under ${root}; run: bash drill/install-deps.sh (or set PG_BIN)`);
    return path.join(root, String(versions[0]), "bin");
}

/**
 * The two majors of the upgrade drill: the newest installed and the next older one (pg_upgrade of
 * the newer major reads any older data directory from 9.2 on).
 */
export function upgradeMajors(root = "/usr/lib/postgresql"): { from: number; to: number; fromBin: string; toBin: string } {
    const versions = installedMajors(root);
    if (versions.length < 2) {
        throw new Error(`the major-upgrade drill needs two PostgreSQL majors under ${root} (found ${versions.join(", ") || "none"}); run: bash drill/install-deps.sh`);
    }
    const [to, from] = versions;
    return { from, to, fromBin: path.join(root, String(from), "bin"), toBin: path.join(root, String(to), "bin") };
}

/** PostgreSQL refuses to run as root: when the runner is root (CI), servers run as `postgres`. */
export async function serverUser(name = "postgres"): Promise<OsUser | undefined> {
    if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
    const uid = Number((await runOk("id", ["-u", name])).trim());
    const gid = Number((await runOk("id", ["-g", name])).trim());
    return { uid, gid };
}

export async function barmanVersion(): Promise<string> {
    const r = await run("barman-cloud-backup", ["--version"], { timeoutMs: 30_000 });
    if (r.code !== 0) throw new Error("barman-cloud-backup not found; run: bash drill/install-deps.sh");
    return (r.stdout + r.stderr).trim();
}

export async function postgresVersion(bin: string): Promise<string> {
    return (await runOk(path.join(bin, "postgres"), ["--version"])).trim();
}

/** The environment of every server and tool: nothing inherited but PATH. */
export function childEnv(home: string): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, TZ: "UTC", LANG: "C.UTF-8", LC_ALL: "C.UTF-8" };
}
