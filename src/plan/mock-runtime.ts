/**
 * Runs Pulumi program code under the SDK's mock runtime (`pulumi.runtime.setMocks`) and records
 * every registered resource with its parent and inputs. Used by the offline plan and by the tests,
 * so the tests assert on exactly what the plan shows.
 */
import * as pulumi from "@pulumi/pulumi";
import { SECRET_MARK, UNKNOWN_MARK } from "./marks";
import { CloudMocks } from "./mocks/types";

/** Signatures the Pulumi wire format uses (see @pulumi/pulumi runtime/rpc). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export { SECRET_MARK, UNKNOWN_MARK };

export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    /** The parent's URN, or null for the stack's top-level resources. */
    parent: string | null;
    custom: boolean;
    /** Registered inputs in the wire form (secrets still wrapped); see `inputsOf`. */
    raw: Record<string, unknown>;
    /**
     * The `protect` and `retainOnDelete` resource options as the SDK sent them (protect is
     * inherited from the parent by the SDK). Options are not inputs, but the checklist needs them
     * to prove that stateful resources survive a `pulumi destroy` or a replacement.
     */
    protect?: boolean;
    retainOnDelete?: boolean;
    /**
     * The other resource options the engine acts on, as the SDK sent them in the registration:
     * URNs this resource depends on (explicit `dependsOn`, input dependencies and the parent's
     * `dependsOn` as the SDK expands them), its provider reference (`urn::id`), and the options
     * that change how a diff is applied.
     */
    dependencies?: string[];
    /**
     * Per input property, the URNs of the resources whose outputs it was computed from (the
     * SDK's `propertyDependencies`: the resources of every Output that flowed into it, through
     * any `apply`). What lets the diff tell which inputs wait for an updated resource's outputs.
     */
    propertyDependencies?: Record<string, string[]>;
    provider?: string;
    ignoreChanges?: string[];
    replaceOnChanges?: string[];
    deleteBeforeReplace?: boolean;
    /** URNs whose replacement replaces this resource too (`replaceWith`). */
    replaceWith?: string[];
    /** Aliases as the SDK sent them: `{ urn }` or `{ spec: { name, type, stack, project, parentUrn, noParent } }`. */
    aliases?: Record<string, unknown>[];
}

/** Turns wire-form values into plain JSON: secrets unwrapped (`plain`) or masked (`masked`). */
export function normalize(value: unknown, mode: "plain" | "masked"): unknown {
    if (value === UNKNOWN) return UNKNOWN_MARK;
    if (Array.isArray(value)) return value.map((v) => normalize(v, mode));
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        const sig = o[SIG_KEY];
        if (sig === SECRET_SIG) return mode === "masked" ? SECRET_MARK : normalize(o.value, mode);
        if (sig === RESOURCE_SIG) return { resource: o.urn };
        if (sig === ASSET_SIG) return o.text ?? o.path ?? o.uri;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = normalize(v, mode);
        return out;
    }
    return value;
}

/** A resource's inputs with secrets unwrapped: what tests assert on. */
export function inputsOf(r: PlannedResource): Record<string, any> {
    return normalize(r.raw, "plain") as Record<string, any>;
}

export interface MockRuntimeOptions {
    project?: string;
    stack?: string;
    /** Full config map (`fhir-ha:cloud` → value; objects as JSON text). */
    config?: Record<string, string>;
    /** Keys of `config` that are secrets. */
    secretKeys?: string[];
    /** Cloud mock layers; all four are merged by default. */
    mocks?: CloudMocks[];
}

export class Recorder {
    readonly resources: PlannedResource[] = [];
    readonly invokes: string[] = [];
    /** What each component passed to `registerOutputs`, by URN, in the wire form. */
    readonly componentOutputs = new Map<string, Record<string, unknown>>();

    byType(type: string): PlannedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    reset(): void {
        this.resources.length = 0;
        this.invokes.length = 0;
        this.componentOutputs.clear();
    }
}

function mergeMocks(layers: CloudMocks[]): CloudMocks {
    return {
        calls: Object.assign({}, ...layers.map((l) => l.calls)),
        outputs: Object.assign({}, ...layers.map((l) => l.outputs)),
    };
}

/** Separates a resource URN from an output property in a dependency entry: `<urn>#<output>`. */
export const OUTPUT_DEPENDENCY_MARK = "#";

/**
 * The SDK records which RESOURCES an input was computed from, not which of their outputs. To tell
 * `cluster.name` from `cluster.agentPoolProfiles` (a provider keeps one in a preview of an update
 * and not the other: src/plan/preview-outputs.ts), each output property of a resource also
 * carries a stand-in dependency `<urn>#<property>`: the SDK then lists it in the property
 * dependencies of every input computed from that output, through any `apply` or `all`. The
 * stand-ins are taken out of `dependencies` and kept in `propertyDependencies` only.
 */
let outputsTagged = false;
function tagOutputDependencies(): void {
    if (outputsTagged) return;
    outputsTagged = true;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rpc = require("@pulumi/pulumi/runtime/rpc") as { transferProperties: (onto: any, label: string, props: Record<string, unknown>) => unknown };
    const transfer = rpc.transferProperties;
    rpc.transferProperties = (onto, label, props) => {
        const resolvers = transfer(onto, label, props);
        // Called for custom (and remote) resources only, from inside their constructor.
        const res = onto as any;
        for (const k of Object.keys(props)) {
            const out = res[k];
            if (k === "id" || k === "urn" || !pulumi.Output.isInstance(out)) continue;
            const standIn = { __pulumiResource: true, __pulumiCustomResource: true, urn: { promise: () => res.urn.promise().then((u: string) => `${u}${OUTPUT_DEPENDENCY_MARK}${k}`) } };
            const own = new Set([...(out as any).resources(), standIn]);
            const all = (out as any).allResources.bind(out);
            (out as any).resources = () => own;
            (out as any).allResources = () => all().then((r: Set<unknown>) => new Set([...r, standIn]));
        }
        return resolvers;
    };
}

/** The registration's `propertyDependencies` map as plain JSON: property → sorted URNs and `<urn>#<output>` (non-empty only). */
function propertyDependenciesOf(req: any): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    const map = req.getPropertydependenciesMap?.();
    if (!map) return out;
    for (const [key, deps] of map.entries() as Iterable<[string, any]>) {
        const urns = [...new Set<string>(deps.getUrnsList())].sort();
        if (urns.length > 0) out[key] = urns;
    }
    return out;
}

/** The recorder of the mock runtime installed last in this process. */
let installed: Recorder | undefined;

/** True while `recorder` is the one the installed mock runtime reports to. */
export function isInstalled(recorder: Recorder | undefined): boolean {
    return recorder !== undefined && recorder === installed;
}

/**
 * Installs the mock runtime for this process and returns the recorder that collects every
 * registration. Installing again replaces the runtime: the project, stack and config are the new
 * ones (config not given is empty), and earlier recorders stop receiving registrations.
 */
export async function installMockRuntime(opts: MockRuntimeOptions = {}): Promise<Recorder> {
    const recorder = new Recorder();
    tagOutputDependencies();
    const layers = mergeMocks(opts.mocks ?? (await defaultMocks()));
    const mocks: pulumi.runtime.Mocks = {
        newResource(args) {
            const extra = layers.outputs[args.type]?.(args.name, args.inputs) ?? {};
            return { id: args.id || `${args.name}-id`, state: { ...args.inputs, ...extra } };
        },
        call(args) {
            recorder.invokes.push(args.token);
            const answer = layers.calls[args.token];
            if (!answer) throw new Error(`fhir-ha plan: no mock answer for invoke ${args.token}; add one to src/plan/mocks/`);
            return answer(args.inputs ?? {});
        },
    };
    trackComponentInitialize();
    await pulumi.runtime.setMocks(mocks, opts.project ?? "fhir-ha", opts.stack ?? "test", true);
    // setAllConfig replaces the whole config, so nothing from an earlier installation remains.
    pulumi.runtime.setAllConfig(opts.config ?? {}, opts.secretKeys ?? []);

    // The mock monitor does not pass parents to `newResource`; wrap its registerResource to see them.
    const monitor = (pulumi.runtime as any).getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) =>
        register(req, (err: any, resp: any) => {
            if (!err) {
                recorder.resources.push({
                    urn: resp.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    parent: req.getParent() || null,
                    custom: req.getCustom(),
                    raw: (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
                    protect: req.getProtect() === true,
                    retainOnDelete: req.getRetainondelete() === true,
                    dependencies: [...req.getDependenciesList()].filter((u: string) => !u.includes(OUTPUT_DEPENDENCY_MARK)).sort(),
                    propertyDependencies: propertyDependenciesOf(req),
                    provider: req.getProvider() || undefined,
                    ignoreChanges: req.getIgnorechangesList(),
                    replaceOnChanges: req.getReplaceonchangesList(),
                    deleteBeforeReplace: req.getDeletebeforereplace() === true,
                    replaceWith: req.getReplaceWithList(),
                    aliases: req.getAliasesList().map((a: any) => a.toObject()),
                });
            }
            callback(err, resp);
        });
    // Component outputs carry what a tier wants a reviewer to read (e.g. `notes`); keep them.
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: any, resp: any) => void) => {
        recorder.componentOutputs.set(req.getUrn(), (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
        return registerOutputs(req, callback);
    };
    installed = recorder;
    return recorder;
}

/** `initialize` of every component constructed since the mock runtime was first installed, while it runs. */
const initializing = new Set<Promise<unknown>>();
let initializeTracked = false;

/**
 * Tracks each component's `initialize` (the SDK's `ComponentResource.initializeAndRegisterOutputs`,
 * @pulumi/pulumi resource.ts, which the constructor calls and whose promise `getData()` returns):
 * a component that builds its children there after an `await import` of a cloud registers them
 * only when the module has loaded, which under load takes seconds with the RPC queue empty.
 */
function trackComponentInitialize(): void {
    if (initializeTracked) return;
    const proto = pulumi.ComponentResource.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const original = proto.initializeAndRegisterOutputs;
    if (typeof original !== "function") return;
    proto.initializeAndRegisterOutputs = function (this: unknown, ...args: unknown[]) {
        const data = original.apply(this, args);
        initializing.add(data);
        // A failed initialize still surfaces as an unhandled rejection with its own reason, as it
        // did before tracking (the plan fails on it: src/plan/evaluate.ts).
        data.then(
            () => void initializing.delete(data),
            (e: unknown) => {
                initializing.delete(data);
                throw e;
            },
        );
        return data;
    };
    initializeTracked = true;
}

/**
 * Waits until every outstanding registration and invoke has finished: the RPC queue drained and
 * every component's `initialize` done (children registered after an `await import` of a cloud),
 * then the number of registrations unchanged over a few rounds.
 */
export async function settle(recorder: Recorder): Promise<void> {
    // waitForRPCs is internal to the SDK but exported from runtime/settings; it drains the RPC queue.
    const wait = (pulumi.runtime as any).waitForRPCs as (() => Promise<void>) | undefined;
    let last = -1;
    let stableRounds = 0;
    while (stableRounds < 3) {
        if (wait) await wait();
        while (initializing.size > 0) await Promise.allSettled([...initializing]);
        await new Promise((r) => setTimeout(r, 5));
        const n = recorder.resources.length + recorder.invokes.length;
        stableRounds = n === last && initializing.size === 0 ? stableRounds + 1 : 0;
        last = n;
    }
}

async function defaultMocks(): Promise<CloudMocks[]> {
    const { ALL_CLOUD_MOCKS } = await import("./mocks");
    return ALL_CLOUD_MOCKS;
}
