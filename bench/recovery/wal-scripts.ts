/**
 * The archive_command and restore_command of the benchmark: shell scripts that reproduce what the
 * Barman Cloud plugin's sidecar does with `wal.maxParallel` (plugin-barman-cloud v0.14.0,
 * internal/cnpgi/common/wal.go), because PostgreSQL itself archives and restores one segment at a
 * time:
 *
 * - archive: when PostgreSQL asks for segment X, X plus up to maxParallel-1 other `.ready`
 *   segments are uploaded at once; the extra ones are noted in a spool directory, and the later
 *   request for them returns at once.
 * - restore: when PostgreSQL asks for segment X, X and the maxParallel-1 segments after it are
 *   downloaded at once; the extra ones wait in the spool until PostgreSQL asks for them.
 *
 * Each script appends one line to a CPU log: the user and system CPU seconds of the barman-cloud
 * processes it ran (bash's `times`, children line), so the bench can report what the settings cost
 * in CPU, which in the cluster comes out of the Postgres pod's share.
 */
import { compressionArgs, providerArgs, shellQuote, ClusterArchive } from "../../drill/barman";

export { compressionArgs };

function words(list: string[]): string {
    return list.map(shellQuote).join(" ");
}

export interface WalScriptOptions {
    archive: ClusterArchive;
    compression: string;
    maxParallel: number;
    spoolDir: string;
    cpuLog: string;
}

export interface WalRestoreScriptOptions extends Omit<WalScriptOptions, "compression"> {
    /**
     * One line per restore_command call: `<file> <outcome> <start> <end>` (outcome `0` fetched,
     * `spool` served from the prefetch spool, any other exit code not found or failed; times are
     * bash's $EPOCHREALTIME), so the bench can split a restore's WAL phase into the time
     * PostgreSQL waited on restore_command and the rest (start-up, replay, promotion).
     */
    callLog: string;
}

function checkParallel(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new Error(`maxParallel must be a whole number >= 1, got ${n}`);
}

/**
 * Appends the CPU seconds (user, system) of this script's children to the CPU log. `times` must
 * run in this shell, not in a pipeline or $(...), whose subshell has no children of its own.
 */
const CPU_LINE = `times > "$CPULOG.$$"; tail -n 1 "$CPULOG.$$" >> "$CPULOG"; rm -f "$CPULOG.$$"`;

/** archive_command = `<script> %p %f` (run by PostgreSQL in the data directory). */
export function walArchiveScript(o: WalScriptOptions): string {
    checkParallel(o.maxParallel);
    const barman = words(["barman-cloud-wal-archive", ...providerArgs(o.archive.store), ...compressionArgs(o.compression), o.archive.store.destinationPath, o.archive.serverName]);
    return `#!/bin/bash
# fhir-ha bench: parallel WAL archive like the Barman Cloud plugin (maxParallel=${o.maxParallel}).
set -u
p=$1; f=$2
SPOOL=${shellQuote(o.spoolDir)}; CPULOG=${shellQuote(o.cpuLog)}; MAXP=${o.maxParallel}
if [ -e "$SPOOL/$f" ]; then rm -f "$SPOOL/$f"; exit 0; fi
list=("$f")
if [ "$MAXP" -gt 1 ]; then
    for r in $(ls pg_wal/archive_status 2>/dev/null | sed -n 's/\\.ready$//p' | sort | grep -vx "$f" | head -n $((MAXP - 1))); do list+=("$r"); done
fi
pids=()
for w in "\${list[@]}"; do
    if [ "$w" = "$f" ]; then src=$p; else src=pg_wal/$w; fi
    ${barman} "$src" & pids+=($!)
done
rc=0
for i in "\${!pids[@]}"; do
    if wait "\${pids[$i]}"; then
        [ "$i" -gt 0 ] && touch "$SPOOL/\${list[$i]}"
    else
        [ "$i" -eq 0 ] && rc=1
    fi
done
${CPU_LINE}
exit $rc
`;
}

/** restore_command = `<script> %f %p`. */
export function walRestoreScript(o: WalRestoreScriptOptions): string {
    checkParallel(o.maxParallel);
    const barman = words(["barman-cloud-wal-restore", ...providerArgs(o.archive.store), o.archive.store.destinationPath, o.archive.serverName]);
    return `#!/bin/bash
# fhir-ha bench: parallel WAL restore (prefetch) like the Barman Cloud plugin (maxParallel=${o.maxParallel}).
set -u
f=$1; p=$2; T0=$EPOCHREALTIME
SPOOL=${shellQuote(o.spoolDir)}; CPULOG=${shellQuote(o.cpuLog)}; CALLLOG=${shellQuote(o.callLog)}; MAXP=${o.maxParallel}
if [ -e "$SPOOL/$f" ]; then mv -f "$SPOOL/$f" "$p"; echo "$f spool $T0 $EPOCHREALTIME" >> "$CALLLOG"; exit 0; fi
list=("$f")
# Only regular segments (24 hex digits) are prefetched; history and backup-label files are not.
if [ "$MAXP" -gt 1 ] && [[ "$f" =~ ^[0-9A-F]{24}$ ]]; then
    tli=\${f:0:8}; log=$((16#\${f:8:8})); seg=$((16#\${f:16:8}))
    for ((k = 1; k < MAXP; k++)); do
        seg=$((seg + 1)); if [ "$seg" -gt 255 ]; then seg=0; log=$((log + 1)); fi
        list+=("$(printf '%s%08X%08X' "$tli" "$log" "$seg")")
    done
fi
pids=()
for i in "\${!list[@]}"; do
    w=\${list[$i]}
    if [ "$i" -eq 0 ]; then dst=$p; else dst=$SPOOL/$w.part; fi
    ${barman} "$w" "$dst" 2>/dev/null & pids+=($!)
done
rc=0
for i in "\${!pids[@]}"; do
    if wait "\${pids[$i]}"; then
        [ "$i" -gt 0 ] && mv -f "$SPOOL/\${list[$i]}.part" "$SPOOL/\${list[$i]}"
    else
        [ "$i" -eq 0 ] && rc=1
        [ "$i" -gt 0 ] && rm -f "$SPOOL/\${list[$i]}.part"
    fi
done
${CPU_LINE}
echo "$f $rc $T0 $EPOCHREALTIME" >> "$CALLLOG"
exit $rc
`;
}

/** What the restore_command calls of one restore did, from their call log. */
export interface RestoreCalls {
    /** Calls that ran barman-cloud-wal-restore (found or not). */
    fetched: number;
    /** Of those, calls that found nothing: the end of WAL, or a history file of a timeline that does not exist yet. */
    missing: number;
    /** Calls answered from the prefetch spool (wal.maxParallel > 1). */
    fromSpool: number;
    /** Wall seconds PostgreSQL spent waiting on restore_command, over all calls. */
    seconds: number;
}

/** Reads a restore call log (see WalRestoreScriptOptions.callLog). */
export function parseRestoreCalls(text: string): RestoreCalls {
    const out: RestoreCalls = { fetched: 0, missing: 0, fromSpool: 0, seconds: 0 };
    for (const line of text.split("\n")) {
        if (line.trim() === "") continue;
        const m = /^(\S+) (\S+) (\d+\.\d+) (\d+\.\d+)$/.exec(line.trim());
        if (!m) throw new Error(`not a restore call line: ${JSON.stringify(line)}`);
        if (m[2] === "spool") out.fromSpool++;
        else {
            out.fetched++;
            if (m[2] !== "0") out.missing++;
        }
        out.seconds += Number(m[4]) - Number(m[3]);
    }
    return out;
}

/** Wraps a command so that bash prints its children's CPU time (the `times` line) on stderr last. */
export function timedCommand(command: string, args: string[]): string[] {
    // `times` prints the shell's line, then its children's; the children's is the last line.
    return ["-c", `${words([command, ...args])}; rc=$?; times >&2; exit $rc`];
}

/** One `times` children line, "0m1.234s 0m0.321s": user + system seconds. */
export function parseTimesLine(line: string): number {
    const m = /^(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s$/.exec(line.trim());
    if (!m) throw new Error(`not a bash times line: ${JSON.stringify(line)}`);
    return Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
}

/** The CPU seconds of the last `times` line in a command's stderr. */
export function cpuFromStderr(stderr: string): number {
    const last = stderr.trim().split("\n").pop() ?? "";
    return parseTimesLine(last);
}

/** Sum of a CPU log's lines (one per archive or restore call). */
export function sumCpuLog(text: string): number {
    return text
        .split("\n")
        .filter((l) => l.trim() !== "")
        .reduce((sum, l) => sum + parseTimesLine(l), 0);
}
