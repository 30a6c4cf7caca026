/**
 * What the package says about itself must be true for its readers:
 *   - a tag that the docs, the README or the examples name exists in git (`git tag -l`); until a
 *     release is tagged they name none (rule decided for issue 29: tags cannot be made here, so
 *     the docs follow the tags, never the reverse);
 *   - package.json's version is the newest release in CHANGELOG.md (`## X.Y.Z`), or nothing is
 *     released yet (CHANGELOG.md has only "Unreleased");
 *   - repository, homepage and bugs name the same GitHub repository as the docs' URLs, and
 *     `npm publish` refuses while that is the `<org>` placeholder (scripts/check-publishable.ts);
 *   - every relative link of the README resolves to a file of the published tarball.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { changelogReleases, gitTags, publishProblems } from "../../scripts/check-publishable";

const REPO = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const changelog = fs.readFileSync(path.join(REPO, "CHANGELOG.md"), "utf8");

function files(dir: string, ext: RegExp): string[] {
    return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile() && ext.test(e.name))
        .map((e) => path.relative(REPO, path.join(e.parentPath, e.name)));
}
const texts = ["README.md", "CHANGELOG.md", ...files("docs", /\.md$/), ...files("examples", /\.(md|ts|py|ya?ml|json)$/)].map((f) => ({
    file: f,
    text: fs.readFileSync(path.join(REPO, f), "utf8"),
}));

describe("version, tags and CHANGELOG agree", () => {
    it("names only tags that exist in git", () => {
        const tags = gitTags(REPO);
        const named = texts.flatMap(({ file, text }) => [...text.matchAll(/fhir-ha(?:\.git)?@(v?\d+\.\d+\.\d+[\w.-]*)/g)].map((m) => `${file}: ${m[1]}`));
        expect(named.filter((n) => !tags.includes(n.split(": ")[1]))).toEqual([]);
    });

    it("carries the newest CHANGELOG release as its version, or nothing is released yet", () => {
        const newest = changelogReleases(changelog)[0];
        const versionTags = gitTags(REPO).filter((t) => /^v\d+\.\d+\.\d+$/.test(t));
        expect(changelog).toMatch(/^## Unreleased$/m);
        // Released: the version is the newest release. Not yet: no release tag exists either.
        expect(newest ?? pkg.version).toBe(pkg.version);
        expect(newest !== undefined || versionTags.length === 0, `tags ${versionTags.join(", ")} but no release in CHANGELOG.md`).toBe(true);
    });

    it("reads CHANGELOG release headings, newest first", () => {
        expect(changelogReleases("# C\n\n## Unreleased\n\n## 0.2.0 (2026-12-01)\n\n## [0.1.0]\n")).toEqual(["0.2.0", "0.1.0"]);
        expect(changelogReleases("## Unreleased\n### Added\n")).toEqual([]);
    });
});

describe("package metadata for npm readers", () => {
    it("names the repository the docs name, in repository, homepage and bugs", () => {
        const base = "https://github.com/<org>/fhir-ha";
        expect(pkg.repository).toEqual({ type: "git", url: `git+${base}.git` });
        expect(pkg.homepage).toBe(`${base}#readme`);
        expect(pkg.bugs).toEqual({ url: `${base}/issues` });
        const docUrls = texts.flatMap(({ text }) => [...text.matchAll(/https:\/\/github\.com\/([^/\s`]+)\/fhir-ha\b/g)].map((m) => m[1]));
        expect(docUrls.length).toBeGreaterThan(0);
        expect(new Set(docUrls)).toEqual(new Set(["<org>"]));
    });

    it("refuses to publish with the placeholder organisation, an unreleased version or a missing tag", () => {
        expect(publishProblems(pkg, changelog, gitTags(REPO))).toEqual(
            expect.arrayContaining([expect.stringMatching(/^package\.json repository names the placeholder organisation <org>/)]),
        );
        const ready = { version: "1.2.3", repository: { url: "git+https://github.com/acme/fhir-ha.git" }, homepage: "https://github.com/acme/fhir-ha#readme", bugs: { url: "https://github.com/acme/fhir-ha/issues" } };
        expect(publishProblems(ready, "## Unreleased\n\n## 1.2.3\n", ["v1.2.3"])).toEqual([]);
        expect(publishProblems(ready, "## Unreleased\n\n## 1.2.2\n", ["v1.2.3"])).toEqual([expect.stringMatching(/not the newest release in CHANGELOG\.md \(1\.2\.2\)/)]);
        expect(publishProblems(ready, "## 1.2.3\n", [])).toEqual(["git has no tag v1.2.3: tag the release commit first"]);
    });

    it("links, from the README, only files the tarball ships", () => {
        const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO, encoding: "utf8" });
        expect(r.status, r.stderr).toBe(0);
        const shipped = new Set<string>(JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path));
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l) && !l.startsWith("#"));
        expect(links.length).toBeGreaterThan(10);
        const dead = links
            .map((l) => l.split("#")[0])
            .filter((l) => (l.endsWith("/") ? ![...shipped].some((f) => f.startsWith(l)) : !shipped.has(l)));
        expect(dead).toEqual([]);
    });
});
