/**
 * The replicator process (see drill/replicator.ts): polls store A, copies what is due to store B,
 * logs every copy, and exits by itself after --max-seconds. The region-loss drill kills it by PID
 * together with region A.
 */
import { copiedLine, copyS3rverObject, dueForReplication, listS3rverObjects, parseReplicatorArgs } from "./replicator";

async function main(): Promise<void> {
    const o = parseReplicatorArgs(process.argv.slice(2));
    const replicated = new Map<string, number>();
    const endAt = Date.now() + o.maxSeconds * 1000;
    console.log(`replicating ${o.from} -> ${o.to}, lag ${o.lagSeconds} s, poll ${o.pollMs} ms, for at most ${o.maxSeconds} s`);
    while (Date.now() < endAt) {
        const now = Date.now();
        for (const obj of dueForReplication(listS3rverObjects(o.from), replicated, now, o.lagSeconds * 1000)) {
            try {
                copyS3rverObject(o.from, o.to, obj.key, o.tmp);
            } catch (err) {
                // Overwritten or removed while copying: the next poll sees its new state.
                console.log(`skipped ${obj.key}: ${err instanceof Error ? err.message : String(err)}`);
                continue;
            }
            replicated.set(obj.key, obj.completedAtMs);
            console.log(copiedLine(obj.key, Math.round(Date.now() - obj.completedAtMs)));
        }
        await new Promise((r) => setTimeout(r, o.pollMs));
    }
    console.log("max-seconds reached, stopping");
}

main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
