/**
 * A loopback HTTP proxy in front of s3rver that makes it a write-once store, the way a GCS bucket
 * with a locked retention policy behaves: writing an object that already exists is refused (403)
 * when the object would be replaced, that is at a whole-object PUT or at the completion of a
 * multipart upload (`POST ?uploadId=`; boto3, which barman-cloud uses, uploads files above 8 MB,
 * such as an uncompressed 16 MB WAL segment, in parts); everything else is passed through unchanged (the Host header is kept, so SigV4
 * signatures still match). Whether an object exists is read from s3rver's data directory
 * (`<bucket>/<key>._S3rver_object`): a HEAD through s3rver would need its own signature.
 * Listens on 127.0.0.1 on a port from the kernel, in this process.
 */
import * as fs from "fs";
import * as http from "http";
import * as path from "path";

export interface WriteOnceProxy {
    port: number;
    /** PUTs refused because the object existed. */
    refused: string[];
    close(): Promise<void>;
}

function forward(upstreamPort: number, req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    // The proxy has answered "100 Continue" itself and sends the whole body at once.
    const { expect, ...headers } = req.headers;
    void expect;
    return new Promise((resolve, reject) => {
        const up = http.request(
            { host: "127.0.0.1", port: upstreamPort, method: req.method, path: req.url, headers },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
            },
        );
        up.on("error", reject);
        up.end(body);
    });
}

export function startWriteOnceProxy(upstreamPort: number, s3rverDir: string, port: number): Promise<WriteOnceProxy> {
    const exists = (pathname: string) => fs.existsSync(path.join(s3rverDir, decodeURIComponent(pathname)) + "._S3rver_object");
    const refused: string[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            void (async () => {
                const body = Buffer.concat(chunks);
                // What replaces an object (not a multipart part or a bucket call): a whole-object PUT,
                // or completing a multipart upload. Refused when the key exists.
                const url = new URL(req.url ?? "/", "http://x");
                const isObject = url.pathname.split("/").filter(Boolean).length > 1;
                const objectPut = req.method === "PUT" && isObject && !url.searchParams.has("partNumber");
                const multipartComplete = req.method === "POST" && isObject && url.searchParams.has("uploadId");
                if (objectPut || multipartComplete) {
                    if (exists(url.pathname)) {
                        refused.push(url.pathname);
                        res.writeHead(403, { "Content-Type": "application/xml" });
                        res.end("<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>write-once store: the object exists and is under retention</Message></Error>");
                        return;
                    }
                }
                const r = await forward(upstreamPort, req, body);
                res.writeHead(r.status, r.headers);
                res.end(r.body);
            })().catch((err) => {
                res.writeHead(502);
                res.end(String(err));
            });
        });
    });
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () =>
            resolve({ port, refused, close: () => new Promise<void>((done) => server.close(() => done())) }),
        );
    });
}
