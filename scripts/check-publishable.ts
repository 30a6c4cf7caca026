/**
 * `npm publish` runs this first (`prepublishOnly`) and stops when the package would be published
 * with facts that are not true yet:
 *   - package.json's repository, homepage and bugs still name the placeholder organisation
 *     `<org>` (the repository has no public home yet; the docs use the same placeholder);
 *   - the version is not the newest release in CHANGELOG.md (`## X.Y.Z`), or its tag `vX.Y.Z`
 *     does not exist in git (the docs may name only tags that exist: tests/package/release.test.ts).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

/** Released versions in CHANGELOG.md, newest first: headings `## X.Y.Z` (a date may follow). */
export function changelogReleases(changelog: string): string[] {
    return [...changelog.matchAll(/^## \[?v?(\d+\.\d+\.\d+)\]?(?:\s|$)/gm)].map((m) => m[1]);
}

/** The tags of the repository (`git tag -l`). */
export function gitTags(dir = ROOT): string[] {
    const r = spawnSync("git", ["tag", "-l"], { cwd: dir, encoding: "utf8" });
    return r.status === 0 ? r.stdout.split("\n").filter(Boolean) : [];
}

/** Why the package must not be published now; [] when it may. */
export function publishProblems(pkg: Record<string, any>, changelog: string, tags: string[]): string[] {
    const problems: string[] = [];
    for (const key of ["repository", "homepage", "bugs"]) {
        if (JSON.stringify(pkg[key] ?? "").includes("<org>")) problems.push(`package.json ${key} names the placeholder organisation <org>: set the real one`);
    }
    const newest = changelogReleases(changelog)[0];
    if (newest !== pkg.version) problems.push(`package.json version ${pkg.version} is not the newest release in CHANGELOG.md (${newest ?? "none"}): move "Unreleased" under "## ${pkg.version}"`);
    if (!tags.includes(`v${pkg.version}`)) problems.push(`git has no tag v${pkg.version}: tag the release commit first`);
    return problems;
}

if (require.main === module) {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const problems = publishProblems(pkg, fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8"), gitTags());
    for (const p of problems) console.error(`cannot publish: ${p}`);
    process.exit(problems.length > 0 ? 1 : 0);
}
