/**
 * The machine-level facts a run needs: which PostgreSQL binaries, which unprivileged user, that the
 * barman-cloud tools are installed, and a clean environment for every child (no inherited cloud
 * credentials, UTC so that Barman's zone-less times and PostgreSQL's agree).
 */
import * as fs from "fs";
import * as path from "path";
import { run, runOk } from "./exec";
import { OsUser } from "./postgres";

/** The newest PostgreSQL under /usr/lib/postgresql (Debian's layout), or $PG_BIN. */
export function findPostgresBin(root = "/usr/lib/postgresql", override = process.env.PG_BIN): string {
    if (override) return override;
    const versions = fs.existsSync(root)
        ? fs
              .readdirSync(root)
              .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, "bin", "postgres")))
              .sort((a, b) => Number(b) - Number(a))
        : [];
    if (versions.length === 0) throw new Error(`no PostgreSQL server under ${root}; run: bash drill/install-deps.sh (or set PG_BIN)`);
    return path.join(root, versions[0], "bin");
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
