/**
 * HTTPS through the deployer's proxy for the API probe (api-health.ts). Node 20's `https` ignores
 * HTTPS_PROXY (built-in env proxy support came with Node 24's NODE_USE_ENV_PROXY), while the
 * Go-based Pulumi Kubernetes provider and the AWS CLI honour it (Go net/http
 * ProxyFromEnvironment): without this, a deployer behind a proxy would wait the probe's full
 * 10 minutes for an endpoint the provider itself reaches. The tunnel is an HTTP CONNECT to the
 * proxy, then TLS to the API server inside it (RFC 9110 section 9.3.6).
 */
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as tls from "tls";

/** The proxy for an https URL under the usual HTTPS_PROXY / NO_PROXY conventions; undefined: connect directly. */
export function proxyFor(target: URL, env: Record<string, string | undefined>): URL | undefined {
    const raw = env.HTTPS_PROXY || env.https_proxy;
    if (!raw) return undefined;
    const host = target.hostname.toLowerCase();
    const exempt = (env.NO_PROXY || env.no_proxy || "")
        .split(",")
        .map((e) => e.trim().toLowerCase().replace(/:\d+$/, ""))
        .filter((e) => e !== "")
        .some((e) => e === "*" || host === e.replace(/^\./, "") || host.endsWith(e.startsWith(".") ? e : `.${e}`));
    if (exempt) return undefined;
    return new URL(raw.includes("://") ? raw : `http://${raw}`);
}

/** An https.Agent whose connections go through `proxy` with CONNECT. */
export function tunnelAgent(proxy: URL): https.Agent {
    const agent = new https.Agent({ keepAlive: false });
    const connect = (options: tls.ConnectionOptions & { host?: string; port?: number }, done: (err: Error | null, socket?: net.Socket) => void) => {
        const target = `${options.host}:${options.port ?? 443}`;
        const auth = proxy.username ? { "Proxy-Authorization": `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}` } : {};
        const req = http.request({ host: proxy.hostname, port: Number(proxy.port || 80), method: "CONNECT", path: target, headers: { Host: target, ...auth } });
        req.on("connect", (res, socket) => {
            if (res.statusCode !== 200) {
                socket.destroy();
                done(new Error(`proxy ${proxy.host} refused CONNECT ${target}: HTTP ${res.statusCode}`));
                return;
            }
            done(null, tls.connect({ ...options, socket, servername: options.servername ?? options.host }));
        });
        req.on("error", (e) => done(e));
        req.end();
    };
    // Node's Agent accepts an asynchronous createConnection(options, callback).
    (agent as unknown as { createConnection: typeof connect }).createConnection = connect;
    return agent;
}
