/**
 * What every drill gets: the PostgreSQL runtime (binaries, OS user, supervisor), the settings
 * derived from the stack, a port allocator, a logger that prints runbook steps, and a helper to
 * run barman-cloud tools the way the plugin's sidecar does (as the database user, with the
 * store's credentials in the environment).
 */
import * as path from "path";
import { ObjectStoreTarget } from "./barman";
import { runOk } from "./exec";
import { makeOwnedDir, PgNode, PgRuntime } from "./postgres";
import { PortAllocator } from "./ports";
import { Runbook, stepLine } from "./runbook";
import { DrillSettings } from "./settings";

export class DrillContext {
    constructor(
        readonly rt: PgRuntime,
        readonly settings: DrillSettings,
        readonly ports: PortAllocator,
        private readonly out: (line: string) => void = (l) => console.log(l),
    ) {}

    /** A context whose servers live in their own sub-directory, so drills never share data dirs. */
    forDrill(name: string): DrillContext {
        const root = path.join(this.rt.root, name);
        makeOwnedDir(root, this.rt.user);
        return new DrillContext({ ...this.rt, root }, this.settings, this.ports, this.out);
    }

    log(line: string): void {
        this.out(`    ${line}`);
    }

    step<K extends string>(book: Runbook<K>, key: K, note = ""): void {
        this.out(`  ${stepLine(book, key)}${note ? ` (${note})` : ""}`);
    }

    async node(name: string): Promise<PgNode> {
        return new PgNode(this.rt, name, await this.ports.next());
    }

    /** Runs barman-cloud-<tool> as the database user against a store; returns stdout. */
    barman(tool: string, args: string[], store: ObjectStoreTarget, timeoutMs = 180_000): Promise<string> {
        return runOk(`barman-cloud-${tool}`, args, { env: { ...this.rt.env, ...store.env }, timeoutMs, ...(this.rt.user ?? {}) });
    }
}
