/**
 * Finding things in a list of planned resources: type tokens, Kubernetes object names, the FHIR
 * server Deployments and the CNPG Clusters by role. Every rule selects through here, so a type
 * token is spelled once.
 */
import { FHIR_SERVER_NAME } from "../names";
import { CheckContext, CheckedResource } from "./types";
import { idReferenceOf } from "./unknown";

export const T = {
    deployment: "kubernetes:apps/v1:Deployment",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    namespace: "kubernetes:core/v1:Namespace",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    cronJob: "kubernetes:batch/v1:CronJob",
    cnpgCluster: "kubernetes:postgresql.cnpg.io/v1:Cluster",
    scheduledBackup: "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup",
    backup: "kubernetes:postgresql.cnpg.io/v1:Backup",
    objectStore: "kubernetes:barmancloud.cnpg.io/v1:ObjectStore",
    volumeSnapshotClass: "kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass",
    service: "kubernetes:core/v1:Service",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    gateway: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
    httpRoute: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
} as const;

/** The Barman Cloud CNPG-I plugin's name in Cluster `plugins` and `externalClusters`. */
export const BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";
export const ZONE_KEY = "topology.kubernetes.io/zone";

export function ofType(ctx: CheckContext, ...types: string[]): CheckedResource[] {
    return ctx.resources.filter((r) => types.includes(r.type));
}

/** metadata.name of a Kubernetes object (the resource name when the object has none). */
export function objectName(r: CheckedResource): string {
    const name = r.inputs?.metadata?.name;
    return typeof name === "string" ? name : r.name;
}

export function objectNamespace(r: CheckedResource): string | undefined {
    const ns = r.inputs?.metadata?.namespace;
    return typeof ns === "string" ? ns : undefined;
}

export function byObjectName(resources: CheckedResource[], name: unknown, namespace?: string): CheckedResource | undefined {
    return resources.find((r) => objectName(r) === name && (namespace === undefined || objectNamespace(r) === undefined || objectNamespace(r) === namespace));
}

/** The cloud of a stack, read from its cloud component (`fhir-ha:<cloud>:Cluster`). */
export function inferCloud(resources: { type: string }[]): string {
    for (const r of resources) {
        const m = /^fhir-ha:(aws|gcp|azure|kubernetes):Cluster$/.exec(r.type);
        if (m) return m[1];
    }
    return "";
}

/** Whether every label of `selector` is on `labels`, and `selector` is not empty. */
export function selects(selector: Record<string, unknown> | undefined, labels: Record<string, unknown> | undefined): boolean {
    const entries = Object.entries(selector ?? {});
    return entries.length > 0 && entries.every(([k, v]) => labels?.[k] === v);
}

/** The FHIR server Deployments: pods labelled as the FHIR tier labels them (src/names.ts). */
export function fhirDeployments(ctx: CheckContext): CheckedResource[] {
    return ofType(ctx, T.deployment).filter((d) => d.inputs?.spec?.template?.metadata?.labels?.["app.kubernetes.io/name"] === FHIR_SERVER_NAME);
}

export function podLabels(deployment: CheckedResource): Record<string, unknown> {
    return deployment.inputs?.spec?.template?.metadata?.labels ?? {};
}

export function containers(deployment: CheckedResource): Record<string, any>[] {
    const c = deployment.inputs?.spec?.template?.spec?.containers;
    return Array.isArray(c) ? c : [];
}

export function cnpgClusters(ctx: CheckContext): CheckedResource[] {
    return ofType(ctx, T.cnpgCluster);
}

/** A replica cluster (the delayed replica) follows another cluster and is never written to. */
export function isReplicaCluster(c: CheckedResource): boolean {
    return c.inputs?.spec?.replica?.enabled === true;
}

/** The clusters that take writes: the primary, and the restore cluster when one is configured. */
export function writableClusters(ctx: CheckContext): CheckedResource[] {
    return cnpgClusters(ctx).filter((c) => !isReplicaCluster(c));
}

/**
 * The writable clusters the FHIR server uses (its env names `<cluster>-rw` or `<cluster>-app`):
 * after a restore that is the restore cluster, and backups must follow it. All writable clusters
 * when no FHIR server names one.
 */
export function activeClusters(ctx: CheckContext): CheckedResource[] {
    const writable = writableClusters(ctx);
    const env = JSON.stringify(fhirDeployments(ctx).map((d) => containers(d).map((c) => c.env ?? [])));
    const used = writable.filter((c) => new RegExp(`(^|[^a-z0-9-])${objectName(c).replace(/[.]/g, "\\.")}-(rw|app)([^a-z0-9-]|$)`).test(env));
    return used.length > 0 ? used : writable;
}

/**
 * A cluster of a region pair (CNPG distributed topology: `spec.replica.primary` set): the pair's
 * primary it names. cloudnative-pg v1.30.0 api/v1/cluster_funcs.go IsReplica: a standby when that
 * name differs from `spec.replica.self` (default: the Cluster's own name).
 */
export function pairPrimaryOf(c: CheckedResource): string | undefined {
    const primary = c.inputs?.spec?.replica?.primary;
    return typeof primary === "string" && primary !== "" ? primary : undefined;
}

/** Whether a region pair's cluster is, in this plan, the standby of the other region's. */
export function isPairStandby(c: CheckedResource): boolean {
    const primary = pairPrimaryOf(c);
    const self = c.inputs?.spec?.replica?.self || objectName(c);
    return primary !== undefined && primary !== self;
}

/** The clusters of a region pair in the plan (standby or promoted). */
export function pairClusters(ctx: CheckContext): CheckedResource[] {
    return cnpgClusters(ctx).filter((c) => pairPrimaryOf(c) !== undefined);
}

export function replicaClusters(ctx: CheckContext): CheckedResource[] {
    return cnpgClusters(ctx).filter(isReplicaCluster);
}

/** The Barman Cloud plugin entry that archives a cluster's WAL, if any. */
export function walArchiver(cluster: CheckedResource): Record<string, any> | undefined {
    const plugins = cluster.inputs?.spec?.plugins;
    if (!Array.isArray(plugins)) return undefined;
    return plugins.find((p) => p?.name === BARMAN_PLUGIN && p?.isWALArchiver === true && p?.enabled !== false);
}

/** Where a plugin entry or external cluster reads or writes: `<ObjectStore destinationPath>/<serverName>`. */
export function archivePath(ctx: CheckContext, parameters: Record<string, any> | undefined, namespace: string | undefined, fallbackServer: string): string | undefined {
    const store = byObjectName(ofType(ctx, T.objectStore), parameters?.barmanObjectName, namespace);
    const destination = store?.inputs?.spec?.configuration?.destinationPath;
    if (typeof destination !== "string") return undefined;
    const server = typeof parameters?.serverName === "string" ? parameters.serverName : fallbackServer;
    return `${destination.replace(/\/+$/, "")}/${server}`;
}

export function scheduledBackupsOf(ctx: CheckContext, cluster: CheckedResource): CheckedResource[] {
    return ofType(ctx, T.scheduledBackup).filter(
        (b) => b.inputs?.spec?.cluster?.name === objectName(cluster) && objectNamespace(b) === objectNamespace(cluster),
    );
}

/** A list as people read it: "a, b and c". */
export function list(items: string[]): string {
    if (items.length <= 1) return items.join("");
    return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * Whether an input value is the ID of resource `r`: the ID itself (a deployed stack under
 * CrossGuard), the plan's resolved ID reference (`{ unknown, from: [{ urn, output: "id" }] }`), or
 * the mock runtime's stand-in `<name>-id` (programs rendered by the tests).
 */
export function refersTo(value: unknown, r: CheckedResource): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value === "string") return value === r.inputs?.id || value === `${r.name}-id`;
    return idReferenceOf(value) === r.urn;
}
