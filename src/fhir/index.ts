/**
 * The FHIR server tier: Aidbox or HAPI FHIR JPA server as a Deployment spread over zones and
 * hosts, a PodDisruptionBudget, a Service, a NetworkPolicy that admits only the exposure path
 * and the client namespaces, (gateway) an HTTPS Gateway with its route and certificate, and
 * (Aidbox) the Secret every replica shares. It knows only `@pulumi/kubernetes` and the database
 * names it is given; the specs come from the pure builders next to this file.
 */
import { createHash } from "node:crypto";
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as networkingv1 from "@pulumi/kubernetes/networking/v1";
import * as policyv1 from "@pulumi/kubernetes/policy/v1";
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { PrivateKey } from "@pulumi/tls/privateKey";
import { parseDuration } from "../config/duration";
import { FhirConfig } from "../config/types";
import { FHIR_SERVER_NAME, fhirPodLabels, UNAUTHENTICATED_EXPOSURE_ANNOTATION } from "../names";
import { aidboxSecretData, aidboxSecretName } from "./aidbox-secret";
import { inClusterUrl } from "./endpoint";
import { ENGINE_PROFILES } from "./engines";
import { DEFAULT_JDBC_SOCKET_TIMEOUT_SECONDS } from "./env";
import {
    ACME_ISSUER,
    acmeIssuerSpec,
    CERT_MANAGER_API_VERSION,
    certificateSpec,
    GATEWAY_API_VERSION,
    gatewaySpec,
    hostOf,
    httpRouteSpec,
    tlsSecretName,
} from "./gateway";
import { fhirNetworkPolicySpec } from "./network-policy";
import { isExposed } from "./policy";
import { fhirPodSpec } from "./pod-spec";
import { DEFAULT_STARTUP_SECONDS } from "./probes";
import { rolloutDeadlines } from "./rollout";
import { validateFhirServerArgs } from "./validate";
import { deploymentSpec, disruptionBudgetSpec, serviceSpec } from "./workload";

export { metricsEndpoint, MetricsEndpoint } from "./metrics";
export { probeTimings, secondsUntilAction } from "./probes";

/** Pod-template annotation holding the SHA-256 of the Secret data the pods read. */
export const SECRET_CHECKSUM_ANNOTATION = "fhir-ha.io/secret-checksum";

/** SHA-256 over a Secret's data in key order: equal data, equal checksum. */
export function secretChecksum(data: Record<string, string | undefined>): string {
    const canonical = JSON.stringify(Object.keys(data).sort().map((k) => [k, data[k] ?? null]));
    return createHash("sha256").update(canonical).digest("hex");
}

/** The origins CORS allows: the configured ones, or the origin of the base URL alone. */
export function corsOriginsFor(fhir: Pick<FhirConfig, "corsOrigins" | "baseUrl">): string[] {
    if (fhir.corsOrigins && fhir.corsOrigins.length > 0) return fhir.corsOrigins.map((o) => o.replace(/\/$/, ""));
    return [new URL(fhir.baseUrl).origin];
}

export interface FhirDatabaseConnection {
    /** Secret CNPG generated for the app user (keys username, password, ...). */
    secretName: string;
    /** Read-write service of the active cluster. */
    host: string;
    dbname: string;
    /** Postgres port; default 5432. */
    port?: number;
    /**
     * Secret with the CA of the server certificate (CNPG's `<cluster>-ca`); when given, both
     * engines verify the server's certificate and host name (sslmode=verify-full).
     */
    caSecretName?: string;
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
    /**
     * Resources that must be ready before cert-manager can sign: the Issuer and Certificate of
     * `fhir.expose = gateway` depend on them. The platform passes the database tier's
     * `certManagerReady` (today the cert-manager chart).
     */
    certManagerReady?: pulumi.Input<pulumi.Resource>[];
    /**
     * The database is a standby of another region's (FhirDatabase.standby): nothing may write to
     * it, so the Deployment runs no pods until promotion. Its PodDisruptionBudget stays (one pod at
     * a time may go; with none there is nothing it could block) and nothing scales it up.
     */
    standby?: boolean;
}

export class FhirServer extends pulumi.ComponentResource {
    /** URL of the FHIR API: the in-cluster DNS name, or `<fhir.baseUrl>/fhir` behind the gateway. */
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

        const shared = fhir.engine === "aidbox" ? this.aidboxSecret(name, args) : undefined;
        const sharedSecret = shared?.secret;

        const startupSeconds = parseDuration(fhir.startupTimeout ?? "") ?? DEFAULT_STARTUP_SECONDS;
        const deadlines = rolloutDeadlines(fhir.replicas, startupSeconds);
        const podSpec = fhirPodSpec({
            profile,
            image: fhir.image,
            resources: fhir.resources,
            podLabels,
            database: { ...args.database, port: args.database.port ?? 5432 },
            baseUrl: fhir.baseUrl,
            hasLicense: args.aidboxLicense !== undefined,
            corsOrigins: corsOriginsFor(fhir),
            poolSize: fhir.poolSize,
            dbSocketTimeoutSeconds: parseDuration(fhir.dbSocketTimeout ?? "") ?? DEFAULT_JDBC_SOCKET_TIMEOUT_SECONDS,
            startupSeconds,
            extraEnv: fhir.extraEnv ?? [],
        });
        // A changed key, password or license changes the pod template, so the pods roll and
        // read it (environment variables are only read at start). The hash of random values
        // reveals nothing about them, so it is shown in diffs rather than kept secret.
        const checksum = shared ? { [SECRET_CHECKSUM_ANNOTATION]: shared.checksum } : undefined;
        // Recorded on the Deployment (not the pods: no rollout) so the checklist can tell a
        // declared authentication layer from an accident (rule fhir-hapi-authentication).
        const waiver =
            fhir.engine === "hapi" && isExposed(fhir.expose) && fhir.hapi?.allowUnauthenticated
                ? { annotations: { [UNAUTHENTICATED_EXPOSURE_ANNOTATION]: "accepted" } }
                : {};
        new appsv1.Deployment(
            `${name}-deployment`,
            { metadata: { ...metadata, ...waiver }, spec: deploymentSpec(args.standby ? 0 : fhir.replicas, podLabels, podSpec, checksum, deadlines.progressDeadlineSeconds) },
            // Pulumi's await (10 minutes by default) must outlast a serial rollout of slow starts.
            { parent: this, dependsOn: sharedSecret ? [sharedSecret] : [], customTimeouts: deadlines.customTimeouts },
        );

        const budget = disruptionBudgetSpec(fhir.replicas, podLabels);
        if (budget) new policyv1.PodDisruptionBudget(`${name}-pdb`, { metadata, spec: budget }, { parent: this });

        const service = new corev1.Service(`${name}-service`, { metadata, spec: serviceSpec(podLabels) }, { parent: this });
        this.serviceName = service.metadata.name;

        new networkingv1.NetworkPolicy(
            `${name}-network-policy`,
            {
                metadata,
                spec: fhirNetworkPolicySpec({
                    podLabels,
                    clientNamespaces: fhir.clientNamespaces ?? [],
                    exposureNamespaces: fhir.expose === "gateway" ? fhir.gateway.sourceNamespaces : [],
                    exposureCidrs: fhir.expose === "gateway" ? fhir.gateway.sourceCidrs : [],
                }),
            },
            { parent: this },
        );

        if (fhir.expose === "gateway") this.gateway(name, args, service);

        const fhirUrl = `${fhir.baseUrl.replace(/\/+$/, "")}${profile.fhirBasePath}`;
        this.endpoint =
            fhir.expose === "gateway"
                ? pulumi.output(fhirUrl)
                : pulumi.all([service.metadata.name, service.metadata.namespace]).apply(([svc, ns]) => inClusterUrl(svc, ns, profile.fhirBasePath));

        this.registerOutputs({ endpoint: this.endpoint, serviceName: this.serviceName });
    }

    /** The HTTPS Gateway, its route to the Service and, with ACME, the Issuer and Certificate. */
    private gateway(name: string, args: FhirServerArgs, service: corev1.Service): void {
        const { fhir } = args;
        const hostname = hostOf(fhir.baseUrl);
        const metadata = { name: FHIR_SERVER_NAME, namespace: args.namespace, labels: fhirPodLabels(fhir.engine) };
        const acme = fhir.tls.issuer === "acme";
        // cert-manager must be able to sign before these exist; named so the platform can point
        // it at a stronger wait (the CA-injection of cert-manager's webhook) without a change here.
        const afterCertManager = { parent: this, dependsOn: args.certManagerReady ?? [] };
        const signing: pulumi.Resource[] = [];
        if (acme) {
            const issuer = new apiextensions.CustomResource(
                `${name}-acme-issuer`,
                {
                    apiVersion: CERT_MANAGER_API_VERSION,
                    kind: "Issuer",
                    metadata: { ...metadata, name: ACME_ISSUER },
                    spec: pulumi.output(args.namespace).apply((namespace) =>
                        acmeIssuerSpec({ server: fhir.tls.acmeServer, email: fhir.tls.acmeEmail, gatewayName: FHIR_SERVER_NAME, namespace }),
                    ),
                },
                afterCertManager,
            );
            const certificate = new apiextensions.CustomResource(
                `${name}-certificate`,
                { apiVersion: CERT_MANAGER_API_VERSION, kind: "Certificate", metadata, spec: certificateSpec(hostname) },
                { ...afterCertManager, dependsOn: [...(args.certManagerReady ?? []), issuer] },
            );
            signing.push(issuer, certificate);
        }
        const gateway = new apiextensions.CustomResource(
            `${name}-gateway`,
            {
                apiVersion: GATEWAY_API_VERSION,
                kind: "Gateway",
                metadata,
                spec: gatewaySpec({ hostname, className: fhir.gateway.className, issuer: fhir.tls.issuer, tlsSecretName: tlsSecretName(fhir.tls.issuer, fhir.tls.secretName) }),
            },
            { parent: this },
        );
        new apiextensions.CustomResource(
            `${name}-route`,
            { apiVersion: GATEWAY_API_VERSION, kind: "HTTPRoute", metadata, spec: httpRouteSpec(hostname, FHIR_SERVER_NAME, FHIR_SERVER_NAME, ENGINE_PROFILES[fhir.engine].routedPath, fhir.gateway.authFilter ?? "") },
            { parent: this, dependsOn: [gateway, service, ...signing] },
        );
    }

    /**
     * Generated once and kept in Pulumi state, so every replica (and every later rollout) gets
     * the same values. Not protected: regenerating them only signs users out and rotates the
     * admin credentials, which is also how to rotate them on purpose (`pulumi up --replace`).
     */
    private aidboxSecret(name: string, args: FhirServerArgs): { secret: corev1.Secret; checksum: pulumi.Output<string> } {
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
        const secret = new corev1.Secret(
            `${name}-aidbox-secret`,
            {
                metadata: { name: aidboxSecretName(), namespace: args.namespace, labels: fhirPodLabels("aidbox") },
                type: "Opaque",
                stringData: data,
            },
            { parent: this },
        );
        // From the values given, not from the Secret's outputs (which the provider may not echo).
        const checksum = pulumi.unsecret(pulumi.all(data).apply((d) => secretChecksum(d as Record<string, string>)));
        return { secret, checksum };
    }
}
