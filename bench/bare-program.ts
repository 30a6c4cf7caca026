/**
 * The bench's baseline: the least a mock-runtime program can do for a stack. It loads the same
 * provider SDK files the plan of that stack loaded and registers as many resources, with small
 * inputs and no logic, and writes nothing. What the plan costs beyond this is our code.
 *
 *   FHIR_HA_BENCH_RESOURCES=N FHIR_HA_BENCH_SDK_FILES=list.json node --import tsx bare-program.ts
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";

/** A resource with no behaviour of its own: one registration, nothing else. */
class Thing extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs) {
        super("bench:index:Thing", name, props);
    }
}

async function main(): Promise<void> {
    // Same runtime setting as the plan (see src/plan/run-stack.ts), so the ratio measures our
    // code, not a loader option.
    process.setSourceMapsEnabled(false);
    const count = Number(process.env.FHIR_HA_BENCH_RESOURCES ?? "0");
    const listFile = process.env.FHIR_HA_BENCH_SDK_FILES;
    const sdkFiles: string[] = listFile ? JSON.parse(fs.readFileSync(listFile, "utf8")) : [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
            call: (args) => args.inputs,
        },
        "bench",
        "bare",
        true,
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const file of sdkFiles) require(file);
    const resources = Array.from(
        { length: count },
        (_, i) => new Thing(`thing-${i}`, { index: i, labels: { app: "bench" } }),
    );
    // Registration is asynchronous: wait until the mock monitor has answered every one.
    await Promise.all(resources.map((r) => (r.urn as unknown as { promise(): Promise<string> }).promise()));
}

main().then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
    },
);
