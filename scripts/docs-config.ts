/** Rewrites the generated key table in docs/configuration.md from the config schema. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withConfigTable } from "../src/config/docs";

const path = join(__dirname, "..", "docs", "configuration.md");
writeFileSync(path, withConfigTable(readFileSync(path, "utf8")));
console.log(`updated ${path}`);
