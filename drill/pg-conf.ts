/**
 * PostgreSQL settings for the drill servers, as pure functions. The values that matter for the
 * drills (synchronous quorum, archive and restore commands, apply delay, archive timeout) come
 * from the same config and policy code the database tier renders into the CNPG Cluster; the rest
 * keeps several servers small on a shared 2-core machine.
 */

export type Settings = Record<string, string | number | boolean>;

/**
 * `synchronous_standby_names` as CloudNativePG writes it from the Cluster's `postgresql.synchronous`
 * stanza: method "any" gives a quorum, `ANY <n> ("a","b")`; "first" gives priority order,
 * `FIRST <n> (...)`. No stanza (zero synchronous replicas) means asynchronous: empty.
 */
export function synchronousStandbyNames(sync: { method: string; number: number } | undefined, standbys: string[]): string {
    if (!sync) return "";
    const method = sync.method.toUpperCase();
    if (method !== "ANY" && method !== "FIRST") throw new Error(`synchronous method ${JSON.stringify(sync.method)}: allowed any, first`);
    if (!Number.isInteger(sync.number) || sync.number < 1) throw new Error(`synchronous number must be a whole number >= 1, got ${sync.number}`);
    if (sync.number > standbys.length) {
        throw new Error(`${sync.number} synchronous replicas need at least ${sync.number} standbys, have ${standbys.length}`);
    }
    return `${method} ${sync.number} (${standbys.map((s) => `"${s}"`).join(",")})`;
}

/** The other instance names of a cluster: what a given instance lists as its synchronous standbys. */
export function peersOf(instance: string, instances: string[]): string[] {
    return instances.filter((i) => i !== instance);
}

/** A libpq connection string for streaming from a primary, naming the standby like a CNPG pod. */
export function primaryConnInfo(port: number, applicationName: string): string {
    return `host=127.0.0.1 port=${port} user=postgres application_name=${applicationName} connect_timeout=2`;
}

/** Settings every drill server has: loopback TCP only, small memory, streaming-ready. */
export function baseSettings(port: number): Settings {
    return {
        listen_addresses: "127.0.0.1",
        port,
        // Every client connects over TCP; a socket path under a deep temp dir can exceed the
        // 107-byte limit of Unix sockets and stop the server from starting.
        unix_socket_directories: "",
        max_connections: 30,
        shared_buffers: "16MB",
        wal_level: "replica",
        // CNPG turns this on so that a failed primary can be rewound and rejoin as a standby.
        wal_log_hints: true,
        max_wal_senders: 10,
        max_replication_slots: 10,
        wal_keep_size: "256MB",
        hot_standby: true,
        synchronous_commit: "on",
        fsync: true,
        logging_collector: false,
        log_line_prefix: "%m [%p] ",
    };
}

function quote(value: string | number | boolean): string {
    if (typeof value === "boolean") return value ? "on" : "off";
    if (typeof value === "number") return String(value);
    return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/** Renders settings as postgresql.conf lines (later lines win, so this is appended last). */
export function renderConf(settings: Settings): string {
    return (
        Object.entries(settings)
            .map(([k, v]) => `${k} = ${quote(v)}`)
            .join("\n") + "\n"
    );
}
