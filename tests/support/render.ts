/**
 * Test helper: renders program code under the mock runtime and returns what was registered.
 * The mock runtime is installed again when the options change or another helper installed its
 * own (test files may share a process: vitest.config.mts), and reset between renders.
 */
import * as pulumi from "@pulumi/pulumi";
import { installMockRuntime, inputsOf, isInstalled, MockRuntimeOptions, PlannedResource, Recorder, settle } from "../../src/plan/mock-runtime";

let recorder: Recorder | undefined;
let installedWith: MockRuntimeOptions | undefined;

/** Same project, stack, config and mock layers (the layers by identity). */
function sameOptions(a: MockRuntimeOptions, b: MockRuntimeOptions): boolean {
    const plain = (o: MockRuntimeOptions) => JSON.stringify([o.project, o.stack, o.config, o.secretKeys]);
    const layers = (o: MockRuntimeOptions) => o.mocks ?? [];
    return plain(a) === plain(b) && layers(a).length === layers(b).length && layers(a).every((m, i) => m === layers(b)[i]);
}

export interface Rendered {
    resources: PlannedResource[];
    /** Resources of one type token. */
    ofType(type: string): PlannedResource[];
    /** The one resource of this type and name (throws when absent). */
    get(type: string, name: string): PlannedResource;
    /** Inputs (secrets unwrapped) of the one resource of this type and name. */
    inputs(type: string, name: string): Record<string, any>;
    /** Kubernetes objects by kind (custom resources included), with their inputs. */
    kind(kind: string): Record<string, any>[];
    invokes: string[];
}

export async function render(build: () => unknown, opts: MockRuntimeOptions = {}): Promise<Rendered> {
    if (!isInstalled(recorder) || !installedWith || !sameOptions(installedWith, opts)) {
        recorder = await installMockRuntime(opts);
        installedWith = opts;
    }
    const current = recorder!;
    current.reset();
    const built = await build();
    // A component that builds its children in an async `initialize` (FhirPlatform imports its
    // cloud first) is done when its data resolves; awaiting it also surfaces its errors.
    if (built instanceof pulumi.ComponentResource) await (built as unknown as { getData(): Promise<unknown> }).getData();
    await settle(current);
    const resources = [...current.resources];
    const invokes = [...current.invokes];
    const get = (type: string, name: string) => {
        const r = resources.find((x) => x.type === type && x.name === name);
        if (!r) throw new Error(`no ${type} named ${name}; have: ${resources.map((x) => `${x.type} ${x.name}`).join(", ")}`);
        return r;
    };
    return {
        resources,
        invokes,
        ofType: (type) => resources.filter((r) => r.type === type),
        get,
        inputs: (type, name) => inputsOf(get(type, name)),
        kind: (kind) =>
            resources
                .filter((r) => r.type.startsWith("kubernetes:"))
                .map(inputsOf)
                .filter((i) => i.kind === kind),
    };
}
