/**
 * A diagnostic beside the bench, not part of it: the least any program can cost that registers
 * exactly a stack's resources. It reads a written plan (`out/plan/<stack>.json`) and constructs
 * each resource with the provider SDK's own class, the plan's inputs and the same parent, under
 * the bare program's trivial mocks, with none of our logic, no checks and no output.
 *
 * The bench's yardstick stays `bare-program.ts` (generic resources with two inputs). What this
 * program costs above the bare program is the SDKs' own work per resource (the SDK builds Outputs
 * for each output property a class declares and each alias it carries; the Azure component's
 * transformation, which drops azure-native's API-version aliases, is applied here as in the plan);
 * what the plan costs above this is ours. docs/plan.md ("Bench") has the figures.
 *
 *   FHIR_HA_PLAN=out/plan/azure-prod.json node --import tsx bench/sdk-floor.ts
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { dropApiVersionAliases } from "../src/clouds/azure/api-version-aliases";

interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    inputs?: Record<string, unknown>;
}

type ResourceClass = new (name: string, args: Record<string, unknown>, opts: pulumi.CustomResourceOptions) => pulumi.Resource;

/** @pulumi/kubernetes folders of the built-in API groups; any other group is a CustomResource. */
const KUBERNETES_GROUPS: Record<string, string> = {
    core: "core",
    apps: "apps",
    batch: "batch",
    policy: "policy",
    "admissionregistration.k8s.io": "admissionregistration",
    "networking.k8s.io": "networking",
    "rbac.authorization.k8s.io": "rbac",
    "scheduling.k8s.io": "scheduling",
    "storage.k8s.io": "storage",
};

/** The SDK class of a type token, or undefined for our own components. */
function sdkClass(type: string): ResourceClass | undefined {
    const [pkg, mod, name] = type.split(":");
    const load = (file: string, member: string): ResourceClass =>
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require(file) as Record<string, ResourceClass>)[member];
    if (pkg === "pulumi" && mod === "providers") return load(`@pulumi/${name}/provider`, "Provider");
    if (pkg === "azure-native") return load(`@pulumi/azure-native/${mod}`, name);
    if (pkg === "aws" || pkg === "gcp") return load(`@pulumi/${pkg}/${mod.split("/")[0]}`, name);
    if (pkg === "random" || pkg === "tls") return load(`@pulumi/${pkg}`, name);
    if (pkg === "kubernetes") {
        if (mod === "helm.sh/v4") return load("@pulumi/kubernetes/helm/v4", "Chart");
        const [group, version] = mod.split("/");
        const folder = KUBERNETES_GROUPS[group];
        return folder ? load(`@pulumi/kubernetes/${folder}/${version}`, name) : load("@pulumi/kubernetes/apiextensions", "CustomResource");
    }
    return undefined;
}

async function main(): Promise<void> {
    // As the plan and the bare program run.
    process.setSourceMapsEnabled(false);
    const plan = JSON.parse(fs.readFileSync(process.env.FHIR_HA_PLAN ?? "", "utf8")) as { stack: string; resources: PlannedResource[] };
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
            call: (args) => args.inputs,
        },
        "fhir-ha",
        plan.stack,
        true,
    );
    const byUrn = new Map<string, pulumi.Resource>();
    for (const r of plan.resources) {
        const opts: pulumi.CustomResourceOptions = { parent: r.parent ? byUrn.get(r.parent) : undefined };
        // What the Azure component asks of the SDK for every resource under it.
        if (r.type === "fhir-ha:azure:Cluster") opts.transformations = [dropApiVersionAliases];
        const Class = sdkClass(r.type);
        byUrn.set(r.urn, Class ? new Class(r.name, r.inputs ?? {}, opts) : new pulumi.ComponentResource(r.type, r.name, {}, opts));
    }
    await Promise.all([...byUrn.values()].map((r) => (r.urn as unknown as { promise(): Promise<string> }).promise()));
}

main().then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
    },
);
