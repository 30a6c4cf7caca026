/**
 * Where a WAL segment's time goes between region A's primary and region B's standby, measured
 * per segment from what each stage leaves behind (pure functions over those traces):
 *   closed    the primary's pg_wal/archive_status/<segment>.ready|.done mtime: PostgreSQL writes
 *             .ready when it closes the segment, and renaming it to .done keeps the mtime;
 *   in A      the object's completion in store A (s3rver's metadata file, drill/replicator.ts);
 *   in B      its copy in store B;
 *   restored  the standby's log line `restored log file "<segment>" from archive` (log_line_prefix %m).
 * The drill reports these so that a lost window can be explained term by term.
 */

/** A WAL segment file name: timeline, log and segment, 8 hex digits each. */
const SEGMENT = /^[0-9A-F]{24}$/;

/** Segment → close time, from archive_status entries (name and mtime in ms). */
export function closedSegments(entries: { name: string; mtimeMs: number }[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const e of entries) {
        const m = /^([0-9A-F]{24})\.(ready|done)$/.exec(e.name);
        if (m) out.set(m[1], e.mtimeMs);
    }
    return out;
}

/** Segment → completion time, from store objects keyed "…/wals/<timeline+log>/<segment>". */
export function segmentObjects(objects: { key: string; completedAtMs: number }[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const o of objects) {
        const name = o.key.split("/").pop() ?? "";
        if (o.key.includes("/wals/") && SEGMENT.test(name)) out.set(name, o.completedAtMs);
    }
    return out;
}

/** Segment → first restore time, from a PostgreSQL log with log_line_prefix '%m ' (UTC). */
export function restoredSegments(log: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const m of log.matchAll(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3}) UTC \[\d+\] LOG:\s+restored log file "([0-9A-F]{24})" from archive$/gm)) {
        if (!out.has(m[3])) out.set(m[3], Date.parse(`${m[1]}T${m[2]}Z`));
    }
    return out;
}

export interface SegmentStages {
    segment: string;
    /** Seconds from close to complete in store A (barman-cloud-wal-archive). */
    uploadSeconds?: number;
    /** Seconds from store A to store B (replication). */
    replicationSeconds?: number;
    /** Seconds from store B to restored by the standby (replay poll). */
    replayWaitSeconds?: number;
}

const secs = (from?: number, to?: number) => (from === undefined || to === undefined ? undefined : Math.round((to - from) / 100) / 10);

/**
 * The stages of every segment the primary closed, in segment order. The replay wait counts only
 * for segments that reached B after the standby started (`standbySince`): one already in B before
 * it existed waited for the standby, not for its poll.
 */
export function segmentStages(closed: Map<string, number>, inA: Map<string, number>, inB: Map<string, number>, restored: Map<string, number>, standbySince = 0): SegmentStages[] {
    return [...closed.keys()].sort().map((segment) => {
        const arrived = inB.get(segment);
        return {
            segment,
            uploadSeconds: secs(closed.get(segment), inA.get(segment)),
            replicationSeconds: secs(inA.get(segment), arrived),
            replayWaitSeconds: arrived !== undefined && arrived >= standbySince ? secs(arrived, restored.get(segment)) : undefined,
        };
    });
}

/** The largest value of one stage over the segments that went through it. */
export function maxStage(stages: SegmentStages[], stage: "uploadSeconds" | "replicationSeconds" | "replayWaitSeconds"): number | undefined {
    const values = stages.map((s) => s[stage]).filter((v): v is number => v !== undefined);
    return values.length ? Math.max(...values) : undefined;
}
