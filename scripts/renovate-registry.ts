/**
 * A registry that answers the Docker Registry HTTP API v2 calls Renovate's docker datasource
 * makes (`/v2/`, `tags/list`, manifest GET/HEAD with `Docker-Content-Digest`), for the images
 * pinned in src/config/pins.ts. Each repository offers the pinned tag, the update renovate.json
 * must propose for it, and tags it must not propose (another major, another variant, moving
 * tags). Digests are the SHA-256 of "<repository>:<tag>", so every answer is reproducible, and
 * differ from any real digest pinned in pins.ts: to Renovate that is a tag moved to other content.
 */
import { createHash } from "node:crypto";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { parseImageReference } from "../src/fhir/image";

export interface ImageFixture {
    /** The reference as pinned, e.g. "ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie". */
    pinned: string;
    /** The pinned digest, once Renovate has added one. */
    currentDigest?: string;
    /** Renovate's depName: the reference without its tag. */
    depName: string;
    /** Repository path on this registry (the registry host removed). */
    repository: string;
    currentTag: string;
    /** The one tag renovate.json must propose for it. */
    expectedTag: string;
    /** Tags that must never be proposed. */
    trapTags: string[];
}

export const digestOf = (repository: string, tag: string): string => `sha256:${createHash("sha256").update(`${repository}:${tag}`).digest("hex")}`;

/** The tags offered for one pinned image, by the form of its tag. */
export function fixtureFor(pinned: string): ImageFixture {
    const ref = parseImageReference(pinned);
    if (typeof ref === "string" || ref.tag === undefined) throw new Error(`renovate-registry: ${pinned}: ${typeof ref === "string" ? ref : "no tag"}`);
    const { repository: depName, tag: currentTag, digest: currentDigest } = ref;
    const first = depName.split("/")[0];
    const repository = first.includes(".") ? depName.split("/").slice(1).join("/") : depName;
    let next: string;
    let traps: string[];
    let m: RegExpExecArray | null;
    if ((m = /^(\d{4})\.(\d+)$/.exec(currentTag))) {
        // Aidbox YYMM.N: the next patch of the line; a later LTS line, the bare line and the channels are not.
        const [line, patch] = [Number(m[1]), Number(m[2])];
        next = `${line}.${patch + 1}`;
        traps = [`${line + 93}.1`, `${line}`, "edge", "latest", "stable"];
    } else if ((m = /^v(\d+)\.(\d+)\.(\d+)-(\d+)$/.exec(currentTag))) {
        // HAPI vX.Y.Z-N: a later minor; the next major and the -tomcat variant are not.
        const [major, minor, patch, build] = [m[1], m[2], m[3], m[4]].map(Number);
        next = `v${major}.${minor + 2}.0-1`;
        traps = [`v${major}.${minor}.${patch}-${build + 1}`, `v${major}.${minor + 2}.0-1-tomcat`, `v${major + 1}.0.0-1`, "latest"];
    } else if ((m = /^(\d+)\.(\d+)(-.+)$/.exec(currentTag))) {
        // CloudNativePG M.m-flavour-distro: the next minor of the same flavour and distro.
        const [major, minor, suffix] = [Number(m[1]), Number(m[2]), m[3]];
        next = `${major}.${minor + 1}${suffix}`;
        traps = [`${major}.${minor + 1}-minimal-trixie`, `${major}.${minor + 2}-standard-bookworm`, `${major + 1}.0${suffix}`, `${major}`];
    } else if ((m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(currentTag))) {
        // kubectl v1.a.b: the next patch; the next minor is outside the version skew policy.
        const [major, minor, patch] = [m[1], m[2], m[3]].map(Number);
        next = `v${major}.${minor}.${patch + 1}`;
        traps = [`v${major}.${minor + 1}.0`, "latest"];
    } else {
        throw new Error(`renovate-registry: no fixture for the tag form of ${pinned}`);
    }
    return { pinned, currentDigest, depName, repository, currentTag, expectedTag: next, trapTags: traps };
}

/** Serves the fixtures' tags; resolves with the base URL and a function that stops it. */
export async function startRegistry(fixtures: ImageFixture[]): Promise<{ url: string; close: () => Promise<void> }> {
    const tags = new Map<string, Set<string>>();
    for (const f of fixtures) {
        const set = tags.get(f.repository) ?? new Set<string>();
        for (const t of [f.currentTag, f.expectedTag, ...f.trapTags]) set.add(t);
        tags.set(f.repository, set);
    }
    // A repository pinned at several tags (one per PostgreSQL major) offers all their tags, so
    // each pin also sees the other majors' tags, which must not be proposed to it either.
    const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://registry");
        const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
            const text = JSON.stringify(body);
            res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
            res.end(req.method === "HEAD" ? undefined : text);
        };
        if (url.pathname === "/v2/" || url.pathname === "/v2") return json(200, {});
        let m = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
        if (m && tags.has(m[1])) return json(200, { name: m[1], tags: [...tags.get(m[1])!] });
        m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
        if (m && tags.get(m[1])?.has(m[2])) {
            const index = { schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [] };
            return json(200, index, { "content-type": index.mediaType, "docker-content-digest": digestOf(m[1], m[2]) });
        }
        return json(404, { errors: [{ code: "NAME_UNKNOWN", message: `${url.pathname} not here` }] });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
