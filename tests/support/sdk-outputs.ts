/**
 * The output properties of a provider resource, read from its SDK's declaration file: the class
 * properties `readonly <name>: pulumi.Output<...>` are exactly what the provider returns as
 * outputs (and what CrossGuard's stack policies see after a deploy). Used to turn a plan's inputs
 * into output-shaped props: keep what the SDK declares as an output, drop input-only properties.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const NODE_MODULES = path.resolve(__dirname, "../../node_modules");

/** `pkg:module/sub:Name` -> the SDK's .d.ts, or undefined for types without one (CRDs, charts v4). */
export function declarationFileOf(type: string): string | undefined {
    const [pkg, mod, name] = type.split(":");
    if (!pkg || !mod || !name) return undefined;
    const file = name.charAt(0).toLowerCase() + name.slice(1);
    let dir: string;
    if (pkg === "kubernetes") {
        // kubernetes:apps/v1:Deployment -> apps/v1; networking.k8s.io/v1 -> networking/v1; helm.sh/v3 -> helm/v3
        const [group, version] = mod.split("/");
        dir = path.join(group.split(".")[0], version ?? "");
    } else {
        // aws:s3/bucketV2:BucketV2 -> s3; random:index/randomString:RandomString -> (root); azure-native:storage:X -> storage
        const m = mod.split("/")[0];
        dir = m === "index" ? "" : m;
    }
    const candidate = path.join(NODE_MODULES, "@pulumi", pkg, dir, `${file}.d.ts`);
    return fs.existsSync(candidate) ? candidate : undefined;
}

const cache = new Map<string, Set<string> | undefined>();

/** The output property names the SDK declares for a resource type, or undefined when no SDK class exists. */
export function sdkOutputKeys(type: string): Set<string> | undefined {
    if (cache.has(type)) return cache.get(type);
    const file = declarationFileOf(type);
    let keys: Set<string> | undefined;
    if (file) {
        const className = type.split(":")[2];
        const text = fs.readFileSync(file, "utf8");
        const start = text.indexOf(`export declare class ${className} extends`);
        if (start < 0) throw new Error(`${file} declares no class ${className}`);
        const body = text.slice(start, text.indexOf("\n}", start));
        keys = new Set([...body.matchAll(/^\s+readonly (\w+)\??: pulumi\.Output</gm)].map((m) => m[1]));
    }
    cache.set(type, keys);
    return keys;
}
