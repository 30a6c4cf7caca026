/**
 * What the drills take from the project: a stack's config, validated by the same `validateConfig`
 * the program runs, the backup policy derived by `backupPolicy()` (retention string, archive
 * timeout, compression, apply delay), the synchronous stanza from the database tier's
 * `synchronousSettings()` and the names from `databaseNames()` (cluster, instance and barman
 * server names). Only the delayed replica's delay is scaled down, and it goes through the
 * same parser and validator, so "20s" here is rendered exactly as "12h" is in the cluster.
 */
import * as fs from "fs";
import { backupPolicy, BackupPolicy } from "../src/config/backup-policy";
import { rawFhirHaConfig } from "../src/config/load";
import { FhirHaConfig } from "../src/config/types";
import { REGION_KEYS, validateConfig } from "../src/validation";
import { synchronousSettings } from "../src/database/synchronous";
import { archivePrefix } from "../src/database/topology";
import { databaseNames, DatabaseNames } from "../src/names";
import { stackConfigFromYaml } from "../src/plan/stack-files";
import { ClusterArchive, ObjectStoreTarget, underPrefix } from "./barman";
import { peersOf, synchronousStandbyNames } from "./pg-conf";

export const DEFAULT_STACK_FILE = "stacks/Pulumi.local.yaml";
/** The delayed replica's delay for the drill: long enough to act in, short enough for CI. */
export const DRILL_DELAY = "20s";

export interface StackValues {
    raw: Record<string, unknown>;
    secretsSet: string[];
    region?: string;
}

export interface DrillSettings {
    stackFile: string;
    stack: StackValues;
    /** The stack's config with only the delayed replica's delay scaled down. */
    config: FhirHaConfig;
    /** The policy as the stack deploys it (unscaled), for the report. */
    deployedPolicy: BackupPolicy;
    /** The policy the drills apply (the scaled delay; everything else identical). */
    policy: BackupPolicy;
    names: DatabaseNames;
    /** CNPG pod names of the primary cluster: `<cluster>-1` .. `<cluster>-<instances>`. */
    instances: string[];
    delayedInstance: string;
    restoreInstance: string;
    /** Bucket (S3) or container (Azure) name the drills archive into. */
    bucket: string;
}

/** The project the stack files belong to; their `fhir-ha:` keys are what the program reads. */
const PROJECT = "fhir-ha";

/**
 * Reads a Pulumi stack file's `fhir-ha:` values the way the offline plan does
 * (`stackConfigFromYaml`): the stack's required secrets, which its file lists as comments but
 * cannot hold, and any `secure:` value get stand-ins, so they are noted as set and never read.
 */
export function readStackFile(file: string): StackValues {
    const { config: all } = stackConfigFromYaml(fs.readFileSync(file, "utf8"), PROJECT);
    const { raw, secretsSet } = rawFhirHaConfig(all);
    const cloud = typeof raw.cloud === "string" ? raw.cloud : "";
    const regionKey = REGION_KEYS[cloud];
    return { raw, secretsSet, region: regionKey ? (all[regionKey] as string | undefined) : undefined };
}

function asObject(value: unknown): Record<string, unknown> {
    if (typeof value === "string" && value.trim().startsWith("{")) return JSON.parse(value) as Record<string, unknown>;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    return {};
}

/** The raw values with the delayed replica enabled and its delay replaced; the input is not changed. */
export function withDrillDelay(raw: Record<string, unknown>, delay: string): Record<string, unknown> {
    const database = asObject(raw.database);
    const delayed = asObject(database.delayedReplica);
    return { ...raw, database: { ...database, delayedReplica: { ...delayed, enabled: true, delay } } };
}

export function drillSettings(stack: StackValues, stackFile: string, delay = DRILL_DELAY): DrillSettings {
    const env = { region: stack.region, secretsSet: stack.secretsSet };
    const deployed = validateConfig(stack.raw, env);
    const config = validateConfig(withDrillDelay(stack.raw, delay), env);
    const names = databaseNames(config);
    const instances = Array.from({ length: config.database.instances }, (_, i) => `${names.primaryCluster}-${i + 1}`);
    return {
        stackFile,
        stack,
        config,
        deployedPolicy: backupPolicy(deployed.backup, deployed.database),
        policy: backupPolicy(config.backup, config.database),
        names,
        instances,
        delayedInstance: `${names.delayedCluster}-1`,
        restoreInstance: `${config.database.restore.clusterName}-1`,
        bucket: config.kubernetes.s3Bucket || "fhir-backups",
    };
}

/**
 * What an instance lists as synchronous standbys: its peers, with the method and number the
 * database tier renders into the Cluster (`synchronousSettings`).
 */
export function synchronousNamesFor(settings: DrillSettings, instance: string): string {
    return synchronousStandbyNames(synchronousSettings(settings.config.database), peersOf(instance, settings.instances));
}

/** Where a cluster's archive lives, as the database tier lays it out: its ObjectStore path and barman server name. */
export function clusterArchive(settings: DrillSettings, base: ObjectStoreTarget, cluster: string): ClusterArchive {
    return { store: underPrefix(base, archivePrefix(cluster)), serverName: settings.names.serverName(cluster) };
}

export interface RestorePlan {
    /** The target as validated config holds it (RFC 3339). */
    targetTime: string;
    sourceCluster: string;
    restoreCluster: string;
    restoreInstance: string;
}

/**
 * The restore as the plan would render it for `database.restore.targetTime = target`: validated by
 * `validateConfig` (so the drill's target is a value operators may write) and named by
 * `databaseNames()` (the cluster whose archive is read and the new cluster that archives under its own name).
 */
export function restoreFor(settings: DrillSettings, targetTime: string): RestorePlan {
    const database = asObject(withDrillDelay(settings.stack.raw, DRILL_DELAY).database);
    const raw = { ...settings.stack.raw, database: { ...database, restore: { ...asObject(database.restore), enabled: true, targetTime } } };
    const config = validateConfig(raw, { region: settings.stack.region, secretsSet: settings.stack.secretsSet });
    const restoreCluster = databaseNames(config).restoreCluster!;
    return {
        targetTime: config.database.restore.targetTime,
        sourceCluster: config.database.restore.sourceCluster,
        restoreCluster,
        restoreInstance: `${restoreCluster}-1`,
    };
}

export interface MajorUpgradePlan {
    cluster: string;
    archivePrefix: string;
    fromMajor: number;
    toMajor: number;
    /** Barman server names before and after the upgrade (databaseNames() of the two configs). */
    oldGeneration: string;
    newGeneration: string;
    /** The rollback's new cluster (database.restore with sourceMajor = fromMajor). */
    restoreCluster: string;
}

/**
 * The stack upgraded to its next major, as the program would render it: the generations from
 * `databaseNames()` before and after, and the rollback restore validated by `validateConfig`
 * (restore.sourceMajor = the old major), so the drill uses names and a config operators can write.
 */
export function majorUpgradeFor(settings: DrillSettings): MajorUpgradePlan {
    const env = { region: settings.stack.region, secretsSet: settings.stack.secretsSet };
    const fromMajor = settings.config.database.postgresVersion;
    const toMajor = fromMajor + 1;
    const database = asObject(settings.stack.raw.database);
    const upgraded = validateConfig({ ...settings.stack.raw, database: { ...database, postgresVersion: toMajor } }, env);
    const rollback = validateConfig(
        { ...settings.stack.raw, database: { ...database, postgresVersion: toMajor, restore: { ...asObject(database.restore), enabled: true, sourceMajor: fromMajor } } },
        env,
    );
    const cluster = settings.names.primaryCluster;
    return {
        cluster,
        archivePrefix: archivePrefix(cluster),
        fromMajor,
        toMajor,
        oldGeneration: settings.names.serverName(cluster),
        newGeneration: databaseNames(upgraded).serverName(cluster),
        restoreCluster: databaseNames(rollback).restoreCluster!,
    };
}
