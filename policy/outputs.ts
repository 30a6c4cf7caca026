/**
 * After a deploy, CrossGuard hands a stack policy each resource's OUTPUTS, not its inputs:
 * pulumi/pulumi pkg/resource/deploy/step_generator.go `AnalyzeResources` ("Unlike Analyze,
 * AnalyzeStack is called on the final outputs of each resource": `Properties: v.Outputs`), with
 * the resource's `Dependencies` and `PropertyDependencies` from the state beside them.
 *
 * The bridged providers (aws, gcp) and Kubernetes return every input the checklist reads among
 * their outputs. azure-native does not return its URL path parameters: the outputs of
 * StorageAccount, BlobServiceProperties, BlobContainer and ManagementPolicy list `name`, never
 * `accountName`, `containerName`, `blobServicesName` or `resourceGroupName`
 * (@pulumi/azure-native 3.x `storage/{storageAccount,blobServiceProperties,blobContainer,
 * managementPolicy}.d.ts`: the class properties are the outputs). The checklist joins a storage
 * account's children by `accountName`, so a deployed stack would show no blob service, no
 * versioning and no soft delete. This module gives those path parameters back, from what a
 * deployed resource does have:
 *   - a resource's own path parameter is its `name` output (the account's `accountName`, the
 *     container's `containerName`);
 *   - a child's `accountName` is the `name` output of the storage account it depends on: the
 *     property dependency `accountName` (the program passes `account.name`), else the one storage
 *     account among its dependencies, else the `storageAccounts/<name>` segment of an ARM `id`
 *     (Azure resource IDs: /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Storage/
 *     storageAccounts/{account}/blobServices/default/containers/{container}).
 * A value present in the props (a preview's inputs) always wins; nothing is recovered then.
 *
 * One output shadows an input: an AgentPool's input `type` is the pool type
 * (VirtualMachineScaleSets | AvailabilitySet), its output `type` is the ARM resource type
 * ("Microsoft.ContainerService/managedClusters/agentPools"; agentPool.d.ts: "Resource type"), and
 * the outputs keep the pool type nowhere else. A deployed pool's ARM type is therefore not read as
 * its pool type: it reads as absent, the API's default (VirtualMachineScaleSets), and the
 * preview of any change still checks the input.
 */
import { PolicyResource } from "@pulumi/policy";

const STORAGE_ACCOUNT = "azure-native:storage:StorageAccount";
const AGENT_POOL = "azure-native:containerservice:AgentPool";

/** Per azure-native type: the path parameter that its own `name` output carries. */
const OWN_NAME: Record<string, string> = {
    [STORAGE_ACCOUNT]: "accountName",
    "azure-native:storage:BlobContainer": "containerName",
};

/** azure-native storage account children: path parameter `accountName` names their account. */
const ACCOUNT_CHILDREN = new Set(["azure-native:storage:BlobServiceProperties", "azure-native:storage:BlobContainer", "azure-native:storage:ManagementPolicy"]);

function has(props: object, key: string): boolean {
    return key in props;
}

function accountOf(r: PolicyResource): string | undefined {
    const byProperty = r.propertyDependencies?.accountName?.find((d) => d.type === STORAGE_ACCOUNT);
    if (byProperty) return byProperty.props.name;
    const accounts = (r.dependencies ?? []).filter((d) => d.type === STORAGE_ACCOUNT);
    if (accounts.length === 1) return accounts[0].props.name;
    const id = has(r.props, "id") ? r.props.id : undefined;
    const m = typeof id === "string" ? /\/storageAccounts\/([^/]+)/i.exec(id) : null;
    return m?.[1];
}

/** What a deployed azure-native resource lacks or shadows in its outputs, recovered; {} elsewhere. */
export function deployedOverrides(r: PolicyResource): Record<string, () => unknown> {
    const out: Record<string, () => unknown> = {};
    const own = OWN_NAME[r.type];
    // Read lazily: during a preview `name` may be unknown, and reading it throws @pulumi/policy's
    // UnknownValueError, which must surface only when a rule actually asks for the value.
    if (own && !has(r.props, own) && has(r.props, "name")) out[own] = () => r.props.name;
    if (ACCOUNT_CHILDREN.has(r.type) && !has(r.props, "accountName")) out.accountName = () => accountOf(r);
    if (r.type === AGENT_POOL && has(r.props, "type")) {
        out.type = () => {
            const t = r.props.type;
            return typeof t === "string" && t.includes("/") ? undefined : t;
        };
    }
    return out;
}

/**
 * The props a rule reads: CrossGuard's props (the proxy that throws on unknown values), with the
 * recovered path parameters where the props lack them.
 */
export function propsForChecklist(r: PolicyResource): Record<string, any> {
    const props = (r.props ?? {}) as Record<string, any>;
    const recovered = deployedOverrides(r);
    if (Object.keys(recovered).length === 0) return props;
    return new Proxy(props, {
        get: (target, key, receiver) => (typeof key === "string" && key in recovered ? recovered[key]() : Reflect.get(target, key, receiver)),
        has: (target, key) => (typeof key === "string" && key in recovered) || Reflect.has(target, key),
    });
}
