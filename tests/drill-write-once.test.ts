/**
 * The write-once proxy of the `backup.immutable` drill: it refuses a PUT, or a multipart
 * completion, onto an object that exists (as a GCS retention lock does), passes every other request through unchanged, and listens on
 * 127.0.0.1 only. Run against a stand-in upstream on a kernel port.
 */
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kernelFreePort } from "../drill/ports";
import { startWriteOnceProxy, WriteOnceProxy } from "../drill/write-once-proxy";

describe("write-once proxy", () => {
    const seen: { method?: string; url?: string; body: string; expect?: string; host?: string }[] = [];
    let upstream: http.Server;
    let proxy: WriteOnceProxy;
    let dir: string;
    beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "write-once-"));
        fs.mkdirSync(path.join(dir, "bucket", "wals"), { recursive: true });
        fs.writeFileSync(path.join(dir, "bucket", "wals", "seg.gz._S3rver_object"), "old");
        upstream = http.createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on("data", (c: Buffer) => chunks.push(c));
            req.on("end", () => {
                seen.push({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString(), expect: req.headers.expect, host: req.headers.host });
                res.writeHead(200, { "x-upstream": "yes" });
                res.end("ok");
            });
        });
        const upPort = await kernelFreePort();
        await new Promise<void>((r) => upstream.listen(upPort, "127.0.0.1", () => r()));
        proxy = await startWriteOnceProxy(upPort, dir, await kernelFreePort());
    });
    afterAll(async () => {
        await proxy.close();
        await new Promise<void>((r) => upstream.close(() => r()));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const send = (method: string, url: string, body = "", headers: Record<string, string> = {}) =>
        new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
            const req = http.request({ host: "127.0.0.1", port: proxy.port, method, path: url, headers: { host: "store.example:9000", ...headers } }, (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), headers: res.headers }));
            });
            req.on("error", reject);
            req.end(body);
        });

    it("refuses to overwrite an existing object with S3's AccessDenied, without telling the upstream", async () => {
        const r = await send("PUT", "/bucket/wals/seg.gz", "new");
        expect(r.status).toBe(403);
        expect(r.body).toContain("<Code>AccessDenied</Code>");
        expect(proxy.refused).toEqual(["/bucket/wals/seg.gz"]);
        expect(seen.some((x) => x.url === "/bucket/wals/seg.gz" && x.method === "PUT")).toBe(false);
    });

    it("passes a new object, reads and multipart parts through with the client's Host header, minus Expect", async () => {
        const put = await send("PUT", "/bucket/wals/other.gz", "data", { expect: "100-continue" });
        expect(put.status).toBe(200);
        expect(put.headers["x-upstream"]).toBe("yes");
        expect(seen.at(-1)).toMatchObject({ method: "PUT", url: "/bucket/wals/other.gz", body: "data", host: "store.example:9000" });
        expect(seen.at(-1)!.expect).toBeUndefined();
        expect((await send("GET", "/bucket/wals/seg.gz")).status).toBe(200);
        expect((await send("PUT", "/bucket/wals/seg.gz?partNumber=1&uploadId=u", "part")).status).toBe(200);
    });

    it("refuses to complete a multipart upload onto an existing object, and lets one complete onto a new key", async () => {
        // boto3 uploads an uncompressed 16 MB segment in parts: the object is replaced at completion.
        expect((await send("POST", "/bucket/wals/seg.gz?uploads")).status).toBe(200);
        const done = await send("POST", "/bucket/wals/seg.gz?uploadId=u", "<CompleteMultipartUpload/>");
        expect(done.status).toBe(403);
        expect(proxy.refused.at(-1)).toBe("/bucket/wals/seg.gz");
        expect(seen.some((x) => x.method === "POST" && x.url === "/bucket/wals/seg.gz?uploadId=u")).toBe(false);
        expect((await send("POST", "/bucket/wals/fresh?uploadId=v", "<CompleteMultipartUpload/>")).status).toBe(200);
    });
});
