/**
 * The whole platform for one stack: the chosen cloud's cluster, the database tier and the FHIR
 * server tier. The cloud is loaded lazily in `initialize`, so a stack of one cloud never loads
 * another cloud's SDK.
 */
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as pulumi from "@pulumi/pulumi";
import { ConfigSecrets } from "../cloud/types";
import { FhirPlatformSettings } from "../config/settings";
import { FhirHaConfig } from "../config/types";
import { REGION_KEYS, validateConfig } from "../validation";
import { loadCloud } from "../clouds";
import { FhirDatabase } from "../database";
import { FhirServer } from "../fhir";
import { FhirMonitoring } from "../monitoring";
import { databaseNames } from "../names";

export interface FhirPlatformArgs {
    /**
     * The deployment's settings, in the shape of the `fhir-ha:` stack config (see
     * docs/configuration.md); omitted keys take their defaults. Validated, with every problem
     * reported at once, before any resource is registered.
     */
    config: FhirPlatformSettings;
    /** Secret settings (Aidbox license, S3 keys for the kubernetes target). */
    secrets?: ConfigSecrets;
}

/** Validates the settings; the region defaults to the provider's own config key. */
function validatedConfig(args: FhirPlatformArgs): FhirHaConfig {
    const settings = args.config as unknown as Record<string, unknown>;
    const regionKey = REGION_KEYS[args.config.cloud];
    const region = args.config.region || (regionKey ? pulumi.runtime.getConfig(regionKey) : undefined);
    const secretsSet = Object.entries(args.secrets ?? {})
        .filter(([, v]) => v !== undefined && v !== "")
        .map(([k]) => k);
    return validateConfig(settings, { region, secretsSet });
}

/**
 * Every given secret as a Pulumi secret. The component's inputs are recorded in the state, and a
 * value passed as a plain string (from another language's SDK, or a program that read it with
 * `config.get` rather than `getSecret`) would be stored there in clear text. The component
 * schema cannot carry the mark for callers: Pulumi's TypeScript component analyzer
 * (@pulumi/pulumi provider/experimental, schema.d.ts `Property`) has no `secret` field, so the
 * wrapping happens here, before the inputs are registered.
 */
export function secretInputs(secrets: ConfigSecrets | undefined): ConfigSecrets | undefined {
    if (secrets === undefined) return undefined;
    const wrapped: ConfigSecrets = {};
    for (const [key, value] of Object.entries(secrets) as [keyof ConfigSecrets, pulumi.Input<string> | undefined][]) {
        if (value !== undefined) wrapped[key] = pulumi.secret(value);
    }
    return wrapped;
}

interface PlatformOutputs {
    clusterName: pulumi.Output<string>;
    kubeconfig?: pulumi.Output<string>;
    backupBucket: pulumi.Output<string>;
    replicaArchiveURL: pulumi.Output<string>;
    fhirEndpoint: pulumi.Output<string>;
    databaseCluster: string;
}

/** Pod Security Admission: the namespace enforces the restricted profile on every pod in it. */
const RESTRICTED_NAMESPACE_LABELS = {
    "pod-security.kubernetes.io/enforce": "restricted",
    "pod-security.kubernetes.io/enforce-version": "latest",
    "pod-security.kubernetes.io/warn": "restricted",
};

export class FhirPlatform extends pulumi.ComponentResource<PlatformOutputs> {
    /** Kubernetes cluster name. */
    public readonly clusterName: pulumi.Output<string>;
    /** Kubeconfig for managed clusters (secret). */
    public readonly kubeconfig: pulumi.Output<string | undefined>;
    /** Backup bucket / container. */
    public readonly backupBucket: pulumi.Output<string>;
    /**
     * The copy of the archive in `backup.replica.region`, as a standby stack there sets it in
     * `database.standbyOf.archiveURL`; empty without a replica region.
     */
    public readonly replicaArchiveURL: pulumi.Output<string>;
    /** In-cluster URL (or load balancer address) of the FHIR server. */
    public readonly fhirEndpoint: pulumi.Output<string>;
    /** The CNPG Cluster the FHIR server writes to. */
    public readonly databaseCluster: pulumi.Output<string>;

    constructor(name: string, args: FhirPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        // Bad settings throw here, before this component or any child is registered.
        const config = validatedConfig(args);
        // Local components register no inputs; `initialize` receives these and builds the children.
        super("fhir-ha:index:FhirPlatform", name, { name, config, secrets: secretInputs(args.secrets) } as pulumi.Inputs, opts);
        // Each output from its own field: lifting the whole data object would make every output
        // secret as soon as one of them (the kubeconfig) is.
        const data = this.getData();
        this.clusterName = pulumi.output(data.then((d) => d.clusterName));
        this.kubeconfig = pulumi.secret(pulumi.output(data.then((d) => d.kubeconfig)));
        this.backupBucket = pulumi.output(data.then((d) => d.backupBucket));
        this.replicaArchiveURL = pulumi.output(data.then((d) => d.replicaArchiveURL));
        this.fhirEndpoint = pulumi.output(data.then((d) => d.fhirEndpoint));
        this.databaseCluster = pulumi.output(data.then((d) => d.databaseCluster));
    }

    protected async initialize(inputs: pulumi.Inputs): Promise<PlatformOutputs> {
        const { name, secrets, ...validated } = inputs as { name: string; config: FhirHaConfig; secrets?: ConfigSecrets };
        const cloud = await loadCloud(validated.config.cloud);
        // Zones are resolved (and explicit ones checked against the region) before any of the
        // cloud's resources exist; from here on they are plain names.
        const config = { ...validated.config, zoneNames: await cloud.resolveZones(validated.config, { parent: this }) };
        const names = databaseNames(config);
        const target = new cloud.Cluster(
            `${name}-${config.cloud}`,
            { config, backupServiceAccounts: names.backupServiceAccounts, secrets },
            { parent: this },
        );
        const tierOpts = { parent: this, providers: [target.provider] };
        const namespace = new corev1.Namespace(
            `${name}-namespace`,
            { metadata: { name: config.namespace, labels: RESTRICTED_NAMESPACE_LABELS } },
            { parent: this, provider: target.provider, dependsOn: target.clusterReady },
        );
        const database = new FhirDatabase(
            `${name}-database`,
            { config, target, namespace: namespace.metadata.name },
            { ...tierOpts, dependsOn: [namespace] },
        );
        const server = new FhirServer(
            `${name}-server`,
            {
                namespace: namespace.metadata.name,
                fhir: config.fhir,
                zoneCount: config.zoneCount,
                // CNPG's CA Secret of the active cluster (`<cluster>-ca`, cloudnative-pg api/v1
                // GetServerCASecretName): the pods verify the server against it.
                database: { secretName: names.appSecret, host: names.rwService, dbname: names.appDatabase, caSecretName: `${names.activeCluster}-ca` },
                aidboxLicense: secrets?.aidboxLicense,
                // The Job that completes once cert-manager's webhook admits Certificates.
                certManagerReady: database.certManagerReady,
                standby: database.standby,
            },
            { ...tierOpts, dependsOn: database.fhirReady },
        );
        // After both tiers: the operators' namespaces and the pods it scrapes exist by then.
        if (config.monitoring.mode !== "none") {
            new FhirMonitoring(
                `${name}-monitoring`,
                { config, target, namespace: namespace.metadata.name },
                { ...tierOpts, dependsOn: [database, server] },
            );
        }
        const outputs: PlatformOutputs = {
            clusterName: target.clusterName,
            kubeconfig: target.kubeconfig,
            backupBucket: target.backupBucket,
            replicaArchiveURL: target.replicaArchiveURL,
            fhirEndpoint: server.endpoint,
            databaseCluster: names.activeCluster,
        };
        // The SDK registers *empty* outputs once `initialize` returns (and ignores later calls):
        // register the real ones first, so the component's outputs are in the state.
        this.registerOutputs({ ...outputs, kubeconfig: outputs.kubeconfig ? pulumi.secret(outputs.kubeconfig) : undefined });
        return outputs;
    }
}
