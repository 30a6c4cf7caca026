/**
 * The FHIR server tier: Aidbox or HAPI FHIR JPA server as a Deployment spread over zones and
 * hosts, a PodDisruptionBudget, a Service, and (Aidbox) the Secret every replica shares. It
 * knows only `@pulumi/kubernetes` and the database names it is given; the specs come from the
 * pure builders next to this file.
 */
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as policyv1 from "@pulumi/kubernetes/policy/v1";
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { PrivateKey } from "@pulumi/tls/privateKey";
import { FhirConfig } from "../config/types";
import { FHIR_SERVER_NAME, fhirPodLabels } from "../names";
import { aidboxSecretData, aidboxSecretName } from "./aidbox-secret";
import { endpointUrl, inClusterUrl } from "./endpoint";
import { ENGINE_PROFILES } from "./engines";
import { fhirPodSpec } from "./pod-spec";
import { validateFhirServerArgs } from "./validate";
import { deploymentSpec, disruptionBudgetSpec, serviceSpec } from "./workload";

export { probeTimings, secondsUntilAction } from "./probes";

export interface FhirDatabaseConnection {
    /** Secret CNPG generated for the app user (keys username, password, ...). */
    secretName: string;
    /** Read-write service of the active cluster. */
    host: string;
    dbname: string;
    /** Postgres port; default 5432. */
    port?: number;
}

export interface FhirServerArgs {
    namespace: pulumi.Input<string>;
    /** Validated `fhir` config: engine, image, replicas, resources, expose, baseUrl. */
    fhir: FhirConfig;
    /** Number of zones the cluster spans (checked; the replica default in config derives from it). */
    zoneCount: number;
    database: FhirDatabaseConnection;
    /** Aidbox license (secret). Without it Aidbox asks for activation in its UI. */
    aidboxLicense?: pulumi.Input<string>;
}

export class FhirServer extends pulumi.ComponentResource {
    /** URL of the FHIR API: in-cluster DNS name, or the load balancer's address when exposed. */
    public readonly endpoint: pulumi.Output<string>;
    /** Name of the Service in front of the pods. */
    public readonly serviceName: pulumi.Output<string>;

    constructor(name: string, args: FhirServerArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before super(): bad input must fail before anything is registered.
        validateFhirServerArgs(args);
        super("fhir-ha:fhir:FhirServer", name, {}, opts);
        const { fhir } = args;
        const profile = ENGINE_PROFILES[fhir.engine];
        const podLabels = fhirPodLabels(fhir.engine);
        const metadata = { name: FHIR_SERVER_NAME, namespace: args.namespace, labels: podLabels };

        const sharedSecret = fhir.engine === "aidbox" ? this.aidboxSecret(name, args) : undefined;

        const podSpec = fhirPodSpec({
            profile,
            image: fhir.image,
            resources: fhir.resources,
            podLabels,
            database: { ...args.database, port: args.database.port ?? 5432 },
            baseUrl: fhir.baseUrl,
            hasLicense: args.aidboxLicense !== undefined,
        });
        new appsv1.Deployment(
            `${name}-deployment`,
            { metadata, spec: deploymentSpec(fhir.replicas, podLabels, podSpec) },
            { parent: this, dependsOn: sharedSecret ? [sharedSecret] : [] },
        );

        const budget = disruptionBudgetSpec(fhir.replicas, podLabels);
        if (budget) new policyv1.PodDisruptionBudget(`${name}-pdb`, { metadata, spec: budget }, { parent: this });

        const service = new corev1.Service(`${name}-service`, { metadata, spec: serviceSpec(fhir.expose, podLabels) }, { parent: this });
        this.serviceName = service.metadata.name;
        this.endpoint =
            fhir.expose === "loadBalancer"
                ? pulumi
                      .all([service.metadata.name, service.metadata.namespace, service.status])
                      .apply(([svc, ns, status]) => endpointUrl(svc, ns, profile.fhirBasePath, status?.loadBalancer?.ingress))
                : pulumi.all([service.metadata.name, service.metadata.namespace]).apply(([svc, ns]) => inClusterUrl(svc, ns, profile.fhirBasePath));

        this.registerOutputs({ endpoint: this.endpoint, serviceName: this.serviceName });
    }

    /**
     * Generated once and kept in Pulumi state, so every replica (and every later rollout) gets
     * the same values. Not protected: regenerating them only signs users out and rotates the
     * admin credentials, which is also how to rotate them on purpose (`pulumi up --replace`).
     */
    private aidboxSecret(name: string, args: FhirServerArgs): corev1.Secret {
        const password = (role: string, length: number) =>
            new RandomPassword(`${name}-${role}`, { length, special: false }, { parent: this });
        // Aidbox documents RS256 keys as a 2048-bit RSA pair in PKCS#1 PEM, which is what
        // privateKeyPem holds for RSA keys.
        const signingKey = new PrivateKey(`${name}-auth-key`, { algorithm: "RSA", rsaBits: 2048 }, { parent: this });
        const data = aidboxSecretData({
            adminPassword: password("admin-password", 32).result,
            rootClientSecret: password("root-client-secret", 40).result,
            authPrivateKey: signingKey.privateKeyPem,
            authPublicKey: signingKey.publicKeyPem,
            // HS256 needs more than 32 bytes of secret; 48 alphanumerics carry about 285 bits.
            authSecret: password("auth-secret", 48).result,
            license: args.aidboxLicense,
        });
        return new corev1.Secret(
            `${name}-aidbox-secret`,
            {
                metadata: { name: aidboxSecretName(), namespace: args.namespace, labels: fhirPodLabels("aidbox") },
                type: "Opaque",
                stringData: data,
            },
            { parent: this },
        );
    }
}
