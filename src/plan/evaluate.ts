/**
 * Evaluates a Pulumi program under the mock runtime with a stack's config and returns what it
 * registered and exported. One evaluation per process: the SDK's runtime state is global.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError } from "../config/errors";
import { installMockRuntime, PlannedResource, settle } from "./mock-runtime";
import { StackConfigMap } from "./stack-files";

export interface Evaluation {
    resources: PlannedResource[];
    /** The program's exports in the wire form (secrets wrapped, unknowns as the SDK's marker). */
    outputs: Record<string, unknown>;
    /** Invoke tokens the program called, in call order. */
    invokes: string[];
    /** What each component passed to `registerOutputs`, by URN (wire form). */
    componentOutputs: Map<string, Record<string, unknown>>;
    /** The `@pulumi/*` packages loaded while evaluating, sorted: proof of which cloud SDKs a stack loads. */
    sdks: string[];
}

/** The `@pulumi/*` packages present in the module cache. */
export function loadedPulumiPackages(): string[] {
    const found = new Set<string>();
    for (const file of Object.keys(require.cache)) {
        const m = /node_modules[\\/]@pulumi[\\/]([^\\/]+)[\\/]/.exec(file);
        if (m) found.add(`@pulumi/${m[1]}`);
    }
    return [...found].sort();
}

/**
 * A failure a user can fix from the message alone (invalid config): printed without a stack
 * trace, as `pulumi up` prints a RunError or a ResourceError.
 */
export function isUserError(e: unknown): e is Error {
    return (
        e instanceof ConfigValidationError ||
        (e instanceof Error && e.name === "ConfigValidationError") ||
        pulumi.RunError.isInstance(e) ||
        pulumi.ResourceError.isInstance(e)
    );
}

/**
 * Runs `programPath` (a module whose exports are the stack outputs) and waits until it has
 * registered everything. Errors from anywhere in the program, including a component's async
 * `initialize`, reject the returned promise instead of being lost in a detached promise.
 */
export async function evaluateProgram(opts: {
    programPath: string;
    project: string;
    stack: string;
    stackConfig: StackConfigMap;
}): Promise<Evaluation> {
    // An async failure inside the SDK (a component's initialize, an apply) surfaces only as an
    // unhandled rejection when nothing awaits it; collect those so the plan fails instead of
    // printing a partial tree.
    const detached: unknown[] = [];
    const onRejection = (reason: unknown) => detached.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
        const recorder = await installMockRuntime({
            project: opts.project,
            stack: opts.stack,
            config: opts.stackConfig.config,
            secretKeys: opts.stackConfig.secretKeys,
        });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported = require(opts.programPath) as Record<string, unknown>;
        // Serializing the exports awaits every output, so a rejected one throws here.
        const outputs = await pulumi.runtime.serializeProperties("stack outputs", { ...exported });
        await settle(recorder);
        if (detached.length > 0) throw detached[0];
        return {
            resources: [...recorder.resources],
            outputs,
            invokes: [...recorder.invokes],
            componentOutputs: new Map(recorder.componentOutputs),
            sdks: loadedPulumiPackages(),
        };
    } finally {
        process.off("unhandledRejection", onRejection);
    }
}
