/**
 * Regenerates schemas/cloudnative-pg/ from the CRDs of the pinned releases (schemas/cloudnative-pg/
 * README.md): downloads each CRD manifest at its release tag, and writes one file per served
 * version, `{ apiVersion, kind, schema }` with keys sorted, indented by one space, no final newline
 * (the files are then byte-identical wherever they are generated).
 *
 *   npm run schemas:crd            # rewrite the files
 *   npm run schemas:crd -- --check # exit 1 when a file differs from the release
 *
 * Needs network access to raw.githubusercontent.com. Bump the tags below together with the chart
 * pins in src/config/pins.ts (CHARTS.cloudnativePg ships the operator version, CHARTS.barmanCloud
 * the plugin's imageTag).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export const CRD_SOURCES = [
    { repo: "cloudnative-pg/cloudnative-pg", tag: "v1.30.0", file: "config/crd/bases/postgresql.cnpg.io_clusters.yaml" },
    { repo: "cloudnative-pg/cloudnative-pg", tag: "v1.30.0", file: "config/crd/bases/postgresql.cnpg.io_scheduledbackups.yaml" },
    { repo: "cloudnative-pg/cloudnative-pg", tag: "v1.30.0", file: "config/crd/bases/postgresql.cnpg.io_backups.yaml" },
    { repo: "cloudnative-pg/cloudnative-pg", tag: "v1.30.0", file: "config/crd/bases/postgresql.cnpg.io_poolers.yaml" },
    { repo: "cloudnative-pg/plugin-barman-cloud", tag: "v0.14.0", file: "config/crd/bases/barmancloud.cnpg.io_objectstores.yaml" },
];

const OUT = path.resolve(__dirname, "..", "schemas", "cloudnative-pg");

function sortKeys(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
    return v;
}

/** The schema files of one CRD manifest: file name → content. */
export function schemaFiles(crd: any): Record<string, string> {
    const group: string = crd.spec.group;
    const kind: string = crd.spec.names.kind;
    const out: Record<string, string> = {};
    for (const v of crd.spec.versions ?? []) {
        if (!v.served) continue;
        const apiVersion = `${group}/${v.name}`;
        out[`${group}_${v.name}_${kind}.json`] = JSON.stringify(sortKeys({ apiVersion, kind, schema: v.schema.openAPIV3Schema }), null, 1);
    }
    return out;
}

async function main(check: boolean): Promise<number> {
    let differ = 0;
    for (const s of CRD_SOURCES) {
        const url = `https://raw.githubusercontent.com/${s.repo}/${s.tag}/${s.file}`;
        const res = await fetch(url);
        if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
        for (const [name, text] of Object.entries(schemaFiles(parse(await res.text())))) {
            const file = path.join(OUT, name);
            const same = fs.existsSync(file) && fs.readFileSync(file, "utf8") === text;
            if (check) {
                if (!same) differ++;
                process.stdout.write(`${same ? "same" : "DIFFERS"}  ${name}  (${s.repo}@${s.tag})\n`);
            } else {
                fs.mkdirSync(OUT, { recursive: true });
                fs.writeFileSync(file, text);
                process.stdout.write(`wrote ${name} from ${s.repo}@${s.tag} ${s.file}\n`);
            }
        }
    }
    return differ > 0 ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.includes("--check")).then(
        (code) => process.exit(code),
        (e) => {
            process.stderr.write(`crd-schemas: ${e instanceof Error ? e.message : String(e)}\n`);
            process.exit(2);
        },
    );
}
