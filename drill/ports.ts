/**
 * Free TCP ports on 127.0.0.1 for the servers a drill starts. Several engineers and CI jobs share
 * this machine, so nothing may assume a fixed port: each port is taken from the kernel (bind to
 * port 0) and never handed out twice within one run.
 */
import * as net from "net";
import { sleep } from "./wait";

/** Asks the kernel for a port nobody listens on right now. */
export function kernelFreePort(host = "127.0.0.1"): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.once("error", reject);
        server.listen(0, host, () => {
            const address = server.address();
            const port = typeof address === "object" && address ? address.port : 0;
            server.close(() => (port ? resolve(port) : reject(new Error("no port from the kernel"))));
        });
    });
}

/**
 * Hands out distinct free ports. The kernel may return a port again once the probe socket is
 * closed, so ports already given out in this run are skipped.
 */
export class PortAllocator {
    private readonly given = new Set<number>();

    constructor(private readonly probe: () => Promise<number> = kernelFreePort) {}

    async next(): Promise<number> {
        for (let attempt = 0; attempt < 50; attempt++) {
            const port = await this.probe();
            if (!this.given.has(port)) {
                this.given.add(port);
                return port;
            }
        }
        throw new Error("could not find a free port not already used by this drill run");
    }

    /** Ports handed out so far, in order. */
    get allocated(): number[] {
        return [...this.given];
    }
}

/** Resolves once something accepts TCP connections on the port, or rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, host = "127.0.0.1"): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const open = await new Promise<boolean>((resolve) => {
            const socket = net.connect({ host, port });
            socket.once("connect", () => {
                socket.destroy();
                resolve(true);
            });
            socket.once("error", () => resolve(false));
        });
        if (open) return;
        if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
        await sleep(100);
    }
}
