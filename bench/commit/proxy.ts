/**
 * The delay proxies of `npm run bench:commit` (delay_proxy.py) and the measurement of what they
 * really add: a ping-pong of small messages through a proxy to an echo server, against the same
 * ping-pong straight to the echo server. Everything listens and connects on 127.0.0.1 only.
 */
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { PortAllocator, waitForPort } from "../../drill/ports";
import { Supervisor } from "../../drill/processes";
import { median } from "../stats";

const PROXY_SCRIPT = path.join(__dirname, "delay_proxy.py");

export interface DelayProxy {
    port: number;
}

/** Starts one proxy in front of `targetPort`; its delay is whatever `delayFile` says (ms). */
export async function startDelayProxy(opts: { supervisor: Supervisor; ports: PortAllocator; dir: string; name: string; targetPort: number; delayFile: string; maxSeconds: number }): Promise<DelayProxy> {
    const port = await opts.ports.next();
    opts.supervisor.start(opts.name, "python3", [PROXY_SCRIPT, "--listen", String(port), "--target", String(opts.targetPort), "--delay-file", opts.delayFile, "--max-seconds", String(opts.maxSeconds)], {
        logFile: path.join(opts.dir, `${opts.name}.log`),
    });
    await waitForPort(port, 15_000);
    return { port };
}

/** Sets the RTT every proxy reading `delayFile` adds, and waits until they have read it. */
export async function setDelay(delayFile: string, rttMs: number): Promise<void> {
    fs.writeFileSync(delayFile, String(rttMs));
    // The proxies re-read the file every 20 ms.
    await new Promise((r) => setTimeout(r, 100));
}

/** A TCP echo server on 127.0.0.1; close it when done. */
export async function startEcho(ports: PortAllocator): Promise<{ port: number; close(): void }> {
    const port = await ports.next();
    const server = net.createServer((s) => {
        s.setNoDelay(true);
        s.pipe(s);
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return { port, close: () => server.close() };
}

/** Median round trip (ms) of `count` 64-byte ping-pongs to a port. */
export async function pingPong(port: number, count = 200): Promise<number> {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    const payload = Buffer.alloc(64, 7);
    const samples: number[] = [];
    // One error listener for the whole exchange: it fails the round trip under way, if any.
    let failure: Error | undefined;
    let failPending: ((err: Error) => void) | undefined;
    socket.on("error", (err) => {
        failure = err;
        failPending?.(err);
    });
    try {
        for (let i = 0; i < count; i++) {
            const t0 = process.hrtime.bigint();
            await new Promise<void>((resolve, reject) => {
                if (failure) return reject(failure);
                failPending = reject;
                let got = 0;
                const onData = (d: Buffer) => {
                    got += d.length;
                    if (got >= payload.length) {
                        socket.off("data", onData);
                        resolve();
                    }
                };
                socket.on("data", onData);
                socket.write(payload);
            });
            samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
    } finally {
        socket.destroy();
    }
    return median(samples);
}
