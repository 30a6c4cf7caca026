/**
 * Plans a stack's config IN this process (no child process per plan): one mock runtime, the
 * program's own steps (`loadStackConfig`, `FhirPlatform`), the plan document the CLI would write
 * (with the checklist when asked). Modules stay loaded between plans, so a plan after the first
 * costs only the program's evaluation. Used by the replacement-safety matrix and the tests of the
 * plan command's diff and checklist output. What it leaves out: the program's stack outputs and
 * the record of loaded SDKs (`sdks`), which need a process per stack (src/plan/run-stack.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { OFFLINE_PLAN_ENV } from "../../src/config/load";
import { loadStackConfig } from "../../src/validation/load";
import { STACKS_DIR_ENV } from "../../src/plan/stack-files";
import { buildPlanDocument, PlanDocument } from "../../src/plan/document";
import { postProcess } from "../../src/plan/post-process";
import { installMockRuntime, isInstalled, Recorder, settle } from "../../src/plan/mock-runtime";
import { ALL_CLOUD_MOCKS } from "../../src/plan/mocks";
import { CloudMocks } from "../../src/plan/mocks/types";
import { StackConfigMap } from "../../src/plan/stack-files";
import { FhirPlatform } from "../../src/platform/fhir-platform";

let recorder: Recorder | undefined;
/** The extra mock layers the installed runtime was made with (none: the shipped mocks alone). */
let installedLayers: CloudMocks[] = [];

export interface InProcessPlanOptions {
    checklist?: boolean;
    /**
     * Mock layers merged over the shipped ones: the cloud's side of a lifecycle scenario, e.g. a
     * control plane that upgraded itself (an EKS cluster whose `version` output is one minor ahead).
     */
    cloudState?: CloudMocks[];
    /**
     * Where the program reads other stacks' files (a region pair's other stack,
     * src/validation/pair.ts); default: the repository's stacks/.
     */
    stacksDir?: string;
}

/** Plans `stackConfig`; a program failure (e.g. zones the region lacks) rejects, and its detached promises are absorbed. */
export async function planInProcess(stack: string, stackConfig: StackConfigMap, opts: InProcessPlanOptions = {}): Promise<PlanDocument> {
    const detached: unknown[] = [];
    const absorb = (reason: unknown) => detached.push(reason);
    // A program that fails in an `apply` a resource waits for (a refusal that gates resources
    // through `dependsOn`) never finishes under the mocks, where the real language host would
    // stop at the unhandled rejection: stop at the first one too.
    let stop: (reason: unknown) => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => (stop = reject));
    stopped.catch(() => undefined);
    const absorbAndStop = (reason: unknown) => {
        absorb(reason);
        stop(reason);
    };
    // evaluate() restores these when it finishes; a stopped one never does.
    const offlineBefore = process.env[OFFLINE_PLAN_ENV];
    const stacksDirBefore = process.env[STACKS_DIR_ENV];
    if (opts.stacksDir) process.env[STACKS_DIR_ENV] = opts.stacksDir;
    const stackTraceLimit = Error.stackTraceLimit;
    process.on("unhandledRejection", absorbAndStop);
    try {
        const doc = await Promise.race([evaluate(stack, stackConfig, opts.cloudState ?? []), stopped]);
        await new Promise((r) => setTimeout(r, 0));
        if (detached.length > 0) throw detached[0];
        // The plan command's post-processing (src/plan/post-process.ts): the checklist.
        return opts.checklist ? postProcess(doc) : doc;
    } finally {
        process.off("unhandledRejection", absorbAndStop);
        Error.stackTraceLimit = stackTraceLimit;
        if (offlineBefore === undefined) delete process.env[OFFLINE_PLAN_ENV];
        else process.env[OFFLINE_PLAN_ENV] = offlineBefore;
        if (stacksDirBefore === undefined) delete process.env[STACKS_DIR_ENV];
        else process.env[STACKS_DIR_ENV] = stacksDirBefore;
    }
}

async function evaluate(stack: string, stackConfig: StackConfigMap, cloudState: CloudMocks[]): Promise<PlanDocument> {
    const sameLayers = cloudState.length === installedLayers.length && cloudState.every((l, i) => l === installedLayers[i]);
    if (!isInstalled(recorder) || !sameLayers) {
        recorder = await installMockRuntime({ project: "fhir-ha", stack: "matrix", mocks: [...ALL_CLOUD_MOCKS, ...cloudState] });
        installedLayers = cloudState;
    }
    if (!recorder) throw new Error("the mock runtime was not installed");
    recorder.reset();
    // As `npm run plan` does (src/plan/run-stack.ts): the shipped stacks' documentation
    // placeholders are warnings offline, errors only for a real deploy.
    const offline = process.env[OFFLINE_PLAN_ENV];
    process.env[OFFLINE_PLAN_ENV] = "1";
    pulumi.runtime.setAllConfig(stackConfig.config, stackConfig.secretKeys);
    // The SDK captures a stack trace at every registration (the source position it would send
    // the engine); under the test runner each frame is source-mapped. Nothing here reads them.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let loaded;
    try {
        loaded = loadStackConfig();
        const platform = new FhirPlatform("fhir", loaded);
        await (platform as unknown as { getData(): Promise<unknown> }).getData();
        await settle(recorder);
    } finally {
        Error.stackTraceLimit = limit;
        if (offline === undefined) delete process.env[OFFLINE_PLAN_ENV];
        else process.env[OFFLINE_PLAN_ENV] = offline;
    }
    return buildPlanDocument({
        stack,
        cloud: loaded.config.cloud,
        resources: [...recorder.resources],
        outputs: {},
        componentOutputs: new Map(recorder.componentOutputs),
        config: stackConfig,
    });
}
